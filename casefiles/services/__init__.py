"""Every write of case files (docs/casefiles.md).

Services take keyword arguments only, check the actor's right with
``core.permissions.require``, validate everything before writing, write inside
``transaction.atomic`` (the case row locked) and record the audit event in the same
transaction. A refusal is an ``ApplicationError`` with a ``code`` and the field to blame;
nothing partial is written.

The law comes from ``regulations``: the route (``court_route``), the pre-trial term (АПК РФ
ст. 4 ч. 5), the penalty (``regulations.penalties`` through the settlements statement's
inputs), the state duty (``state_duty``); the dated values from ``reference``.

By section, one module each:

- ``opening``: ``case_open``, ``claim_cases_open``;
- ``amounts``: the amounts and the route — ``amounts_refresh``, ``case_route_set``;
- ``court``: the claim and the filing — ``claim_sent_record``, ``case_file``, ``hearing_add``,
  ``judgment_record``, ``writ_record``, ``enforcement_payment_record``,
  ``police_registration_record``, ``case_close``;
- ``attachments``: the case's documents — ``document_attach``, ``document_upload``,
  ``case_document_file``, ``package_file``, ``case_viewed``;
- ``acknowledgements``: the limitation — ``acknowledgement_record``, ``reconciliation_acknowledge``;
- ``issuing``: issuing the case's documents — ``claim_issue``, ``application_issue``,
  ``police_statement_issue``, ``police_party_case_open``, ``police_case_open``;
- ``packages``: the package — ``package_build``, ``package_approve``, ``package_return``;
- ``_common``: the permissions and the helpers they share (the case row locked, the refusals
  of a closed case and of a future date).

Every public name is re-exported here: callers import ``casefiles.services``.
"""

from ._common import ATTACH, CLOSE, CONDUCT, OPEN, UPLOAD_FOLDER, VIEW, ZERO
from .acknowledgements import acknowledgement_record, reconciliation_acknowledge
from .amounts import amounts_refresh, case_route_set
from .attachments import case_document_file, case_viewed, document_attach, document_upload, package_file
from .court import (
    case_close,
    case_file,
    claim_sent_record,
    enforcement_payment_record,
    hearing_add,
    judgment_record,
    police_registration_record,
    writ_record,
)
from .issuing import (
    APPLICATION_TEMPLATES,
    CLAIM_TEMPLATE,
    POLICE_TEMPLATE,
    application_issue,
    claim_issue,
    police_case_open,
    police_party_case_open,
    police_statement_issue,
)
from .opening import DEBT_IN_CASE, case_open, claim_cases_open
from .packages import APPROVE, BUILD, package_approve, package_build, package_return

__all__ = [
    "APPLICATION_TEMPLATES",
    "APPROVE",
    "ATTACH",
    "BUILD",
    "CLAIM_TEMPLATE",
    "CLOSE",
    "CONDUCT",
    "DEBT_IN_CASE",
    "OPEN",
    "POLICE_TEMPLATE",
    "UPLOAD_FOLDER",
    "VIEW",
    "ZERO",
    "acknowledgement_record",
    "amounts_refresh",
    "application_issue",
    "case_close",
    "case_document_file",
    "case_file",
    "case_open",
    "case_route_set",
    "case_viewed",
    "claim_cases_open",
    "claim_issue",
    "claim_sent_record",
    "document_attach",
    "document_upload",
    "enforcement_payment_record",
    "hearing_add",
    "judgment_record",
    "package_approve",
    "package_build",
    "package_file",
    "package_return",
    "police_case_open",
    "police_party_case_open",
    "police_registration_record",
    "police_statement_issue",
    "reconciliation_acknowledge",
    "writ_record",
]
