"""«Согласование шаблонов»: the template change flow (document_flows)."""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    MANAGERS,
    SYSTEM,
    _remember,
    flow_entries,
)

DOCUMENT_APP = {LEGAL, MANAGER, ADMINISTRATOR}  # who sees the template change flow
DOCUMENT_PREFIX = "document_flows:flows"


def samples(world):
    _template_change(world)


def _template_change(world):
    from documents.registry import get_spec
    from documents.services import propose_template_version, review_template_version, revise_template_version
    from workflows.models import TemplateChangeProcess
    from workflows.template_change import TemplateChangeFlow as Flow

    from ..conftest import complete_view_task, open_task, start_view_flow

    lawyer, manager = world.users[LEGAL], world.users[MANAGER]

    def start(code):
        def propose(activation):  # the committed file itself, proposed as the next version
            activation.process.artifact = propose_template_version(
                code=code, content=get_spec(code).file.read_bytes(), reason="матрица", actor=lawyer)

        return TemplateChangeProcess.objects.get(pk=start_view_flow(Flow.propose, lawyer, propose).pk)

    def review(process, approve):
        complete_view_task(open_task(process, Flow.review), manager, lambda a: review_template_version(
            version=a.process.artifact, approve=approve, comment="" if approve else "исправить", actor=manager))

    def revise(process, resubmit):
        def action(activation):
            code = activation.process.artifact.code
            corrected = revise_template_version(
                version=activation.process.artifact, content=get_spec(code).file.read_bytes() if resubmit else None,
                reason="матрица", actor=lawyer)
            if corrected is not None:
                activation.process.artifact = corrected
                activation.process.save()

        complete_view_task(open_task(process, Flow.revise), lawyer, action)

    # approved at once: every node of that path, done
    done = start("common.letter")
    review(done, approve=True)
    _remember(world, "templatechange", done)
    # returned, corrected, returned again and withdrawn: the revise loop, done
    withdrawn = start("common.notice")
    review(withdrawn, approve=False)
    revise(withdrawn, resubmit=True)
    review(withdrawn, approve=False)
    revise(withdrawn, resubmit=False)
    # a proposal waiting for a manager, unassigned; a returned one, assigned to the matrix lawyer
    reviewing = start("common.letter")
    revising = start("common.notice")
    review(revising, approve=False)
    _remember(world, "templatechange", withdrawn, review=open_task(reviewing, Flow.review),
              revise=open_task(revising, Flow.revise))


ACCESS = [
    Access("document_flows:index", allowed=DOCUMENT_APP, note="the application's start: a redirect"),
    Access("document_flows:inbox", allowed=DOCUMENT_APP),
    Access("document_flows:queue", allowed=DOCUMENT_APP),
    Access("document_flows:archive", allowed=DOCUMENT_APP),
    Access("document_flows:tasks_assign", allowed=DOCUMENT_APP, note="the queue's bulk assign: nothing chosen, nothing done"),
    Access("document_flows:tasks_unassign", allowed=DOCUMENT_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("document_flows:flows:index", allowed=DOCUMENT_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("templatechange", DOCUMENT_APP, {
        "propose": SYSTEM,
        "review": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager takes it
        "is_approved": SYSTEM,
        "revise": (NOBODY, {LEGAL}, {LEGAL, MANAGER}),  # returned to the matrix lawyer who proposed
        "is_resubmitted": SYSTEM,
        "approved": SYSTEM,
        "withdrawn": SYSTEM,
    }, Access(f"{DOCUMENT_PREFIX}:templatechange:propose:execute", allowed={LEGAL},
              note="the start form; an empty POST is an invalid form: 200"),
        prefix=DOCUMENT_PREFIX, app=DOCUMENT_APP),
]
