"""The «Обследования» application of the site (viewflow Material frontend)."""

from django.urls import path
from viewflow.urls import Application

from . import views, views_losses


class InspectionsApp(Application):
    title = "Обследования"
    icon = "travel_explore"
    app_name = "inspections"
    menu_template_name = "inspections/app_menu.html"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(views.VIEW)

    index_path = path("", views.inspection_list, name="index")
    report_path = path("report/", views.report, name="report")
    card_path = path("<int:inspection_id>/", views.inspection_card, name="card")
    no_violation_path = path("<int:inspection_id>/no-violation/", views.no_violation, name="no_violation")
    act_fill_path = path("<int:inspection_id>/act/", views.act_fill, name="act_fill")
    act_issue_path = path("act/<int:act_id>/issue/", views.act_issue_view, name="act_issue")
    act_review_path = path("act/<int:act_id>/review/", views.act_review, name="act_review")
    route_new_path = path("route/new/", views.route_new, name="route_new")
    route_sheet_path = path("route/<int:route_id>/sheet/", views.route_sheet, name="route_sheet")
    photo_path = path("photo/<int:photo_id>/", views.photo, name="photo")
    losses_path = path("losses/", views_losses.losses, name="losses")
    losses_export_path = path("losses/export/", views_losses.losses_export, name="losses_export")
