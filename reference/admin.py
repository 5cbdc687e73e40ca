"""Admin pages of the reference data: administrators edit, other roles view (roles.py).

Forms validate through the models' ``clean()`` (dates in order, no overlapping periods);
the inline formsets check what only the whole set can (a scheme starts at day 1, a
scale has its first bracket at zero). Every change is kept by django-simple-history and
written to the audit trail by the admin site (``admin.keyrate.created``,
``admin.penaltytierscheme.changed``, ``admin.ratecap.deleted``…).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import models


class CategoriesFormMixin(forms.ModelForm):
    """Categories as checkboxes, stored as comma-separated codes."""

    categories = forms.MultipleChoiceField(
        label="категории", choices=models.PenaltyCategory.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["categories"] = models.parse_categories(self.instance.categories)

    def clean_categories(self):
        return ",".join(self.cleaned_data["categories"])


class RateCapForm(CategoriesFormMixin):
    class Meta:
        model = models.RateCap
        fields = ["valid_from", "valid_to", "kind", "rate_percent", "categories", "norm", "statement_text", "note"]


class PenaltyMoratoriumForm(CategoriesFormMixin):
    class Meta:
        model = models.PenaltyMoratorium
        fields = ["valid_from", "valid_to", "kind", "categories", "debts_arisen_before", "norm", "note"]


def _alive(formset):
    return [
        form for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]


class PenaltyTierFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        days = sorted(form.cleaned_data["from_day"] for form in _alive(self) if "from_day" in form.cleaned_data)
        if not days:
            raise ValidationError("Шкала должна иметь хотя бы одну ступень")
        if days[0] != 1:
            raise ValidationError("Первая ступень шкалы начинается с 1-го дня просрочки")
        if len(set(days)) != len(days):
            raise ValidationError("Две ступени начинаются с одного дня")


class StateDutyBracketFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        overs = [form.cleaned_data["over"] for form in _alive(self) if "over" in form.cleaned_data]
        if self.instance.procedure == models.StateDutyScale.Procedure.CLAIM:
            if not overs or min(overs) != 0:
                raise ValidationError("Шкала по иску начинается со ступени «свыше 0»")
        if len(set(overs)) != len(overs):
            raise ValidationError("Две ступени с одной границей")


class PenaltyTierInline(admin.TabularInline):
    model = models.PenaltyTier
    formset = PenaltyTierFormSet
    extra = 0


class StateDutyBracketInline(admin.TabularInline):
    model = models.StateDutyBracket
    formset = StateDutyBracketFormSet
    extra = 0


class CalendarDayInline(admin.TabularInline):
    model = models.CalendarDay
    extra = 0


@admin.register(models.KeyRate)
class KeyRateAdmin(SimpleHistoryAdmin):
    list_display = ["effective_from", "rate_percent", "source"]
    date_hierarchy = "effective_from"


@admin.register(models.PenaltyTierScheme)
class PenaltyTierSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["category", "valid_from", "valid_to", "norm"]
    list_filter = ["category"]
    inlines = [PenaltyTierInline]


class CategoriesColumnMixin:
    """The list's column of categories by name, not by the stored codes («other,hoa»)."""

    @admin.display(description="категории", ordering="categories")
    def categories_names(self, obj) -> str:
        return models.categories_display(obj.categories)


@admin.register(models.RateCap)
class RateCapAdmin(CategoriesColumnMixin, SimpleHistoryAdmin):
    form = RateCapForm
    list_display = ["valid_from", "valid_to", "kind", "rate_percent", "categories_names", "norm"]


@admin.register(models.PenaltyMoratorium)
class PenaltyMoratoriumAdmin(CategoriesColumnMixin, SimpleHistoryAdmin):
    form = PenaltyMoratoriumForm
    list_display = ["valid_from", "valid_to", "kind", "categories_names", "debts_arisen_before", "norm"]


@admin.register(models.VatRate)
class VatRateAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "rate_percent", "norm"]


@admin.register(models.StateDutyScale)
class StateDutyScaleAdmin(SimpleHistoryAdmin):
    list_display = ["court", "procedure", "valid_from", "valid_to", "maximum", "minimum", "percent_of_claim_duty"]
    list_filter = ["court", "procedure"]
    inlines = [StateDutyBracketInline]


@admin.register(models.PaymentDueDay)
class PaymentDueDayAdmin(SimpleHistoryAdmin):
    list_display = ["payer", "valid_from", "day", "norm"]
    list_filter = ["payer"]


@admin.register(models.HeatSupplyPaymentTerms)
class HeatSupplyPaymentTermsAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "first_share_percent", "first_day", "second_share_percent", "final_day", "norm"]


@admin.register(models.ContractlessRule)
class ContractlessRuleAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "multiplier", "max_years", "payment_days", "norm"]


@admin.register(models.PoliceDamageThreshold)
class PoliceDamageThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "valid_to", "amount", "norm"]


@admin.register(models.SupplyRestrictionRule)
class SupplyRestrictionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "periods", "notice_days", "norm"]


@admin.register(models.CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "confirmed", "source"]
    inlines = [CalendarDayInline]
