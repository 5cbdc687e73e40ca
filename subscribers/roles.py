"""What each role may do with the register (see accounts.roles)."""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW_ALL = ["subscribers.view_*"]

PERMISSIONS = {
    # Technicians work on site: they see the register and may correct objects and loads
    # they survey, and the technical part of a contract (objects covered, balance boundary,
    # note), but never what decides billing: its money terms (change_money_terms), its
    # number, dates, term, renewal and status (change_contract_terms), nor consumers' requisites.
    TECHNICIAN: VIEW_ALL + [
        "subscribers.change_heatedobject",
        "subscribers.add_heatload",
        "subscribers.change_heatload",
        "subscribers.change_contract",
    ],
    # Billing specialists keep consumers and contracts, including money terms and the terms
    # that decide billing (number, dates, term, renewal, status).
    BILLING: VIEW_ALL + [
        "subscribers.add_consumer",
        "subscribers.change_consumer",
        "subscribers.add_heatedobject",
        "subscribers.change_heatedobject",
        "subscribers.add_heatload",
        "subscribers.change_heatload",
        "subscribers.add_contract",
        "subscribers.change_contract",
        "subscribers.change_money_terms",
        "subscribers.change_contract_terms",
        "subscribers.import_registry",
    ],
    LEGAL: VIEW_ALL,
    MANAGER: VIEW_ALL,
    ADMINISTRATOR: ["subscribers.*"],
}
