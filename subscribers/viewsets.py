"""The "Абоненты" application of the site (viewflow Material frontend)."""

from viewflow.urls import Application, ReadonlyModelViewset

from .models import Consumer


class ConsumerViewset(ReadonlyModelViewset):
    model = Consumer
    title = "Абоненты"
    icon = "groups"
    list_columns = ("code", "name", "inn", "kpp", "penalty_category")
    list_search_fields = ("name", "inn", "code")
    list_filter_fields = ("penalty_category", "kind", "is_active")


class SubscribersApp(Application):
    title = "Абоненты"
    icon = "apartment"
    app_name = "subscribers"
    viewsets = [ConsumerViewset()]
