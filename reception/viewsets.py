"""The reception's menu entries: the journal of appeals (with its XLSX) and the letter page."""

from django.urls import path
from viewflow.urls import AppMenuMixin, Viewset

from . import views


class JournalViewset(AppMenuMixin, Viewset):
    app_name = "journal"
    title = "Журнал обращений"
    icon = "menu_book"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.VIEW)

    @property
    def index_path(self):
        return path("", views.JournalView.as_view(), name="index")

    @property
    def xlsx_path(self):
        return path("xlsx/", views.JournalXlsxView.as_view(), name="xlsx")


class LetterViewset(AppMenuMixin, Viewset):
    app_name = "letter"
    title = "Исходящее письмо"
    icon = "outgoing_mail"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.LetterView.permission)

    @property
    def index_path(self):
        return path("", views.LetterView.as_view(), name="index")


class BookingViewset(AppMenuMixin, Viewset):
    app_name = "booking"
    title = "Запись на прием"
    icon = "event_available"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.BookingView.permission)

    @property
    def index_path(self):
        return path("", views.BookingView.as_view(), name="index")
