"""Forms of the reference-data pages: they convert input; ``reference.services`` validates and writes."""

from __future__ import annotations

from viewflow.forms import Layout, Row

from core.forms import DateInput, ServiceModelForm

from .models import CalendarDay, CalendarYear, VatRate
from .services import DAY_EDITABLE, VAT_EDITABLE, YEAR_EDITABLE

DATE = DateInput()


class VatRateForm(ServiceModelForm):
    class Meta:
        model = VatRate
        fields = list(VAT_EDITABLE)
        widgets = {"valid_from": DATE}

    layout = Layout(Row("valid_from", "rate_percent"), "norm")


class CalendarYearForm(ServiceModelForm):
    class Meta:
        model = CalendarYear
        fields = list(YEAR_EDITABLE)

    layout = Layout(Row("year", "confirmed"), "source", "note")


class CalendarYearChangeForm(CalendarYearForm):
    """The year of a calendar is fixed: its days belong to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].disabled = True


class CalendarDayForm(ServiceModelForm):
    class Meta:
        model = CalendarDay
        fields = list(DAY_EDITABLE)
        widgets = {"date": DATE}

    layout = Layout("calendar_year", Row("date", "kind"), "note")
