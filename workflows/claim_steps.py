"""The pages of the claim flow's human steps (``workflows/claim.py``): each a form whose
``perform`` calls the step's one service of ``casefiles.services``; the court stage and the
enforcement are repeatable steps (``RepeatableStepView``: hearings, payments recorded on the
same task until the judgment, the closing); the package step uploads the documents the
checklist misses on the same page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from casefiles import selectors as cases
from casefiles import services
from casefiles.case_package import case_package_missing
from casefiles.models import Case, CaseDocument, Court, Judgment
from core.errors import ApplicationError
from core.forms import DateField, DecimalField, apply_errors
from documents.formatting import date_short, money

from .task_views import ApprovalDecisionForm, ServiceTaskView

TEXT = forms.Textarea(attrs={"rows": 3})
COURT_KINDS = [(kind, Case.Kind(kind).label) for kind in Case.COURT_KINDS]


def case_url(case: Case) -> str:
    return reverse("casefiles:card", kwargs={"case_id": case.pk})


class CaseStepView(ServiceTaskView):
    """A step on the process's case: the page shows the case, the result links to its card."""

    template_name = "workflows/claim/step.html"

    @property
    def case(self) -> Case:
        return self.request.activation.process.case

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, case_url=case_url(self.case), **kwargs)

    def result(self) -> str:
        return f"Выполнено: «{self.request.activation.flow_task.task_title}»"

    def done(self):
        return self.result(), case_url(self.case), "Карточка дела"


class RepeatableStepView(CaseStepView):
    """A step with a repeatable record besides its completing one: the POST's ``action`` names
    which; ``repeat(form)`` records one item and leaves the task open on the same page."""

    REPEAT, DONE = "repeat", "done"

    def action(self) -> str:
        return self.request.POST.get("action") or self.DONE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action()}

    def repeat(self, form) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        if self.action() != self.REPEAT:
            return super().form_valid(form)
        try:
            text = self.repeat(form)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, text)
        return HttpResponseRedirect(self.request.get_full_path())


class ActionForm(forms.Form):
    """A form of a repeatable step: the fields of the chosen action are required."""

    REQUIRED: dict[str, tuple[str, ...]] = {}

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        for name in self.REQUIRED.get(action, ()):
            self.fields[name].required = True


# ---------------------------------------------------------------- the claim


class IssueClaimForm(forms.Form):
    as_of = DateField(label="Суммы и пени на дату")


class IssueClaimView(CaseStepView):
    form_class = IssueClaimForm

    def get_initial(self):
        return {"as_of": timezone.localdate()}

    def perform(self, form):
        self.claim = services.claim_issue(case=self.case, actor=self.request.user, **form.cleaned_data)

    def result(self):
        return f"Претензия выпущена: {self.claim.title}"


class SendClaimForm(forms.Form):
    sent_on = DateField(label="Дата отправки")
    tracking = forms.CharField(label="Почтовый идентификатор (трек-номер)", max_length=50)
    proof = forms.FileField(label="Квитанция или опись (если есть)", required=False)


class SendClaimView(CaseStepView):
    form_class = SendClaimForm

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        proof = data["proof"]
        services.claim_sent_record(case=self.case, sent_on=data["sent_on"], tracking=data["tracking"],
                                   proof=proof.read() if proof else None, proof_filename=proof.name if proof else "",
                                   actor=self.request.user)

    def result(self):
        term = cases.claim_term_over_on(self.case)
        return f"Претензия отправлена; срок ответа истекает, в суд — не раньше {date_short(term)}"


# ---------------------------------------------------------------- the route and the application


class RouteForm(forms.Form):
    kind = forms.ChoiceField(label="Порядок обращения в суд", choices=COURT_KINDS)
    court = forms.ModelChoiceField(label="Суд", queryset=Court.objects.filter(active=True))
    reason = forms.CharField(label="Причина (если выбран не предложенный порядок)", max_length=500, required=False,
                             widget=TEXT)


class RouteView(CaseStepView):
    form_class = RouteForm
    template_name = "workflows/claim/route.html"

    def proposal(self):
        try:
            return cases.route_proposal(case=self.case, on=timezone.localdate())
        except ApplicationError:
            return None

    def get_initial(self):
        proposal = self.proposal()
        if proposal is None:
            return {}
        court = self.case.court or Court.objects.filter(active=True, kind__in=proposal.courts).first()
        return {"kind": proposal.kind, "court": court}

    def get_context_data(self, **kwargs):
        proposal = self.proposal()
        label = Case.Kind(proposal.kind).label if proposal else ""
        return super().get_context_data(proposal=proposal, proposal_label=label, **kwargs)

    def perform(self, form):
        services.case_route_set(case=self.case, actor=self.request.user, **form.cleaned_data)

    def result(self):
        case = self.case
        return f"Порядок выбран: {case.get_kind_display()}, {case.court}"


class ApplicationForm(forms.Form):
    as_of = DateField(label="Суммы и пени на дату")
    copy_sent_on = DateField(label="Копия иска направлена должнику (для иска)", required=False)
    copy_proof = forms.CharField(label="Как направлена копия (почтовый идентификатор)", max_length=300, required=False)


class ApplicationView(CaseStepView):
    form_class = ApplicationForm

    def get_initial(self):
        return {"as_of": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        copy_sent = ({"date": date_short(data["copy_sent_on"]), "proof": data["copy_proof"]}
                     if data["copy_sent_on"] else None)
        self.application = services.application_issue(case=self.case, as_of=data["as_of"], copy_sent=copy_sent,
                                                      actor=self.request.user)

    def result(self):
        return f"Выпущено: {self.application.title}"


# ---------------------------------------------------------------- the package


class PackageForm(ActionForm):
    REQUIRED = {RepeatableStepView.REPEAT: ("kind", "title", "file")}

    kind = forms.ChoiceField(label="Вид документа", choices=[("", "—"), *CaseDocument.Kind.choices], required=False)
    title = forms.CharField(label="Наименование", max_length=300, required=False)
    file = forms.FileField(label="Файл (PDF, DOCX, JPEG, PNG)", required=False)
    is_original = forms.BooleanField(label="Оригинал", required=False)


class PackageView(RepeatableStepView):
    """The lawyer builds the package; while the checklist misses a document the build is
    refused naming it, and the document is uploaded here."""

    form_class = PackageForm
    template_name = "workflows/claim/package.html"

    def get_context_data(self, **kwargs):
        case = self.case
        returned = case.packages.filter(returned_at__isnull=False).select_related("returned_by").order_by("-version")
        return super().get_context_data(
            missing=case_package_missing(case), documents=case.documents.order_by("added_at", "pk"),
            returned=returned.first(), **kwargs)

    def repeat(self, form):
        data = form.cleaned_data
        item = services.document_upload(case=self.case, content=data["file"].read(), filename=data["file"].name,
                                        kind=data["kind"], title=data["title"], is_original=data["is_original"],
                                        actor=self.request.user)
        return f"Документ «{item.title}» добавлен в дело"

    def perform(self, form):
        self.package = services.package_build(case=self.case, actor=self.request.user)

    def result(self):
        return f"Пакет документов сформирован: версия {self.package.version}, листов {self.package.page_count}"


class PackageApprovalView(CaseStepView):
    form_class = ApprovalDecisionForm
    template_name = "workflows/claim/approve.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(package=self.request.activation.process.package, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == ApprovalDecisionForm.APPROVE:
            services.package_approve(case=self.case, actor=self.request.user)
        else:
            services.package_return(case=self.case, comment=data["comment"], actor=self.request.user)

    def result(self):
        package = self.request.activation.process.package
        if package.approved_at:
            return f"Пакет документов версии {package.version} утвержден"
        return f"Пакет документов версии {package.version} возвращен юристу"


# ---------------------------------------------------------------- the court


class FileForm(forms.Form):
    filed_on = DateField(label="Дата подачи")
    court = forms.ModelChoiceField(label="Суд", queryset=Court.objects.filter(active=True))
    court_case_number = forms.CharField(label="Номер дела в суде", max_length=100)


class FileView(CaseStepView):
    form_class = FileForm

    def get_initial(self):
        return {"filed_on": timezone.localdate(), "court": self.case.court}

    def perform(self, form):
        services.case_file(case=self.case, actor=self.request.user, **form.cleaned_data)

    def result(self):
        return f"Дело подано: {self.case.court}, № {self.case.court_case_number}"


class CourtForm(ActionForm):
    """A hearing (repeatable) or the judgment (completes the step)."""

    REQUIRED = {RepeatableStepView.REPEAT: ("starts_at",), RepeatableStepView.DONE: ("kind", "decided_on")}

    starts_at = forms.DateTimeField(label="Заседание: дата и время", required=False,
                                    input_formats=["%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                    widget=forms.DateTimeInput(attrs={"placeholder": "ДД.ММ.ГГГГ ЧЧ:ММ"}))
    place = forms.CharField(label="Место (зал)", max_length=300, required=False)
    result = forms.CharField(label="Результат заседания", max_length=2000, required=False, widget=TEXT)
    kind = forms.ChoiceField(label="Судебный акт", choices=Judgment.Kind.choices, required=False)
    decided_on = DateField(label="Дата судебного акта", required=False)
    principal_awarded = DecimalField(label="Взыскан основной долг, ₽", required=False)
    penalty_awarded = DecimalField(label="Взысканы пени, ₽", required=False)
    duty_awarded = DecimalField(label="Взыскана госпошлина, ₽", required=False)
    enters_into_force = DateField(label="Вступает в силу", required=False)
    note = forms.CharField(label="Примечание", max_length=2000, required=False, widget=TEXT)


class CourtView(RepeatableStepView):
    form_class = CourtForm
    template_name = "workflows/claim/court.html"

    def get_initial(self):
        case = self.case
        kind = Judgment.Kind.COURT_ORDER if case.kind in (Case.Kind.ORDER_ARBITRATION, Case.Kind.ORDER_MAGISTRATE) \
            else Judgment.Kind.DECISION
        return {"kind": kind, "principal_awarded": case.principal, "penalty_awarded": case.penalty,
                "duty_awarded": case.state_duty}

    def get_context_data(self, **kwargs):
        return super().get_context_data(hearings=self.case.hearings.all(), **kwargs)

    def repeat(self, form):
        data = form.cleaned_data
        hearing = services.hearing_add(case=self.case, starts_at=data["starts_at"], place=data["place"],
                                       result=data["result"], actor=self.request.user)
        return f"Внесено: {hearing}"

    def perform(self, form):
        data = form.cleaned_data
        amounts = {name: data[name] for name in ("principal_awarded", "penalty_awarded", "duty_awarded")
                   if data[name] is not None}
        self.judgment = services.judgment_record(
            case=self.case, kind=data["kind"], decided_on=data["decided_on"], enters_into_force=data["enters_into_force"],
            note=data["note"], actor=self.request.user, **amounts)

    def result(self):
        return f"Внесено: {self.judgment}"


class WritForm(forms.Form):
    number = forms.CharField(label="Серия и номер исполнительного листа", max_length=100)
    issued_on = DateField(label="Дата выдачи")
    issued_by = forms.CharField(label="Кем выдан", max_length=300)


class WritView(CaseStepView):
    form_class = WritForm

    def get_initial(self):
        return {"issued_on": timezone.localdate(), "issued_by": self.case.court.name if self.case.court else ""}

    def perform(self, form):
        self.writ = services.writ_record(case=self.case, actor=self.request.user, **form.cleaned_data)

    def result(self):
        return f"Внесен {self.writ}"


# ---------------------------------------------------------------- enforcement


class EnforcementForm(ActionForm):
    """A payment received (repeatable) or the closing of the case (completes the step)."""

    REQUIRED = {RepeatableStepView.REPEAT: ("paid_on", "amount", "document"), RepeatableStepView.DONE: ("closed_on", "outcome")}
    OUTCOMES = [(o, Case.Outcome(o).label) for o in (Case.Outcome.RECOVERED, Case.Outcome.PARTLY, Case.Outcome.OTHER)]

    paid_on = DateField(label="Дата поступления", required=False)
    amount = DecimalField(label="Сумма, ₽", required=False)
    document = forms.CharField(label="Платежный документ", max_length=300, required=False)
    closed_on = DateField(label="Дата закрытия дела", required=False)
    outcome = forms.ChoiceField(label="Итог", choices=[("", "—"), *OUTCOMES], required=False)
    note = forms.CharField(label="Примечание", max_length=2000, required=False, widget=TEXT)


class EnforcementView(RepeatableStepView):
    form_class = EnforcementForm
    template_name = "workflows/claim/enforcement.html"

    def get_initial(self):
        today = timezone.localdate()
        return {"paid_on": today, "closed_on": today}

    def get_context_data(self, **kwargs):
        card = cases.case_card(case=self.case)
        return super().get_context_data(payments=card["payments"], recovered=card["recovered"],
                                        judgment=card["judgment"], **kwargs)

    def repeat(self, form):
        data = form.cleaned_data
        payment = services.enforcement_payment_record(case=self.case, paid_on=data["paid_on"], amount=data["amount"],
                                                      document=data["document"], actor=self.request.user)
        return f"Поступление внесено: {payment}"

    def perform(self, form):
        data = form.cleaned_data
        services.case_close(case=self.case, closed_on=data["closed_on"], outcome=data["outcome"], note=data["note"],
                            actor=self.request.user)

    def result(self):
        return f"Дело закрыто: {self.case.get_outcome_display()}, взыскано {money(self.case.recovered)}"
