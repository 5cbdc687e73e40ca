"""The change of a template (workflows/template_change.py): a lawyer proposes, a manager
approves or returns, the version is current from the approval."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from viewflow.workflow.status import STATUS

from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER
from audit.models import AuditEvent
from core.errors import ApplicationError
from documents import storage
from documents.models import TemplateDecision, TemplateVersion
from documents.registry import get_spec
from documents.services import current_template_version, issue_document, sample_context
from tests.subscribers.factories import ConsumerFactory
from workflows.models import TemplateChangeProcess
from workflows.template_change import TemplateChangeFlow as Flow

from .conftest import complete_view_task, open_task, start_view_flow

FLOW = "document_flows:flows:templatechange"
V = get_spec("common.letter").version  # the repository's version: the first stored on a fresh database
OLD_WORDING, NEW_WORDING = "Приложение:", "Приложения к письму:"


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL, first_name="Ольга", last_name="Юрьева")


@pytest.fixture
def other_lawyer(make_user):
    return make_user(LEGAL, first_name="Павел", last_name="Законов")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова")


@pytest.fixture
def admin(make_user):
    return make_user(ADMINISTRATOR)


def edited_in_word(code: str, old: str, new: str) -> bytes:
    """The committed file of a template edited the way Word does: the paragraph's run
    rewritten in place (python-docx on the file itself, not the build script)."""
    document = Document(str(get_spec(code).file))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if old in run.text]
    assert runs, f"«{old}» is not in {code}"
    for run in runs:
        run.text = run.text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def issue_letter(actor):
    context = sample_context(get_spec("common.letter"))
    context.pop("document")
    return issue_document(template="common.letter", context=context, subject=ConsumerFactory(), actor=actor)


def execute_url(process, node):
    task = open_task(process, node)
    return task, reverse(f"{FLOW}:{node.name}:execute", kwargs={"process_pk": process.pk, "task_pk": task.pk})


def take(client, process, node):
    task = open_task(process, node)
    url = reverse(f"{FLOW}:{node.name}:assign", kwargs={"process_pk": process.pk, "task_pk": task.pk})
    assert client.post(url).status_code == 302


def propose_through_page(client, content: bytes, reason="Приложения перечисляются во множественном числе"):
    return client.post(reverse(f"{FLOW}:propose:execute"), {
        "template": "common.letter", "reason": reason,
        "file": SimpleUploadedFile("letter.docx", content),
    })


def test_a_word_edit_uploaded_by_a_lawyer_and_approved_reaches_documents_issued_after(client, lawyer, manager):
    """The issue's done-when: edited in Word, uploaded as a lawyer, approved as a manager;
    a document issued afterwards carries the new wording, an earlier one keeps the old."""
    # given a letter issued with the repository's version
    before = issue_letter(manager)
    assert OLD_WORDING in docx_text(storage.read(before.storage_name))
    # when a lawyer uploads the template edited in Word, with the reason
    client.force_login(lawyer)
    response = propose_through_page(client, edited_in_word("common.letter", OLD_WORDING, NEW_WORDING))
    assert response.status_code == 302, response.content.decode()[:2000]
    process = TemplateChangeProcess.objects.get(flow_class=Flow)
    proposal = process.artifact
    assert (proposal.source, proposal.uploaded_by, proposal.version) == (TemplateVersion.Source.UPLOAD, lawyer, V + 1)
    # then it is not current while it waits for the manager
    assert current_template_version(code="common.letter").version == V
    assert OLD_WORDING in docx_text(storage.read(issue_letter(manager).storage_name))
    # when the manager opens the review (links to the template pages) and approves
    client.force_login(manager)
    take(client, process, Flow.review)
    _task, url = execute_url(process, Flow.review)
    page = client.get(url).content.decode()
    assert reverse("documents:templates:detail", kwargs={"code": "common.letter"}) in page
    assert f"?version={V + 1}&amp;format=pdf" in page
    assert client.post(url, {"decision": "approve", "comment": ""}).status_code == 302
    # then the flow has ended approved and the version is current from the approval
    process.refresh_from_db()
    assert process.status == STATUS.DONE
    assert process.task_set.filter(flow_task=Flow.approved).exists()
    assert current_template_version(code="common.letter") == proposal
    after = issue_letter(manager)
    assert (after.template_version, after.template) == (V + 1, proposal)
    assert NEW_WORDING in docx_text(storage.read(after.storage_name))
    # and the earlier document keeps its version and its wording
    before.refresh_from_db()
    assert before.template.version == V
    text = docx_text(storage.read(before.storage_name))
    assert OLD_WORDING in text and NEW_WORDING not in text
    assert AuditEvent.objects.filter(action="template.version_approved", actor=manager).count() == 1


def test_a_returned_proposal_goes_back_to_its_lawyer_who_uploads_a_corrected_file(lawyer, manager):
    from documents.services import propose_template_version, review_template_version, revise_template_version

    def propose(activation):
        activation.process.artifact = propose_template_version(
            code="common.letter", content=edited_in_word("common.letter", OLD_WORDING, "Приложенья:"),
            reason="правка", actor=lawyer,
        )

    process = TemplateChangeProcess.objects.get(pk=start_view_flow(Flow.propose, lawyer, propose).pk)
    first = process.artifact
    # the manager returns it with a comment
    complete_view_task(open_task(process, Flow.review), manager, lambda a: review_template_version(
        version=a.process.artifact, approve=False, comment="Опечатка: «Приложенья»", actor=manager))
    revise = open_task(process, Flow.revise)
    assert revise.owner == lawyer  # back to the lawyer who proposed
    assert current_template_version(code="common.letter").version == V

    def correct(activation):
        corrected = revise_template_version(
            version=activation.process.artifact, content=edited_in_word("common.letter", OLD_WORDING, NEW_WORDING),
            reason="исправлена опечатка", actor=lawyer,
        )
        activation.process.artifact = corrected
        activation.process.save()

    complete_view_task(revise, lawyer, correct)
    process.refresh_from_db()
    second = process.artifact
    assert second.version == V + 2 and first.decisions.get().kind == TemplateDecision.Kind.RETURNED
    complete_view_task(open_task(process, Flow.review), manager, lambda a: review_template_version(
        version=a.process.artifact, approve=True, comment="", actor=manager))
    assert current_template_version(code="common.letter") == second
    process.refresh_from_db()
    assert process.status == STATUS.DONE


def test_a_returned_proposal_may_be_withdrawn_and_the_template_stays(client, lawyer, manager):
    client.force_login(lawyer)
    assert propose_through_page(client, edited_in_word("common.letter", OLD_WORDING, NEW_WORDING)).status_code == 302
    process = TemplateChangeProcess.objects.get(flow_class=Flow)
    client.force_login(manager)
    take(client, process, Flow.review)
    _task, url = execute_url(process, Flow.review)
    # returning needs a comment
    refused = client.post(url, {"decision": "return", "comment": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["comment"]
    assert client.post(url, {"decision": "return", "comment": "Не меняйте приложение"}).status_code == 302
    # the lawyer sees the manager's comment and withdraws
    client.force_login(lawyer)
    _task, url = execute_url(process, Flow.revise)
    assert "Не меняйте приложение" in client.get(url).content.decode()
    assert client.post(url, {"decision": "withdraw", "reason": "согласен"}).status_code == 302
    process.refresh_from_db()
    assert process.status == STATUS.DONE and process.task_set.filter(flow_task=Flow.withdrawn).exists()
    assert process.artifact.decisions.order_by("-pk").first().kind == TemplateDecision.Kind.WITHDRAWN
    assert current_template_version(code="common.letter").version == V


def test_a_file_the_checks_refuse_starts_no_flow(client, lawyer):
    from tests.documents.conftest import make_docx

    client.force_login(lawyer)
    response = propose_through_page(client, make_docx("{{ heading }}", "{{ debt_total }}"))
    assert response.status_code == 200
    assert "debt_total" in str(response.context["form"].errors["file"])
    assert not TemplateChangeProcess.objects.exists()
    assert not TemplateVersion.objects.filter(source=TemplateVersion.Source.UPLOAD).exists()


def test_only_legal_staff_start_it_and_only_managers_review(lawyer, manager, admin):
    assert Flow.propose.can_execute(lawyer)
    assert not Flow.propose.can_execute(manager)
    assert not Flow.propose.can_execute(admin)
    from documents.services import approve_template_version, propose_template_version

    version = propose_template_version(code="common.letter", content=edited_in_word("common.letter", OLD_WORDING, NEW_WORDING),
                                       reason="правка", actor=lawyer)
    for actor in (lawyer, admin):
        with pytest.raises(ApplicationError) as exc:
            approve_template_version(version=version, actor=actor)
        assert exc.value.code == "permission_denied"
    with pytest.raises(ApplicationError) as exc:
        propose_template_version(code="common.letter", content=b"x", reason="правка", actor=manager)
    assert exc.value.code == "permission_denied"


def test_the_review_page_lists_the_proposal_variables_with_their_meanings(client, lawyer, manager):
    """The flow's pages show the proposal's variables as a list of names with the manifest's
    meanings, never a Python list (``['addressee', …]``)."""
    client.force_login(lawyer)
    propose_through_page(client, edited_in_word("common.letter", OLD_WORDING, NEW_WORDING))
    process = TemplateChangeProcess.objects.get(flow_class=Flow)
    client.force_login(manager)
    take(client, process, Flow.review)
    _task, url = execute_url(process, Flow.review)
    help_ = get_spec("common.letter").help
    for page_url in (url, reverse(f"{FLOW}:process_detail", kwargs={"process_pk": process.pk})):
        page = client.get(page_url).content.decode()
        assert "[&#x27;" not in page and "['" not in page, page_url
        assert 'id="proposal-variables"' in page
        assert f'<li data-variable="addressee"><code>addressee</code> — {help_["addressee"]}</li>' in page.replace("&quot;", '"')
        # who uploaded it: by name, not by login
        assert "Загрузил</th>\n              <td>Юрьева Ольга</td>" in page
