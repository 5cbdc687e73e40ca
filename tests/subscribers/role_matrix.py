"""Who may open what in «Абоненты» (see tests/accounts/matrix.py).

Every role reads the register. Billing specialists keep consumers and contracts (with their
money terms); technicians correct objects, loads and a contract's technical part, never its
money terms; «Наша организация» and its signatories are administrators' pages. The import
of the register from a file (and its template) is for billing specialists and administrators
(``subscribers.import_registry``).
"""

from accounts.roles import ADMINISTRATOR, BILLING, TECHNICIAN
from tests.accounts.matrix import EVERY_ROLE, NOBODY, Access, admin_entries

from .factories import (
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    SignatoryFactory,
)

KEEPERS = {BILLING, ADMINISTRATOR}
ON_SITE = {TECHNICIAN, BILLING, ADMINISTRATOR}
ADMINS = {ADMINISTRATOR}


def samples(world):
    from subscribers.models import Organization

    world.consumer = ConsumerFactory()
    world.heated_object = HeatedObjectFactory(consumer=world.consumer)
    world.heat_load = HeatLoadFactory(heated_object=world.heated_object)
    world.contract = ContractFactory(consumer=world.consumer, objects_covered=[world.heated_object])
    world.organization = Organization.objects.first() or SignatoryFactory().organization
    world.signatory = world.organization.signatories.first() or SignatoryFactory(organization=world.organization)


def pk(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


def register(viewset, attribute, *, add, change):
    return [
        Access(f"subscribers:{viewset}:index", allowed=EVERY_ROLE, note="the list"),
        Access(f"subscribers:{viewset}:list", allowed=EVERY_ROLE),
        Access(f"subscribers:{viewset}:detail", allowed=EVERY_ROLE, kwargs=pk(attribute)),
        Access(f"subscribers:{viewset}:add", allowed=add, note="an empty POST is an invalid form: 200"),
        Access(f"subscribers:{viewset}:change", allowed=change, kwargs=pk(attribute),
               note="an empty POST is an invalid form: 200"),
    ]


def administrators(viewset, attribute, *, add=ADMINS):
    return [
        Access(f"subscribers:{viewset}:index", allowed=ADMINS),
        Access(f"subscribers:{viewset}:list", allowed=ADMINS),
        Access(f"subscribers:{viewset}:detail", allowed=ADMINS, kwargs=pk(attribute)),
        Access(f"subscribers:{viewset}:add", allowed=add, note="an empty POST is an invalid form: 200"),
        Access(f"subscribers:{viewset}:change", allowed=ADMINS, kwargs=pk(attribute),
               note="an empty POST is an invalid form: 200"),
    ]


ACCESS = [
    Access("subscribers:index", allowed=EVERY_ROLE, note="the application's start: a redirect to the consumers"),
    *register("consumers", "consumer", add=KEEPERS, change=KEEPERS),
    *register("objects", "heated_object", add=KEEPERS, change=ON_SITE),
    *register("loads", "heat_load", add=ON_SITE, change=ON_SITE),
    *register("contracts", "contract", add=KEEPERS, change=ON_SITE),
    # the money terms: a change form that carries them is refused to a technician (403)
    Access("subscribers:contracts:change", allowed=KEEPERS, kwargs=pk("contract"), methods=("POST",),
           data=lambda w: {"advance1_percent": "40", "final_payment_day": "10"},
           note="money terms in the POST: billing specialists' form answers 200 with the other fields' errors"),
    *administrators("organization", "organization", add=NOBODY),  # there is one already: no second
    *administrators("signatories", "signatory"),
    Access("subscribers:import:index", allowed=KEEPERS, note="an empty POST is an invalid form: 200"),
    Access("subscribers:import:template", allowed=KEEPERS, methods=("GET",), note="the template workbook"),
    *admin_entries("subscribers"),
]
