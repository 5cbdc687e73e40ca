"""The pages of the contract flow's human steps (``workflows/contract.py``): each a form whose
``perform`` calls the step's one service of ``contracts.services``; the draft's page has a
block of fields per object of the application, the response's page up to ``POINTS`` points
of a disagreement protocol, the answer's page a decision per point."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from contracts import services
from contracts.models import ChecklistItem, ContractApplication, DisagreementPoint
from core.forms import DateField, DecimalField
from metering.models import MeteringUnit
from subscribers.models import AuthorityBasis, Consumer, Contract, HeatedObject, Signatory, TariffGroup

from .task_views import ApprovalDecisionForm, ServiceTaskView, process_url

TEXT = forms.Textarea(attrs={"rows": 2})
POINTS = 5
LOADS = (("heating", "Отопление, Гкал/ч"), ("ventilation", "Вентиляция, Гкал/ч"),
         ("hot_water_avg", "ГВС средняя, Гкал/ч"), ("hot_water_max", "ГВС максимальная, Гкал/ч"))


class ApplicationStepView(ServiceTaskView):
    """A step on the process's application: the page shows it."""

    template_name = "workflows/contract/step.html"

    @property
    def application(self) -> ContractApplication:
        return self.request.activation.process.application

    def get_context_data(self, **kwargs):
        application = self.application
        return super().get_context_data(application=application, checklist=application.checklist.all(),
                                        loads=application.loads.select_related("heated_object"),
                                        protocols=application.protocols.prefetch_related("points"), **kwargs)

    def result(self) -> str:
        return f"Выполнено: «{self.request.activation.flow_task.task_title}»"

    def done(self):
        return self.result(), process_url(self.request.activation), "Карточка процесса"


# ---------------------------------------------------------------- the application


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид заявки", choices=ContractApplication.Kind.choices,
                             initial=ContractApplication.Kind.NEW)
    consumer = forms.ModelChoiceField(label="Абонент", queryset=Consumer.objects.filter(is_active=True))
    objects = forms.ModelMultipleChoiceField(label="Объекты", queryset=HeatedObject.objects.select_related("consumer"))
    received_on = DateField(label="Дата заявки")
    documents_received = forms.MultipleChoiceField(label="Представленные документы", required=False,
                                                   choices=ChecklistItem.Kind.choices,
                                                   widget=forms.CheckboxSelectMultiple)
    representative = forms.BooleanField(label="Подписывает представитель по доверенности", required=False)
    base_contract = forms.ModelChoiceField(label="Изменяемый договор (для дополнительного соглашения)", required=False,
                                           queryset=Contract.objects.filter(status=Contract.Status.ACTIVE))
    changes = forms.CharField(label="Что изменяется (для дополнительного соглашения)", required=False, widget=TEXT)


class RegisterView(ServiceTaskView):
    form_class = RegisterForm
    template_name = "viewflow/workflow/start.html"

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def perform(self, form):
        application = services.application_register(actor=self.request.user, **form.cleaned_data)
        self.request.activation.process.artifact = application

    def done(self):
        activation = self.request.activation
        return (f"Заявка № {activation.process.artifact_object_id} зарегистрирована", process_url(activation),
                "Карточка процесса")


class RequestForm(forms.Form):
    term_days = forms.IntegerField(label="Срок представления документов, дней", min_value=1, max_value=90, initial=10)


class RequestView(ApplicationStepView):
    form_class = RequestForm

    def perform(self, form):
        self.letter = services.documents_request(application=self.application, actor=self.request.user,
                                                 **form.cleaned_data)

    def result(self):
        return f"Запрос документов выпущен: письмо № {self.letter.number}"


class ReceiveForm(forms.Form):
    received_on = DateField(label="Дата получения")

    def __init__(self, *args, missing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"] = forms.MultipleChoiceField(
            label="Получены документы", required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(item.kind, item.get_kind_display()) for item in missing])


class ReceiveView(ApplicationStepView):
    """After the request's term: the documents that came are marked; still missing — the manager decides."""

    form_class = ReceiveForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "missing": services.missing_documents(self.application)}

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def perform(self, form):
        services.documents_receive(application=self.application, actor=self.request.user, **form.cleaned_data)


class DecisionForm(ApprovalDecisionForm):
    """The approval form's decision in a step's own words: (yes, no) labels and the comment's."""

    WORDS: tuple[str, str, str] = ("", "", "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        yes, no, comment = self.WORDS
        self.fields["decision"].choices = [(self.APPROVE, yes), (self.RETURN, no)]
        self.fields["comment"].label = comment


class OverdueForm(DecisionForm):
    WORDS = ("Запросить документы повторно", "Отказать в заключении", "Комментарий (при отказе — причина)")


class OverdueView(ApplicationStepView):
    form_class = OverdueForm

    def perform(self, form):
        data = form.cleaned_data
        services.documents_overdue_decide(application=self.application, extend=data["decision"] == OverdueForm.APPROVE,
                                          comment=data["comment"], actor=self.request.user)


# ---------------------------------------------------------------- the draft


class DraftForm(forms.Form):
    valid_from = DateField(label="Договор действует с")
    valid_to = DateField(label="Договор действует по (пусто — с пролонгацией)", required=False)
    tariff_group = forms.ModelChoiceField(label="Тарифная группа", queryset=TariffGroup.objects.all())
    balance_boundary = forms.CharField(label="Граница балансовой принадлежности", widget=TEXT)
    operational_boundary = forms.CharField(label="Граница эксплуатационной ответственности (если иная)",
                                           required=False, widget=TEXT)
    our_signatory = forms.ModelChoiceField(label="Подписант ТСО", queryset=Signatory.objects.filter(active=True))
    signer_position = forms.CharField(label="Должность подписанта абонента", max_length=200, required=False)
    signer_last_name = forms.CharField(label="Фамилия подписанта абонента", max_length=100)
    signer_first_name = forms.CharField(label="Имя подписанта абонента", max_length=100)
    signer_middle_name = forms.CharField(label="Отчество подписанта абонента", max_length=100, required=False)
    signer_basis = forms.ChoiceField(label="Основание полномочий", choices=AuthorityBasis.choices)
    signer_poa_number = forms.CharField(label="№ доверенности", max_length=50, required=False)
    signer_poa_date = DateField(label="Дата доверенности", required=False)
    signer_poa_valid_until = DateField(label="Доверенность действует до", required=False)

    def __init__(self, *args, objects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = list(objects)
        for heated_object in self.objects:
            pk = heated_object.pk
            self.fields[f"supply_point_{pk}"] = forms.CharField(
                label=f"{heated_object.code}: точка поставки", max_length=300, required=False)
            for name, label in LOADS:
                self.fields[f"{name}_{pk}"] = DecimalField(label=f"{heated_object.code}: {label}", required=False)
            self.fields[f"unit_{pk}"] = forms.ModelChoiceField(
                label=f"{heated_object.code}: узел учета", required=False,
                queryset=MeteringUnit.objects.filter(heated_object=heated_object))

    def loads(self) -> list[services.LoadInput]:
        data = self.cleaned_data
        return [services.LoadInput(
            heated_object=o, supply_point=data[f"supply_point_{o.pk}"], metering_unit=data[f"unit_{o.pk}"],
            **{name: data[f"{name}_{o.pk}"] or services.Decimal("0") for name, _ in LOADS}) for o in self.objects]


class DraftView(ApplicationStepView):
    """The technician's technical part (a return shows the lawyer's or manager's comments)."""

    form_class = DraftForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "objects": self.application.objects_requested.order_by("code")}

    def get_initial(self):
        a = self.application
        initial = {name: getattr(a, name) for name in (
            "valid_from", "valid_to", "balance_boundary", "operational_boundary", *services.SIGNER_FIELDS)}
        initial.update(tariff_group=a.tariff_group_id, our_signatory=a.our_signatory_id)
        if a.base_contract_id and not a.tariff_group_id:
            initial.update(tariff_group=a.base_contract.tariff_group_id, balance_boundary=a.base_contract.balance_boundary)
        if not a.signer_last_name:
            c = a.consumer
            initial.update(signer_position=c.signatory_position, signer_last_name=c.signatory_last_name,
                           signer_first_name=c.signatory_first_name, signer_middle_name=c.signatory_middle_name,
                           signer_basis=c.authority_basis or AuthorityBasis.CHARTER)
        for load in a.loads.all():
            pk = load.heated_object_id
            initial[f"supply_point_{pk}"] = load.supply_point
            initial[f"unit_{pk}"] = load.metering_unit_id
            for name, _ in LOADS:
                initial[f"{name}_{pk}"] = getattr(load, name)
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        signer = {name: data[name] if data[name] is not None else "" for name in services.SIGNER_FIELDS}
        for name in ("signer_poa_date", "signer_poa_valid_until"):
            signer[name] = data[name]
        services.draft_prepare(
            application=self.application, valid_from=data["valid_from"], valid_to=data["valid_to"],
            tariff_group=data["tariff_group"], balance_boundary=data["balance_boundary"],
            operational_boundary=data["operational_boundary"], our_signatory=data["our_signatory"],
            loads=form.loads(), signer=signer, actor=self.request.user)

    def result(self):
        return "Техническая часть подготовлена, договорные объемы рассчитаны; проект передан юристу"


class ReviewForm(DecisionForm):
    WORDS = ("Принять проект", "Вернуть с замечаниями", "Замечания (при возврате — обязательно)")


class ReviewView(ApplicationStepView):
    form_class = ReviewForm

    def perform(self, form):
        data = form.cleaned_data
        services.draft_review(application=self.application, accept=data["decision"] == ReviewForm.APPROVE,
                              comment=data["comment"], actor=self.request.user)


class ApproveView(ApplicationStepView):
    form_class = ApprovalDecisionForm

    def perform(self, form):
        data = form.cleaned_data
        services.draft_approve(application=self.application, approve=data["decision"] == ApprovalDecisionForm.APPROVE,
                               comment=data["comment"], actor=self.request.user)


# ---------------------------------------------------------------- sending and the answer


class SendForm(forms.Form):
    sent_on = DateField(label="Дата отправки абоненту")


class SendView(ApplicationStepView):
    form_class = SendForm

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        services.package_sent_record(application=self.application, actor=self.request.user, **form.cleaned_data)


class ResponseForm(forms.Form):
    SIGNED, DISAGREEMENT, REFUSED = "signed", "disagreement", "refused"
    outcome = forms.ChoiceField(label="Ответ абонента", widget=forms.RadioSelect, initial=SIGNED, choices=[
        (SIGNED, "Подписан без разногласий"), (DISAGREEMENT, "Подписан с протоколом разногласий"),
        (REFUSED, "Отказ от заключения")])
    signed_on = DateField(label="Дата подписания (дата договора)", required=False)
    received_on = DateField(label="Дата получения протокола разногласий", required=False)
    reason = forms.CharField(label="Причина отказа", required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, POINTS + 1):
            self.fields[f"clause_{n}"] = forms.CharField(label=f"Разногласие {n}: пункт договора", required=False,
                                                         max_length=100)
            self.fields[f"ours_{n}"] = forms.CharField(label=f"Разногласие {n}: редакция ТСО", required=False,
                                                       widget=TEXT)
            self.fields[f"theirs_{n}"] = forms.CharField(label=f"Разногласие {n}: редакция абонента", required=False,
                                                         widget=TEXT)

    def clean(self):
        data = super().clean()
        required = {self.SIGNED: "signed_on", self.DISAGREEMENT: "received_on", self.REFUSED: "reason"}
        field = required.get(data.get("outcome"))
        if field and not data.get(field):
            self.add_error(field, "Обязательное поле.")
        return data

    def points(self) -> list[services.PointInput]:
        data = self.cleaned_data
        return [services.PointInput(clause=data[f"clause_{n}"], our_wording=data[f"ours_{n}"],
                                    their_wording=data[f"theirs_{n}"]) for n in range(1, POINTS + 1)]


class ResponseView(ApplicationStepView):
    form_class = ResponseForm

    def perform(self, form):
        data, application, actor = form.cleaned_data, self.application, self.request.user
        if data["outcome"] == ResponseForm.SIGNED:
            contract = services.response_signed(application=application, signed_on=data["signed_on"], actor=actor)
            self.text = f"Договор № {contract.number} подписан и действует с {contract.valid_from:%d.%m.%Y}"
        elif data["outcome"] == ResponseForm.DISAGREEMENT:
            protocol = services.response_disagreement(application=application, received_on=data["received_on"],
                                                      points=form.points(), actor=actor)
            self.text = f"{protocol} внесен: пунктов {protocol.points.count()}; ответ — юристу"
        else:
            services.response_refused(application=application, reason=data["reason"], actor=actor)
            self.text = "Отказ абонента внесен"

    def result(self):
        return self.text


class AnswerForm(forms.Form):
    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = list(points)
        for point in self.points:
            self.fields[f"decision_{point.pk}"] = forms.ChoiceField(
                label=f"П. {point.clause}: решение", choices=DisagreementPoint.Decision.choices)
            self.fields[f"agreed_{point.pk}"] = forms.CharField(
                label=f"П. {point.clause}: согласованная редакция", required=False, widget=TEXT)

    def decisions(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"decision_{p.pk}"], self.cleaned_data[f"agreed_{p.pk}"]) for p in self.points]


class AnswerView(ApplicationStepView):
    """The lawyer answers the latest protocol with «протокол согласования разногласий»."""

    form_class = AnswerForm

    @property
    def protocol(self):
        return self.application.protocols.order_by("-round").first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "points": self.protocol.points.all()}

    def perform(self, form):
        self.answer = services.protocol_answer(protocol=self.protocol, decisions=form.decisions(),
                                               actor=self.request.user)

    def result(self):
        return f"Протокол согласования разногласий № {self.answer.number} выпущен; направьте его абоненту"
