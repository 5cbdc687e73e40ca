"""Who may open the reference-data pages (see tests/accounts/matrix.py).

Django admin: administrators edit; billing specialists, lawyers and managers hold the view
permissions, but the admin is for staff (administrators) only.

VAT rates and the production calendar in «Расчеты» (``reference.viewsets``): billing
specialists and administrators add and change, lawyers and managers view, technicians have
no «Расчеты» at all.
"""

from django.apps import apps

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER
from reference.models import CalendarDay, CalendarYear, VatRate
from tests.accounts.matrix import Access, admin_entries

VIEWERS = {BILLING, LEGAL, MANAGER, ADMINISTRATOR}
KEEPERS = {BILLING, ADMINISTRATOR}


def samples(world):
    # the seeded rows carry no history (data migrations write none): give each model one
    # record so that simple-history's version page has something to show
    for model in apps.get_app_config("reference").get_models():
        if model.__name__.startswith("Historical"):
            continue
        model._default_manager.order_by("pk").first().save()


def page(viewset, model):
    def pk(w):
        return {"pk": w.sample(model).pk}

    return [
        Access(f"billing:{viewset}:index", allowed=VIEWERS),
        Access(f"billing:{viewset}:list", allowed=VIEWERS),
        Access(f"billing:{viewset}:detail", allowed=VIEWERS, kwargs=pk),
        Access(f"billing:{viewset}:add", allowed=KEEPERS, note="an empty POST is an invalid form: 200"),
        Access(f"billing:{viewset}:change", allowed=KEEPERS, kwargs=pk, note="an empty POST is an invalid form: 200"),
    ]


ACCESS = [
    *admin_entries("reference"),
    *page("vat_rates", VatRate),
    *page("calendar", CalendarYear),
    *page("calendar_days", CalendarDay),
]
