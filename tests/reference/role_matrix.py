"""Who may open the reference-data admin pages (see tests/accounts/matrix.py).

Administrators edit; billing specialists, lawyers and managers hold the view permissions,
but the Django admin is for staff (administrators) only.
"""

from django.apps import apps

from tests.accounts.matrix import admin_entries


def samples(world):
    # the seeded rows carry no history (data migrations write none): give each model one
    # record so that simple-history's version page has something to show
    for model in apps.get_app_config("reference").get_models():
        if model.__name__.startswith("Historical"):
            continue
        model._default_manager.order_by("pk").first().save()


ACCESS = [
    *admin_entries("reference"),
]
