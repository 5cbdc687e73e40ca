"""Admin pages of the reference data: administrators edit, other roles view (roles.py).

Forms validate through the models' ``clean()`` (dates in order, no overlapping periods);
the inline formsets check what only the whole set can (a scheme starts at day 1, a
scale has its first bracket at zero). Every change is kept by django-simple-history and
written to the audit trail in the admin's own transaction (``keyrate.created``,
``penaltytier.changed``, ``ratecap.deleted``…).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from audit.services import record_event

from . import models


def _audit(request, obj, verb: str, *, data: dict | None = None) -> None:
    record_event(
        action=f"{obj._meta.model_name}.{verb}",
        actor=request.user,
        target=obj if obj.pk is not None else None,
        data={"object": str(obj), **(data or {})},
    )


class AuditedAdmin(SimpleHistoryAdmin):
    """Every save and delete, of the row and of its inline rows, goes to the audit trail.

    Django's admin wraps a change form and a delete in one transaction, so the event is
    written or rolled back with the change.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _audit(request, obj, "changed" if change else "created", data={"fields": form.changed_data})

    def delete_model(self, request, obj):
        _audit(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _audit(request, obj, "deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit(request, obj, "created")
        for obj, fields in formset.changed_objects:
            _audit(request, obj, "changed", data={"fields": fields})
        for obj in formset.deleted_objects:
            _audit(request, obj, "deleted")


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
        fields = ["valid_from", "valid_to", "kind", "rate_percent", "categories", "norm", "note"]


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
class KeyRateAdmin(AuditedAdmin):
    list_display = ["effective_from", "rate_percent", "source"]
    date_hierarchy = "effective_from"


@admin.register(models.PenaltyTierScheme)
class PenaltyTierSchemeAdmin(AuditedAdmin):
    list_display = ["category", "valid_from", "valid_to", "norm"]
    list_filter = ["category"]
    inlines = [PenaltyTierInline]


@admin.register(models.RateCap)
class RateCapAdmin(AuditedAdmin):
    form = RateCapForm
    list_display = ["valid_from", "valid_to", "kind", "rate_percent", "categories", "norm"]


@admin.register(models.PenaltyMoratorium)
class PenaltyMoratoriumAdmin(AuditedAdmin):
    form = PenaltyMoratoriumForm
    list_display = ["valid_from", "valid_to", "kind", "categories", "debts_arisen_before", "norm"]


@admin.register(models.VatRate)
class VatRateAdmin(AuditedAdmin):
    list_display = ["valid_from", "rate_percent", "norm"]


@admin.register(models.StateDutyScale)
class StateDutyScaleAdmin(AuditedAdmin):
    list_display = ["court", "procedure", "valid_from", "valid_to", "maximum", "minimum", "percent_of_claim_duty"]
    list_filter = ["court", "procedure"]
    inlines = [StateDutyBracketInline]


@admin.register(models.PaymentDueDay)
class PaymentDueDayAdmin(AuditedAdmin):
    list_display = ["payer", "valid_from", "day", "norm"]
    list_filter = ["payer"]


@admin.register(models.ContractlessRule)
class ContractlessRuleAdmin(AuditedAdmin):
    list_display = ["valid_from", "multiplier", "max_years", "payment_days", "norm"]


@admin.register(models.CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "confirmed", "source"]
    inlines = [CalendarDayInline]
