"""The "Абоненты" application of the site (viewflow Material frontend).

Each register model has a viewset with list, record page (its data and history), create
and change forms; writes go through ``subscribers.services``. The server checks every
permission (see ``core.views`` for what is added to viewflow's own checks); the menu and
buttons only hide what a role cannot do anyway. Records are never deleted here (the Django
admin remains for administrators).
"""

from __future__ import annotations

import django_filters
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone
from viewflow.urls import Application, DetailViewMixin, ModelViewset, Viewset
from viewflow.urls.sites import AppMenuMixin
from viewflow.utils import Icon
from viewflow.views import Action, ListModelView

from core.views import RecordDetailView, ServiceCreateView, ServiceUpdateView, Table

from . import selectors, services, views
from .card_sections import hooked_sections
from .forms import (
    ConsumerForm,
    ContractForm,
    ContractTechnicalForm,
    HeatedObjectForm,
    HeatLoadForm,
    OrganizationForm,
    SignatoryForm,
)
from .models import Consumer, Contract, HeatedObject, HeatLoad, Organization, Signatory


def _action(name: str, url: str, icon: str) -> Action:
    return Action(name=name, url=url, icon=Icon(icon, class_="material-icons mdc-list-item__graphic"))


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


class RegistryViewset(DetailViewMixin, ModelViewset):
    """List, record page with history, create and change through services; no delete."""

    list_view_class = ListModelView
    detail_view_class = RecordDetailView
    create_view_class = ServiceCreateView
    update_view_class = ServiceUpdateView
    detail_fields: tuple[str, ...] = ()


# --- consumers -----------------------------------------------------------------------------


class ConsumerFilter(django_filters.FilterSet):
    penalty_category = django_filters.ChoiceFilter(
        label="Категория", choices=Consumer.PenaltyCategory.choices
    )
    kind = django_filters.ChoiceFilter(label="Вид", choices=Consumer.Kind.choices)
    contract_status = django_filters.ChoiceFilter(
        label="Статус договора", choices=Contract.Status.choices, method="filter_contract_status"
    )
    is_active = django_filters.BooleanFilter(label="Действующий")

    class Meta:
        model = Consumer
        fields = ["penalty_category", "kind", "contract_status", "is_active"]

    def filter_contract_status(self, queryset, name, value):
        return selectors.consumer_list(contract_status=value, queryset=queryset)


class ConsumerListView(ListModelView):
    search_fields = ()  # shows the search box; the matching is selectors.consumer_list's

    def get_queryset(self):
        return selectors.consumer_list(search=self.get_search_term() or "", queryset=super().get_queryset())


LOAD_HEADERS = ["Действует с", "по", "Отопление, Гкал/ч", "Вентиляция, Гкал/ч", "ГВС ср., Гкал/ч", "ГВС макс., Гкал/ч"]


def _url(name: str, obj) -> str:
    return reverse(f"subscribers:{name}:detail", args=[obj.pk])


def _load_cells(load: HeatLoad) -> list:
    return [
        (load.valid_from, _url("loads", load)), load.valid_to,
        load.heating, load.ventilation, load.hot_water_avg, load.hot_water_max,
    ]


def _contract_cells(contract: Contract) -> list:
    return [
        (contract.number, _url("contracts", contract)), contract.signed_on, contract.get_status_display(),
        contract.valid_from, contract.valid_to, contract.tariff_group,
        ", ".join(o.code for o in contract.objects_covered.all()),
    ]


CONTRACT_HEADERS = ["Номер", "Дата", "Статус", "Действует с", "по", "Тарифная группа", "Объекты"]


class ConsumerDetailView(RecordDetailView):
    """The consumer's card: requisites, objects with their loads, contracts, history."""

    def get_object(self):
        obj = super().get_object()
        return selectors.consumer_card(obj.pk)

    def sections(self):
        today = timezone.localdate()
        objects = list(self.object.heated_objects.all())
        current = {o.pk: selectors.current_load_of(o, on=today) for o in objects}
        return [
            Table(
                "Объекты теплопотребления",
                ["Код", "Объект", "Адрес", "Назначение", "Площадь, м²", "Участок сети", "Нагрузка сейчас, Гкал/ч"],
                [
                    [
                        (o.code, _url("objects", o)), o.name, o.address, o.get_purpose_display(), o.heated_area,
                        o.network_section, current[o.pk].total if current[o.pk] else None,
                    ]
                    for o in objects
                ],
                empty="Объектов нет", anchor="objects",
            ),
            Table(
                "Тепловые нагрузки", ["Объект", *LOAD_HEADERS],
                [[o.code, *_load_cells(load)] for o in objects for load in o.loads.all()],
                empty="Нагрузок нет", anchor="loads",
            ),
            Table(
                "Договоры", CONTRACT_HEADERS, [_contract_cells(c) for c in self.object.contracts.all()],
                empty="Договоров нет", anchor="contracts",
            ),
            *hooked_sections("consumer", self.request, self.object),
        ]


class ConsumerViewset(RegistryViewset):
    app_name = "consumers"
    model = Consumer
    title = "Абоненты"
    icon = "groups"
    list_view_class = ConsumerListView
    detail_view_class = ConsumerDetailView
    form_class = ConsumerForm
    list_columns = ("code", "name", "inn", "kpp", "penalty_category", "is_active")
    list_object_link_columns = ("code", "name")
    list_filterset_class = ConsumerFilter
    detail_fields = (
        "code", "kind", "penalty_category", "name", "short_name", "inn", "kpp", "ogrn", "ogrnip",
        "last_name", "first_name", "middle_name", "birth_date", "birth_place", "snils",
        "legal_address", "postal_address", "phone", "email", "contact_person",
        "signatory_last_name", "signatory_first_name", "signatory_middle_name", "signatory_position",
        "authority_basis", "authority_document", "is_active",
    )

    def create_object(self, *, form, actor):
        return services.consumer_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        data = form.service_data()
        data.pop("code", None)
        return services.consumer_update(consumer=obj, actor=actor, **data)

    def get_detail_page_object_actions(self, request, obj, *actions):
        if request.user.has_perm("subscribers.add_heatedobject"):
            add_object = f"{reverse('subscribers:objects:add')}?consumer={obj.pk}"
            actions = (*actions, _action("Добавить объект", add_object, "add_home"))
        if request.user.has_perm("subscribers.add_contract"):
            add_contract = f"{reverse('subscribers:contracts:add')}?consumer={obj.pk}"
            actions = (*actions, _action("Добавить договор", add_contract, "note_add"))
        if request.user.has_perm("settlements.view_debt"):  # the settlement card (Взаиморасчеты)
            actions = (*actions, _action("Взаиморасчеты", reverse("settlements:card", args=[obj.pk]), "account_balance_wallet"))
        return super().get_detail_page_object_actions(request, obj, *actions)


# --- heated objects ------------------------------------------------------------------------


class HeatedObjectListView(ListModelView):
    search_fields = ()

    def get_queryset(self):
        return selectors.heated_object_list(search=self.get_search_term() or "", queryset=super().get_queryset())


class HeatedObjectDetailView(RecordDetailView):
    def sections(self):
        consumer = self.object.consumer
        return [
            Table("Абонент", ["Абонентский номер", "Наименование", "ИНН"],
                  [[(consumer.code, _url("consumers", consumer)), consumer.name, consumer.inn]]),
            Table("Тепловые нагрузки", LOAD_HEADERS, [_load_cells(x) for x in self.object.loads.order_by("-valid_from")],
                  empty="Нагрузок нет", anchor="loads"),
            Table("Договоры", CONTRACT_HEADERS, [_contract_cells(c) for c in self.object.contracts.all()],
                  empty="Объект не включен ни в один договор", anchor="contracts"),
            *hooked_sections("heated_object", self.request, self.object),
        ]


class HeatedObjectViewset(RegistryViewset):
    app_name = "objects"
    model = HeatedObject
    title = "Объекты"
    icon = "home_work"
    list_view_class = HeatedObjectListView
    detail_view_class = HeatedObjectDetailView
    form_class = HeatedObjectForm
    list_columns = ("code", "name", "address", "consumer", "purpose", "network_section")
    list_object_link_columns = ("code", "name")
    list_filter_fields = ("purpose", "network_section")
    detail_fields = (
        "code", "consumer", "name", "address", "cadastral_number", "purpose",
        "heated_area", "heated_volume", "design_indoor_temperature", "network_section",
    )

    def get_create_initial(self, request):
        consumer = _int_param(request, "consumer")
        return {"consumer": consumer} if consumer else {}

    def create_object(self, *, form, actor):
        data = form.service_data()
        return services.heated_object_create(actor=actor, **data)

    def update_object(self, *, obj, form, actor):
        data = form.service_data()
        data.pop("consumer", None)
        data.pop("code", None)
        return services.heated_object_update(heated_object=obj, actor=actor, **data)

    def get_detail_page_object_actions(self, request, obj, *actions):
        if request.user.has_perm("subscribers.add_heatload"):
            actions = (*actions, _action("Добавить нагрузку", f"{reverse('subscribers:loads:add')}?object={obj.pk}", "bolt"))
        return super().get_detail_page_object_actions(request, obj, *actions)


# --- heat loads ----------------------------------------------------------------------------


class HeatLoadViewset(RegistryViewset):
    app_name = "loads"
    model = HeatLoad
    title = "Тепловые нагрузки"
    icon = "bolt"
    form_class = HeatLoadForm
    list_columns = ("heated_object", "valid_from", "valid_to", "heating", "ventilation", "hot_water_avg", "hot_water_max")
    list_search_fields = ("heated_object__code", "heated_object__address")
    detail_fields = (
        "heated_object", "valid_from", "valid_to", "heating", "ventilation", "hot_water_avg", "hot_water_max", "basis",
    )

    def get_queryset(self, request):
        return HeatLoad.objects.select_related("heated_object")

    def get_create_initial(self, request):
        heated_object = _int_param(request, "object")
        return {"heated_object": heated_object} if heated_object else {}

    def create_object(self, *, form, actor):
        data = form.service_data()
        return services.heat_load_create(actor=actor, **data)

    def update_object(self, *, obj, form, actor):
        data = form.service_data()
        data.pop("heated_object", None)
        return services.heat_load_update(load=obj, actor=actor, **data)


# --- contracts -----------------------------------------------------------------------------


class ContractListView(ListModelView):
    search_fields = ()

    def get_queryset(self):
        return selectors.contract_list(search=self.get_search_term() or "", queryset=super().get_queryset())


class ContractDetailView(RecordDetailView):
    def sections(self):
        consumer = self.object.consumer
        return [
            Table("Абонент", ["Абонентский номер", "Наименование", "ИНН"],
                  [[(consumer.code, _url("consumers", consumer)), consumer.name, consumer.inn]]),
            Table("Объекты договора", ["Код", "Объект", "Адрес"],
                  [[(o.code, _url("objects", o)), o.name, o.address] for o in self.object.objects_covered.all()],
                  empty="Объекты не указаны", anchor="objects"),
            *hooked_sections("contract", self.request, self.object),
        ]


class ContractViewset(RegistryViewset):
    """Contracts. Their money terms (``Contract.MONEY_FIELDS``) need ``change_money_terms``,
    their number, dates, term, renewal and status (``Contract.TERMS_FIELDS``)
    ``change_contract_terms``: without both the change form has only the technical part
    (``Contract.TECHNICAL_FIELDS``), a POST that carries a field the user may not change is
    refused with 403, and ``services.contract_update`` refuses such a change in any case."""

    app_name = "contracts"
    model = Contract
    title = "Договоры"
    icon = "description"
    list_view_class = ContractListView
    detail_view_class = ContractDetailView
    create_form_class = ContractForm
    list_columns = ("number", "signed_on", "consumer", "status", "tariff_group", "payment_scheme")
    list_object_link_columns = ("number",)
    list_filter_fields = ("status", "payment_scheme", "tariff_group")
    detail_fields = (
        "number", "signed_on", "valid_from", "valid_to", "auto_renewal", "status", "consumer", "tariff_group",
        "payment_scheme", "advance1_percent", "advance1_day", "advance2_percent", "advance2_day",
        "final_payment_day", "balance_boundary", "note",
    )

    def get_queryset(self, request):
        return Contract.objects.select_related("consumer", "tariff_group")

    def get_update_form_class(self, request):
        user = request.user
        if user.has_perm(services.MONEY_TERMS_PERMISSION) and user.has_perm(services.CONTRACT_TERMS_PERMISSION):
            return ContractForm
        return ContractTechnicalForm

    def check_update_post(self, request, obj):
        """Refuse (403) a change form that carries fields the user may not change: money terms
        without ``change_money_terms``, number/dates/term/renewal/status without
        ``change_contract_terms``. The service refuses such a change in any case."""
        services.require_money_terms(request.user, (name for name in Contract.MONEY_FIELDS if name in request.POST))
        services.require_contract_terms(request.user, (name for name in Contract.TERMS_FIELDS if name in request.POST))

    def get_create_initial(self, request):
        pk = _int_param(request, "consumer")
        consumer = Consumer.objects.filter(pk=pk).first() if pk else None
        if consumer is None:
            return {}
        return {"consumer": consumer, **services.default_payment_terms(consumer)}

    def create_object(self, *, form, actor):
        data = form.service_data()
        consumer = data.pop("consumer")
        return services.contract_create(consumer=consumer, actor=actor, **data)

    def update_object(self, *, obj, form, actor):
        data = form.service_data()
        data.pop("consumer", None)
        return services.contract_update(contract=obj, actor=actor, **data)


# --- our organisation (administrators) -----------------------------------------------------


class AdministratorOnlyMixin:
    """Visible only to those who may change it: the page is for administrators."""

    def has_view_permission(self, user, obj=None):
        return self.has_change_permission(user, obj=obj)


class OrganizationDetailView(RecordDetailView):
    def sections(self):
        return [
            Table(
                "Подписанты", ["ФИО", "Должность", "Основание полномочий", "№ доверенности", "от", "действует до", "Действует"],
                [
                    [(x.full_name, _url("signatories", x)), x.position, x.get_authority_basis_display(),
                     x.poa_number, x.poa_date, x.poa_valid_until, x.active]
                    for x in self.object.signatories.all()
                ],
                empty="Подписантов нет", anchor="signatories",
            )
        ]


class OrganizationViewset(AdministratorOnlyMixin, RegistryViewset):
    app_name = "organization"
    model = Organization
    title = "Наша организация"
    icon = "business"
    detail_view_class = OrganizationDetailView
    form_class = OrganizationForm
    list_columns = ("short_name", "inn", "kpp", "ogrn")
    detail_fields = (
        "full_name", "short_name", "inn", "kpp", "ogrn", "okpo", "legal_address", "postal_address", "city",
        "phone", "dispatch_phone", "email", "website", "bank_name", "bik", "settlement_account",
        "correspondent_account",
    )

    def get_queryset(self, request):
        return Organization.objects.order_by("pk")

    def has_add_permission(self, user):
        return super().has_add_permission(user) and not Organization.objects.exists()

    def create_object(self, *, form, actor):
        return services.organization_save(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.organization_save(actor=actor, **form.service_data())

    def get_detail_page_object_actions(self, request, obj, *actions):
        if request.user.has_perm("subscribers.add_signatory"):
            actions = (*actions, _action("Добавить подписанта", reverse("subscribers:signatories:add"), "person_add"))
        return super().get_detail_page_object_actions(request, obj, *actions)


class SignatoryViewset(AdministratorOnlyMixin, RegistryViewset):
    app_name = "signatories"
    model = Signatory
    title = "Подписанты"
    icon = "draw"
    form_class = SignatoryForm
    list_columns = (
        "last_name", "first_name", "middle_name", "position", "authority_basis", "poa_number", "poa_valid_until",
        "active",
    )
    list_object_link_columns = ("last_name",)
    detail_fields = (
        "organization", "last_name", "first_name", "middle_name", "position", "authority_basis", "poa_number",
        "poa_date", "poa_valid_until", "signs_for", "is_head", "is_chief_accountant", "active",
    )

    def has_add_permission(self, user):
        return super().has_add_permission(user) and Organization.objects.exists()

    def create_object(self, *, form, actor):
        organization = selectors.our_organization(required=True)
        return services.signatory_create(organization=organization, actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.signatory_update(signatory=obj, actor=actor, **form.service_data())


# --- import from a file -------------------------------------------------------------------


class RegistryImportViewset(AppMenuMixin, Viewset):
    """«Загрузка из файла»: the upload page with its report and the template workbook."""

    app_name = "import"
    title = "Загрузка из файла"
    icon = "upload_file"
    turbo_disabled = True

    index_path = url_path("", views.registry_import_page, name="index")
    template_path = url_path("template.xlsx", views.registry_import_template, name="template")

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.IMPORT_PERMISSION)


# --- the application -----------------------------------------------------------------------


def may_enter_register(user) -> bool:
    """The application opens to anyone who may read the register (every role does)."""
    return user.is_authenticated and any(
        user.has_perm(f"subscribers.view_{model}") for model in ("consumer", "heatedobject", "contract")
    )


class SubscribersApp(Application):
    title = "Абоненты"
    icon = "apartment"
    app_name = "subscribers"
    permission = staticmethod(may_enter_register)
    viewsets = [
        ConsumerViewset(),
        HeatedObjectViewset(),
        HeatLoadViewset(),
        ContractViewset(),
        OrganizationViewset(),
        SignatoryViewset(),
        RegistryImportViewset(),
    ]
