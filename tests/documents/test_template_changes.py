"""Template versions under approval (docs/documents.md, «Изменение шаблона»): the current
version is the latest approved one, a proposal never is; the repository's file and an
uploaded version that diverge are shown and chosen between explicitly."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER
from audit.models import AuditEvent
from core.errors import ApplicationError
from documents import registry
from documents.models import TemplateDecision, TemplateVersion
from documents.selectors import template_divergence
from documents.services import (
    approve_template_version,
    current_template_version,
    keep_uploaded_version,
    propose_template_version,
    return_template_version,
    take_repository_version,
    upload_template_version,
    withdraw_template_version,
)

from .conftest import make_docx

CODE = "common.letter"
V = registry.get_spec(CODE).version  # the repository's version: the first one stored on a fresh database


def letter(*extra: str) -> bytes:
    return make_docx("{{ heading }}", "{% for p in paragraphs %}{{ p }}{% endfor %}", "{{ signer.name }}", *extra)


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL)


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER)


@pytest.fixture
def admin(make_user):
    return make_user(ADMINISTRATOR)


@pytest.fixture
def repository(db, settings, tmp_path):
    """A copy of doc_templates/ the test may change as a commit would: ``commit(content)``
    writes common.letter's file and bumps its manifest version."""
    root = tmp_path / "doc_templates"
    shutil.copytree(django_settings.BASE_DIR / "doc_templates", root)
    settings.DOC_TEMPLATES_DIR = root
    registry.manifest.cache_clear()

    def commit(content: bytes) -> int:
        (root / "common" / "letter.docx").write_bytes(content)
        manifest = root / "manifest.toml"
        text = manifest.read_text(encoding="utf-8")
        block = re.search(r'code = "common\.letter".*?\nversion = (\d+)\nsha256 = "(\w+)"\nhistory = \[(.*?)\]\n', text, re.S)
        version, digest = int(block.group(1)) + 1, hashlib.sha256(content).hexdigest()
        history = f'{block.group(3)}, {{ version = {version}, sha256 = "{digest}" }}'
        entry = f'{version}\nsha256 = "{digest}"\nhistory = [{history}]\n'
        manifest.write_text(text[: block.start(1)] + entry + text[block.end(3) + 2:], encoding="utf-8")
        registry.manifest.cache_clear()
        return version

    yield commit
    registry.manifest.cache_clear()


def test_a_proposal_is_never_current_until_a_manager_approves_it(lawyer, manager):
    proposal = propose_template_version(code=CODE, content=letter("Новое"), reason="редакция 2026", actor=lawyer)
    assert (proposal.version, proposal.comment) == (V + 1, "редакция 2026")
    assert current_template_version(code=CODE).version == V
    decision = approve_template_version(version=proposal, actor=manager, comment="согласовано")
    assert decision.kind == TemplateDecision.Kind.APPROVED and decision.decided_by == manager
    assert current_template_version(code=CODE) == proposal
    event = AuditEvent.objects.get(action="template.version_approved", actor=manager)
    assert event.data["version"] == V + 1


def test_a_proposal_needs_a_reason_and_one_waits_at_a_time(lawyer):
    with pytest.raises(ApplicationError) as exc:
        propose_template_version(code=CODE, content=letter(), reason="  ", actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("required", "reason")
    propose_template_version(code=CODE, content=letter(), reason="первая", actor=lawyer)
    with pytest.raises(ApplicationError) as exc:
        propose_template_version(code=CODE, content=letter("x"), reason="вторая", actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("proposal_pending", "file")


def test_a_proposal_runs_the_upload_checks(lawyer):
    with pytest.raises(ApplicationError) as exc:
        propose_template_version(code=CODE, content=make_docx("{{ debt_total }}"), reason="правка", actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("unknown_variable", "file")
    assert not TemplateVersion.objects.filter(source=TemplateVersion.Source.UPLOAD).exists()


def test_returned_then_withdrawn_and_decisions_in_order(lawyer, manager):
    proposal = propose_template_version(code=CODE, content=letter(), reason="правка", actor=lawyer)
    with pytest.raises(ApplicationError) as exc:
        withdraw_template_version(version=proposal, actor=lawyer)  # only a returned proposal
    assert (exc.value.code, exc.value.field) == ("invalid_state", "template")
    with pytest.raises(ApplicationError) as exc:
        return_template_version(version=proposal, actor=manager, comment="")
    assert (exc.value.code, exc.value.field) == ("required", "comment")
    return_template_version(version=proposal, actor=manager, comment="исправьте подпись")
    with pytest.raises(ApplicationError) as exc:
        approve_template_version(version=proposal, actor=manager)  # returned: no longer awaits approval
    assert exc.value.code == "invalid_state"
    withdraw_template_version(version=proposal, actor=lawyer, comment="не нужно")
    assert list(proposal.decisions.order_by("pk").values_list("kind", flat=True)) == ["returned", "withdrawn"]
    assert current_template_version(code=CODE).version == V


def test_a_proposal_overtaken_by_a_later_current_version_is_not_approved(lawyer, manager, admin):
    proposal = propose_template_version(code=CODE, content=letter(), reason="правка", actor=lawyer)
    later = upload_template_version(code=CODE, content=letter("срочно"), actor=admin)
    with pytest.raises(ApplicationError) as exc:
        approve_template_version(version=proposal, actor=manager)
    assert (exc.value.code, exc.value.field) == ("stale_proposal", "template")
    assert current_template_version(code=CODE) == later
    return_template_version(version=proposal, actor=manager, comment="перенесите правку в версию 3")


def test_an_administrators_upload_is_approved_at_once_and_audited(admin):
    version = upload_template_version(code=CODE, content=letter(), actor=admin, comment="срочно")
    assert current_template_version(code=CODE) == version
    assert version.decisions.get().decided_by == admin
    assert AuditEvent.objects.filter(action="template.version_approved", actor=admin).exists()


def test_a_repository_change_is_followed_while_the_repository_version_is_current(repository):
    first = current_template_version(code=CODE)
    version = repository(letter("Из репозитория"))
    second = current_template_version(code=CODE)
    assert (second.version, second.source) == (V + 1, TemplateVersion.Source.MANIFEST)
    assert second.comment == f"Версия {version} манифеста"
    assert second != first
    assert template_divergence(registry.get_spec(CODE)) is None


def test_a_repository_bump_does_not_silently_replace_or_hide_behind_an_uploaded_version(repository, admin, manager):
    # given an uploaded version V + 1 is current
    current_template_version(code=CODE)
    uploaded = upload_template_version(code=CODE, content=letter("Загружено"), actor=admin)
    assert template_divergence(registry.get_spec(CODE)).repository_newer is False  # the upload is newer
    # when the repository's file is changed and bumped to version V + 1 — the uploaded one's number
    assert repository(letter("Из репозитория")) == V + 1
    # then the uploaded version stays current (nothing is replaced silently) and the divergence shows
    assert current_template_version(code=CODE) == uploaded
    divergence = template_divergence(registry.get_spec(CODE))
    assert divergence.repository_newer and divergence.current == uploaded and divergence.manifest_version == V + 1
    # when a manager takes the repository's version
    take_repository_version(code=CODE, actor=manager, comment="правка из репозитория")
    taken = current_template_version(code=CODE)
    # then it is the repository's file, under a number of its own (not the upload's V + 1)
    assert (taken.version, taken.source) == (V + 2, TemplateVersion.Source.MANIFEST)
    assert taken.sha256 == registry.file_sha256(registry.get_spec(CODE))
    assert template_divergence(registry.get_spec(CODE)) is None
    assert AuditEvent.objects.filter(action="template.version_approved", actor=manager).count() == 1
    with pytest.raises(ApplicationError) as exc:
        take_repository_version(code=CODE, actor=manager)
    assert (exc.value.code, exc.value.field) == ("not_diverged", "template")


def test_keeping_the_uploaded_version_is_recorded_until_the_repository_changes_again(repository, admin, manager):
    current_template_version(code=CODE)
    uploaded = upload_template_version(code=CODE, content=letter("Загружено"), actor=admin)
    repository(letter("Из репозитория"))
    keep_uploaded_version(code=CODE, actor=manager)
    assert current_template_version(code=CODE) == uploaded
    divergence = template_divergence(registry.get_spec(CODE))
    assert divergence.kept.decided_by == manager and divergence.kept.kind == TemplateDecision.Kind.KEPT_UPLOAD
    assert AuditEvent.objects.filter(action="template.upload_kept", actor=manager).exists()
    # another commit: the choice is asked again
    repository(letter("Еще раз из репозитория"))
    assert template_divergence(registry.get_spec(CODE)).kept is None


def test_the_choice_needs_its_right(repository, admin, lawyer):
    current_template_version(code=CODE)
    upload_template_version(code=CODE, content=letter("Загружено"), actor=admin)
    for choose in (take_repository_version, keep_uploaded_version):
        with pytest.raises(ApplicationError) as exc:
            choose(code=CODE, actor=lawyer)
        assert exc.value.code == "permission_denied"


def test_the_template_page_says_so_and_offers_the_choice(client, repository, admin, manager, lawyer):
    current_template_version(code=CODE)
    upload_template_version(code=CODE, content=letter("Загружено"), actor=admin)
    repository(letter("Из репозитория"))
    detail = reverse("documents:templates:detail", kwargs={"code": CODE})
    client.force_login(lawyer)
    page = client.get(detail).content.decode()
    assert 'id="divergence"' in page and 'id="divergence-choice"' not in page and 'id="propose-link"' in page
    client.force_login(manager)
    page = client.get(detail).content.decode()
    assert "Взять версию из репозитория" in page and "Оставить загруженную" in page
    response = client.post(reverse("documents:templates:choice", kwargs={"code": CODE}), {"choice": "repository"})
    assert response.status_code == 302
    assert current_template_version(code=CODE).source == TemplateVersion.Source.MANIFEST
    assert 'id="divergence"' not in client.get(detail).content.decode()
