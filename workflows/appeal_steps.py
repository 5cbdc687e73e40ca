"""The pages of the appeal flow's human steps (``workflows/appeal.py``): each a form whose
``perform`` calls the step's one service of ``reception.services``. The answer page shows the
consumer's card beside the appeal (the sections every area adds to it) and starts actions on the
same task."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from core.forms import DateField, apply_errors
from reception import services
from reception.models import Appeal, AppealAction
from subscribers.card_sections import hooked_sections

from .task_views import ApprovalDecisionForm, ServiceTaskView

TEXT = forms.Textarea(attrs={"rows": 3})


def specialists():
    """Who may be given an appeal: active users with the right to answer."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    perm = Permission.objects.get(codename="answer_appeal", content_type__app_label="reception")
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True))
            .distinct().order_by("last_name", "first_name"))


class AppealStepView(ServiceTaskView):
    template_name = "workflows/appeal/step.html"

    @property
    def appeal(self) -> Appeal:
        return self.request.activation.process.appeal

    def get_context_data(self, **kwargs):
        appeal = self.appeal
        return super().get_context_data(appeal=appeal, questions=appeal.questions.order_by("position"),
                                        actions=appeal.actions.all(), **kwargs)

    def result(self) -> str:
        return f"Выполнено: «{self.request.activation.flow_task.task_title}»"

    def done(self):
        return self.result(), reverse("reception:journal:index"), "Журнал обращений"


class AssignForm(forms.Form):
    executor = forms.ModelChoiceField(label="Исполнитель", queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = specialists()


class AssignView(AppealStepView):
    form_class = AssignForm

    def perform(self, form):
        services.appeal_assign(appeal=self.appeal, executor=form.cleaned_data["executor"], actor=self.request.user)

    def result(self):
        return f"{self.appeal}: исполнитель {self.appeal.executor}"


class AnswerForm(forms.Form):
    """A field per question and per action started; the result; or an action to start."""

    START = "start_action"

    result = forms.ChoiceField(label="Результат рассмотрения", choices=[("", "—"), *Appeal.Result.choices],
                               required=False)
    result_text = forms.CharField(label="Пояснение к результату", max_length=2000, required=False, widget=TEXT)
    action_kind = forms.ChoiceField(label="Начать действие", choices=[("", "—"), *AppealAction.Kind.choices],
                                    required=False)
    action_description = forms.CharField(label="Что поручено", max_length=2000, required=False, widget=TEXT)
    action_reference = forms.CharField(label="Начатый процесс или документ (кроме обследования)", max_length=300,
                                       required=False)

    def __init__(self, *args, appeal: Appeal, **kwargs):
        super().__init__(*args, **kwargs)
        for question in appeal.questions.order_by("position"):
            self.fields[f"answer_{question.position}"] = forms.CharField(
                label=f"Ответ на вопрос № {question.position}: {question.text}", max_length=10000, required=False,
                widget=forms.Textarea(attrs={"rows": 4}), initial=question.answer)
        for action in appeal.actions.all():
            self.fields[f"action_{action.pk}"] = forms.CharField(
                label=f"Результат: {action}", max_length=2000, required=False, widget=TEXT, initial=action.result)
        self.order_fields([name for name in self.fields if name.startswith(("answer_", "action_"))
                           and name not in ("action_kind", "action_description", "action_reference")])


class AnswerView(AppealStepView):
    form_class = AnswerForm
    template_name = "workflows/appeal/answer.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "appeal": self.appeal}

    def get_initial(self):
        appeal = self.appeal
        return {"result": appeal.result, "result_text": appeal.result_text}

    def get_context_data(self, **kwargs):
        consumer = self.appeal.consumer
        sections = hooked_sections("consumer", self.request, consumer) if consumer is not None else []
        return super().get_context_data(sections=sections, **kwargs)

    def form_valid(self, form):
        if self.request.POST.get("action") != AnswerForm.START:
            return super().form_valid(form)
        from .appeal import appeal_action_open

        data = form.cleaned_data
        try:
            if not data["action_kind"]:
                raise ApplicationError("Выберите действие", code="required", field="action_kind")
            action = appeal_action_open(appeal=self.appeal, kind=data["action_kind"],
                                        description=data["action_description"], reference=data["action_reference"],
                                        actor=self.request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Начато: {action}" + (f" ({action.reference})" if action.reference else ""))
        return HttpResponseRedirect(self.request.get_full_path())

    def perform(self, form):
        data = form.cleaned_data
        answers = {int(name.split("_", 1)[1]): value for name, value in data.items()
                   if name.startswith("answer_") and value is not None}
        results = {int(name.split("_", 1)[1]): value for name, value in data.items()
                   if name.startswith("action_") and name.split("_", 1)[1].isdigit()}
        services.appeal_answer(appeal=self.appeal, answers=answers, result=data["result"],
                               result_text=data["result_text"], action_results=results, actor=self.request.user)

    def result(self):
        return f"{self.appeal}: ответ подготовлен и передан на подпись руководителю"


class SignView(AppealStepView):
    form_class = ApprovalDecisionForm
    template_name = "workflows/appeal/sign.html"

    def perform(self, form):
        data = form.cleaned_data
        activation = self.request.activation
        services.appeal_sign(appeal=self.appeal, approve=data["decision"] == ApprovalDecisionForm.APPROVE,
                             comment=data["comment"], actor=self.request.user, process=activation.process,
                             task=activation.task)

    def result(self):
        appeal = self.appeal
        if appeal.answer_id:
            return f"Ответ подписан и выпущен: {appeal.answer.title}"
        return f"{appeal}: ответ возвращен исполнителю"


class SendForm(forms.Form):
    way = forms.ChoiceField(label="Способ отправки", choices=Appeal.Way.choices)
    sent_on = DateField(label="Дата отправки")
    proof = forms.CharField(label="Подтверждение (почтовый идентификатор, отметка о вручении, отчет о доставке)",
                            max_length=500)


class SendView(AppealStepView):
    form_class = SendForm

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        services.appeal_sent_record(appeal=self.appeal, actor=self.request.user, **form.cleaned_data)

    def result(self):
        return f"{self.appeal}: ответ отправлен, обращение закрыто"
