"""The «Взаиморасчеты» application of the site (viewflow Material frontend)."""

from django.urls import path
from viewflow.urls import Application

from . import views


class SettlementsApp(Application):
    title = "Взаиморасчеты"
    icon = "account_balance_wallet"
    app_name = "settlements"
    menu_template_name = "settlements/app_menu.html"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm("settlements.view_debt")

    index_path = path("", views.overview, name="index")
    debtors_path = path("debtors/", views.debtors, name="debtors")
    card_path = path("consumer/<int:consumer_id>/", views.consumer_card, name="card")
    penalty_statement_path = path(
        "consumer/<int:consumer_id>/penalty-statement/", views.penalty_statement, name="penalty_statement"
    )
    upload_path = path("statements/upload/", views.statement_upload, name="upload")
    unmatched_path = path("payments/unmatched/", views.unmatched, name="unmatched")
    resolve_path = path("payments/<int:payment_id>/resolve/", views.resolve, name="resolve")
    turnover_path = path("turnover/", views.turnover, name="turnover")
