"""Who may open the pages of the "Документы" application (see tests/accounts/matrix.py).

The archive: every role (the sample document's subject is a consumer, whose view
permission every role holds; which documents a user may open is decided per subject, see
tests/documents/test_views.py). Templates: every role sees them, the sample (DOCX, PDF
pages), the raw DOCX of a version and the comparison of two versions; only administrators
upload (POST); managers and administrators choose between the repository's file and an
uploaded version (lawyers propose versions through the change flow, see
tests/workflows/role_matrix.py).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, MANAGER
from tests.accounts.matrix import EVERY_ROLE, Access

ADMINS = {ADMINISTRATOR}


def samples(world):
    from documents.models import PdfRendition
    from documents.registry import get_spec
    from documents.services import current_template_version, issue_document, sample_context, upload_template_version
    from tests.documents.conftest import make_docx
    from tests.subscribers.factories import ConsumerFactory

    user = world.sample(get_user_model())
    context = sample_context(get_spec("common.letter"))
    context.pop("document")
    world.document = issue_document(template="common.letter", context=context, subject=ConsumerFactory(), actor=user)
    current_template_version(code="common.notice")
    # a second version of the notice, so that two versions can be compared
    upload_template_version(
        code="common.notice", content=make_docx("{{ heading }}"), actor=world.users[ADMINISTRATOR], comment="матрица ролей"
    )
    # a PDF already archived, so that the "convert again" button is refused without writing
    PdfRendition.objects.create(
        document=world.document, status=PdfRendition.Status.DONE, storage_name=f"pdf/matrix-{world.document.pk}.pdf",
        sha256="0" * 64, size=1, created_at=timezone.now(),
    )


def document(w):
    return {"pk": w.document.pk}


ACCESS = [
    Access("documents:index", allowed=EVERY_ROLE, note="the application's start redirects to the archive"),
    Access("documents:archive:index", allowed=EVERY_ROLE),
    Access("documents:archive:list", allowed=EVERY_ROLE),
    Access("documents:archive:detail", allowed=EVERY_ROLE, kwargs=document),
    Access("documents:archive:file", allowed=EVERY_ROLE, kwargs=lambda w: {"pk": w.document.pk, "kind": "docx"}),
    Access("documents:archive:request_pdf", allowed=EVERY_ROLE, kwargs=document, methods=("POST",),
           note="the PDF is already archived: refused with a message, nothing written"),
    Access("documents:templates:index", allowed=EVERY_ROLE),
    Access("documents:templates:detail", allowed=EVERY_ROLE, post_allowed=ADMINS,
           kwargs=lambda w: {"code": "common.letter"}, note="an empty upload form answers 200 with its errors"),
    Access("documents:templates:choice", allowed={MANAGER, ADMINISTRATOR}, kwargs=lambda w: {"code": "common.notice"},
           methods=("POST",), note="no divergence in the sample: refused with a message, a redirect"),
    Access("documents:templates:preview", allowed=EVERY_ROLE, kwargs=lambda w: {"code": "common.notice"}),
    Access("documents:templates:download", allowed=EVERY_ROLE, kwargs=lambda w: {"code": "common.notice"},
           note="the raw DOCX of the current version, an audit event"),
    Access("documents:templates:pages", allowed=EVERY_ROLE, kwargs=lambda w: {"code": "common.notice"},
           note="the sample's pages (drawn once, then cached)"),
    Access("documents:templates:page", allowed=EVERY_ROLE, kwargs=lambda w: {"code": "common.notice", "version": 2, "page": 1}),
    Access("documents:templates:compare", allowed=EVERY_ROLE, kwargs=lambda w: {"code": "common.notice"},
           note="versions 1 and 2 compared"),
]
