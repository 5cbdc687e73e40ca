"""The task pages of the flow ``workflows.restriction``: each gathers its form and calls the
node's one service (``supply.services.restrictions``), as ``task_views.ServiceTaskView`` does.
Times are typed with minutes, Moscow time, as on the interruption's pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput
from subscribers.models import Contract, HeatedObject
from supply.models import SupplyRestriction
from supply.services.restrictions import restriction_impose, restriction_lift, restriction_warn, restriction_withdraw

from .interruption_steps import moment
from .task_views import ServiceTaskView, process_url

PAID_AFTER = "просроченная задолженность погашена после срока предупреждения, до введения ограничения"


class WarnForm(forms.Form):
    contract = forms.ModelChoiceField(label="Договор", queryset=Contract.objects.select_related("consumer"))
    heated_object = forms.ModelChoiceField(label="Объект", queryset=HeatedObject.objects.all())
    level = forms.ChoiceField(label="Вид ограничения", choices=SupplyRestriction.Level.choices,
                              initial=SupplyRestriction.Level.PARTIAL)
    sent_on = forms.DateField(label="Предупреждение вручено / отправлено", widget=DateInput())


class WarnView(ServiceTaskView):
    """The start: the written warning issued and registered as sent (ПП 808 п. 92–93)."""

    form_class = WarnForm
    template_name = "viewflow/workflow/start.html"

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        self.request.activation.process.artifact = restriction_warn(actor=self.request.user, **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        restriction = activation.process.restriction
        return (f"Предупреждение № {restriction.notice.number} выпущено; ограничение не ранее "
                f"{restriction.earliest_on:%d.%m.%Y}", process_url(activation), "Карточка процесса")


class RestrictionStepView(ServiceTaskView):
    """A step on the process's restriction: the page shows the warning and what was done."""

    template_name = "workflows/restriction/step.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(restriction=self.request.activation.process.restriction, **kwargs)


class ImposeForm(forms.Form):
    """Impose the restriction — or, when the debt was paid after the lead time, withdraw the
    warning (the service checks the ground either way)."""

    IMPOSE, WITHDRAW = "impose", "withdraw"

    decision = forms.ChoiceField(
        label="Решение", widget=forms.RadioSelect, initial=IMPOSE,
        choices=[(IMPOSE, "Ввести ограничение"), (WITHDRAW, "Отозвать предупреждение: просроченный долг погашен")],
    )
    restricted_at = moment("Ограничение введено: дата и время", required=False)
    method = forms.CharField(label="Как ограничено (способ, место)", max_length=500, required=False)
    performer = forms.CharField(label="Кто ограничил (ФИО, должность)", max_length=300, required=False)


class ImposeView(RestrictionStepView):
    form_class = ImposeForm

    def perform(self, form):
        data = dict(form.cleaned_data)
        restriction = self.request.activation.process.restriction
        if data.pop("decision") == ImposeForm.WITHDRAW:
            restriction_withdraw(restriction=restriction, withdrawn_on=timezone.localdate(), basis=PAID_AFTER,
                                 actor=self.request.user)
        else:
            restriction_impose(restriction=restriction, actor=self.request.user, **data)

    def done(self):
        activation = self.request.activation
        if not activation.process.restricted:
            return "Предупреждение отозвано: долг погашен", process_url(activation), "Карточка процесса"
        return (f"Ограничение введено, акт № {activation.process.restriction.restriction_act.number}",
                process_url(activation), "Карточка процесса")


class LiftForm(forms.Form):
    lifted_at = moment("Подача восстановлена: дата и время")
    method = forms.CharField(label="Как восстановлено (способ, место)", max_length=500)
    performer = forms.CharField(label="Кто восстановил (ФИО, должность)", max_length=300)
    basis = forms.CharField(label="Основание снятия (платеж, соглашение о погашении)", max_length=500)


class LiftView(RestrictionStepView):
    form_class = LiftForm

    def perform(self, form):
        restriction_lift(restriction=self.request.activation.process.restriction, actor=self.request.user,
                         **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        return (f"Ограничение снято, акт № {activation.process.restriction.lifting_act.number}",
                process_url(activation), "Карточка процесса")
