"""What each role may do in the preparation of contracts (see accounts.roles).

Billing specialists keep consumers and contracts: they register applications and their
documents, the sending and the consumer's answer; technicians prepare the technical part;
legal staff review the draft and answer disagreement protocols; managers approve the draft
and decide when a term is over.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW = ["contracts.view_*"]

PERMISSIONS = {
    BILLING: VIEW + ["contracts.register_application"],
    TECHNICIAN: VIEW + ["contracts.prepare_draft"],
    LEGAL: VIEW + ["contracts.review_draft"],
    MANAGER: VIEW + ["contracts.approve_contract"],
    ADMINISTRATOR: VIEW,
}
