"""Forms of the reception pages: the appeal's registration, the journal's filter, a letter."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateField
from subscribers.models import Consumer, Contract

from .journal import JournalFilter
from .models import Appeal, Applicant

TEXT = forms.Textarea(attrs={"rows": 3})


class ConsumerLinkMixin:
    """The consumer by its account code and the contract by its number, when the applicant names them."""

    def clean_consumer_code(self):
        code = self.cleaned_data["consumer_code"].strip()
        if not code:
            return None
        consumer = Consumer.objects.filter(code=code).first()
        if consumer is None:
            raise forms.ValidationError(f"Абонент с номером «{code}» не найден")
        return consumer


class RegisterForm(ConsumerLinkMixin, forms.Form):
    received_at = forms.DateTimeField(label="Дата и время поступления",
                                      input_formats=["%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                      widget=forms.DateTimeInput(attrs={"placeholder": "ДД.ММ.ГГГГ ЧЧ:ММ"}))
    channel = forms.ChoiceField(label="Канал", choices=Appeal.Channel.choices)
    applicant_kind = forms.ChoiceField(label="Заявитель", choices=Applicant.choices)
    applicant_name = forms.CharField(label="ФИО или наименование заявителя", max_length=500)
    applicant_address = forms.CharField(label="Адрес", max_length=500, required=False)
    applicant_phone = forms.CharField(label="Телефон", max_length=100, required=False)
    applicant_email = forms.EmailField(label="E-mail", required=False)
    consumer_code = forms.CharField(label="Абонентский номер (если известен)", max_length=30, required=False)
    contract_number = forms.CharField(label="Номер договора (если известен)", max_length=50, required=False)
    incoming_number = forms.CharField(label="Исх. № письма заявителя", max_length=50, required=False)
    incoming_date = DateField(label="Дата письма заявителя", required=False)
    category = forms.ChoiceField(label="Категория", choices=Appeal.Category.choices)
    summary = forms.CharField(label="Краткое содержание", max_length=5000, widget=TEXT)
    questions = forms.CharField(label="Вопросы заявителя — каждый с новой строки", max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 5}))

    def clean_contract_number(self):
        number = self.cleaned_data["contract_number"].strip()
        if not number:
            return None
        contract = Contract.objects.filter(number=number).select_related("consumer").first()
        if contract is None:
            raise forms.ValidationError(f"Договор № {number} не найден")
        return contract

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["consumer"] = data.pop("consumer_code")
        data["contract"] = data.pop("contract_number")
        data["questions"] = data["questions"].splitlines()
        return data


class JournalFilterForm(forms.Form):
    received_from = DateField(label="Поступило с", required=False)
    received_to = DateField(label="по", required=False)
    category = forms.ChoiceField(label="Категория", choices=[("", "Все"), *Appeal.Category.choices], required=False)
    channel = forms.ChoiceField(label="Канал", choices=[("", "Все"), *Appeal.Channel.choices], required=False)
    status = forms.ChoiceField(label="Состояние", choices=[("", "Все"), *Appeal.Status.choices], required=False)
    executor = forms.IntegerField(label="Исполнитель (id)", required=False, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label="Только просроченные", required=False)
    unanswered = forms.BooleanField(label="Только без ответа", required=False)
    search = forms.CharField(label="Номер, заявитель, л/с или договор", max_length=100, required=False)

    def journal_filter(self) -> JournalFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return JournalFilter(**{name: data.get(name) or JournalFilter.__dataclass_fields__[name].default
                                for name in JournalFilter.__dataclass_fields__})


class LetterForm(ConsumerLinkMixin, forms.Form):
    consumer_code = forms.CharField(label="Абонентский номер", max_length=30)
    heading = forms.CharField(label="О чем письмо", max_length=300)
    salutation = forms.CharField(label="Обращение («Уважаемый …!»)", max_length=200, required=False)
    paragraphs = forms.CharField(label="Текст письма — абзацы с новой строки", max_length=20000,
                                 widget=forms.Textarea(attrs={"rows": 8}))
    reply_number = forms.CharField(label="В ответ на: номер", max_length=50, required=False)
    reply_date = DateField(label="В ответ на: дата", required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("reply_number")) != bool(data.get("reply_date")):
            self.add_error("reply_number", "Укажите и номер, и дату письма, на которое отвечаете")
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        reply = (data["reply_number"], data["reply_date"]) if data.get("reply_number") else None
        return {"consumer": data["consumer_code"], "heading": data["heading"], "salutation": data["salutation"],
                "paragraphs": data["paragraphs"].splitlines(), "in_reply_to": reply}


def now_local_text() -> str:
    return timezone.localtime().strftime("%d.%m.%Y %H:%M")


class SpecialistChoiceField(forms.ModelChoiceField):
    """A specialist by name («Петров Сергей»: a user's ``str``, ``core.display.user_name``)."""


def specialists():
    """The users with reception hours in force."""
    from django.contrib.auth import get_user_model

    from .models import ReceptionHours

    ids = ReceptionHours.objects.filter(active=True).values("specialist_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


class ScheduleForm(forms.Form):
    """Which day's reception hours the page shows (and whose)."""

    on = DateField(label="Дата", required=False)
    specialist = SpecialistChoiceField(label="Специалист", queryset=specialists(), required=False,
                                       empty_label="Все специалисты")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists()


class BookingForm(ConsumerLinkMixin, forms.Form):
    specialist = SpecialistChoiceField(label="Специалист", queryset=specialists())
    on = DateField(label="Дата приема")
    at = forms.TimeField(label="Время приема", input_formats=["%H:%M"],
                         widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "ЧЧ:ММ"}))
    visitor_name = forms.CharField(label="ФИО посетителя", max_length=500)
    visitor_phone = forms.CharField(label="Телефон", max_length=100, required=False)
    consumer_code = forms.CharField(label="Абонентский номер (если известен)", max_length=30, required=False)
    appeal_number = forms.CharField(label="Рег. № обращения (если есть)", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists()

    def clean_appeal_number(self):
        number = self.cleaned_data["appeal_number"].strip()
        if not number:
            return None
        appeal = Appeal.objects.filter(number=number).select_related("consumer").first()
        if appeal is None:
            raise forms.ValidationError(f"Обращение № {number} не найдено")
        return appeal

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["consumer"] = data.pop("consumer_code")
        data["appeal"] = data.pop("appeal_number")
        return data
