"""Reference rows → the plain, immutable structures the ``regulations`` functions take.

Every selector reads the database when called (a handful of small queries): a per-process
cache of rows could not see an administrator's edit made in another process, nor a
rolled-back transaction. What is cached is the work derived from the data, keyed by its
content: ``regulations.penalties.compile_calculator`` keeps the compiled rate tables per
(rules, category) in an ``lru_cache``. A caller that loops — a billing run, an accrual, a
benchmark — calls a selector once and passes the structure along.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from regulations import contractless, payment_terms, penalties, restriction, state_duty, vat
from regulations.errors import RuleError
from regulations.production_calendar import ProductionCalendar

from . import models


def key_rates() -> tuple[penalties.KeyRate, ...]:
    """Every key rate, oldest first."""
    return tuple(
        penalties.KeyRate(effective_from=row.effective_from, rate_percent=row.rate_percent)
        for row in models.KeyRate.objects.order_by("effective_from")
    )


def rate_caps() -> tuple[penalties.RateCap, ...]:
    return tuple(
        penalties.RateCap(
            valid_from=row.valid_from, valid_to=row.valid_to, kind=row.kind, rate_percent=row.rate_percent,
            categories=frozenset(models.parse_categories(row.categories)), norm=row.norm,
            statement_text=row.statement_text,
        )
        for row in models.RateCap.objects.order_by("valid_from")
    )


def tier_schemes() -> tuple[penalties.TierScheme, ...]:
    return tuple(
        penalties.TierScheme(
            category=row.category, valid_from=row.valid_from, valid_to=row.valid_to, norm=row.norm,
            tiers=tuple(penalties.Tier(from_day=t.from_day, denominator=t.denominator) for t in row.tiers.all()),
            document_basis=row.document_basis,
        )
        for row in models.PenaltyTierScheme.objects.prefetch_related("tiers").order_by("category", "valid_from")
    )


def moratoria() -> tuple[penalties.Moratorium, ...]:
    return tuple(
        penalties.Moratorium(
            date_from=row.valid_from, date_to=row.valid_to,  # type: ignore[arg-type]  # clean() requires an end
            categories=frozenset(models.parse_categories(row.categories)), norm=row.norm,
            debts_arisen_before=row.debts_arisen_before, kind=row.kind,
        )
        for row in models.PenaltyMoratorium.objects.order_by("valid_from")
    )


def penalty_rules() -> penalties.PenaltyRules:
    """Key rates, rate caps (ПП № 474), tier schemes and moratoria (ПП № 497, № 424)."""
    return penalties.PenaltyRules(
        key_rates=key_rates(), rate_caps=rate_caps(), tier_schemes=tier_schemes(), moratoria=moratoria()
    )


def vat_rates() -> tuple[vat.VatRate, ...]:
    return tuple(
        vat.VatRate(valid_from=row.valid_from, rate_percent=row.rate_percent, norm=row.norm)
        for row in models.VatRate.objects.order_by("valid_from")
    )


def vat_rate_on(day: date) -> vat.VatRate:
    """The VAT rate for a shipment (billing period) on ``day``."""
    return vat.vat_rate_on(day, vat_rates())


def duty_scales() -> tuple[state_duty.DutyScale, ...]:
    return tuple(
        state_duty.DutyScale(
            court=row.court, procedure=row.procedure, valid_from=row.valid_from, valid_to=row.valid_to,
            norm=row.norm, maximum=row.maximum, minimum=row.minimum,
            percent_of_claim_duty=row.percent_of_claim_duty, max_claim=row.max_claim,
            brackets=tuple(
                state_duty.DutyBracket(over=b.over, base=b.base, percent=b.percent) for b in row.brackets.all()
            ),
        )
        for row in models.StateDutyScale.objects.prefetch_related("brackets").order_by("valid_from")
    )


def due_day_rules() -> tuple[payment_terms.DueDayRule, ...]:
    """Citizens' and managing organisations' due days, oldest first."""
    return tuple(
        payment_terms.DueDayRule(payer=row.payer, valid_from=row.valid_from, day=row.day, norm=row.norm)
        for row in models.PaymentDueDay.objects.order_by("valid_from")
    )


def heat_supply_terms() -> tuple[payment_terms.HeatSupplyTerms, ...]:
    """The ПП РФ № 808 п. 35 schedules, oldest first."""
    return tuple(
        payment_terms.HeatSupplyTerms(
            valid_from=row.valid_from, first_share_percent=row.first_share_percent, first_day=row.first_day,
            second_share_percent=row.second_share_percent, final_day=row.final_day, norm=row.norm,
        )
        for row in models.HeatSupplyPaymentTerms.objects.order_by("valid_from")
    )


def payment_terms_on(day: date, category: str) -> payment_terms.ContractTerms:
    """The payment terms in force on ``day`` for a consumer of penalty ``category`` — what a
    contract gets unless it says otherwise (ПП № 808 п. 35, ЖК ст. 155 ч. 1, ПП № 124).
    ``RuleError`` when the reference data has no rule on that day."""
    return payment_terms.default_contract_terms(
        category=category, on=day, heat_supply=heat_supply_terms(), due_days=due_day_rules()
    )


def contractless_rule(on: date) -> contractless.ContractlessRule:
    """The contract-less consumption rule in force on ``on``."""
    row = models.ContractlessRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if row is None:
        raise RuleError(f"date: нет правила бездоговорного потребления на {on:%d.%m.%Y}", field="date")
    return contractless.ContractlessRule(
        valid_from=row.valid_from, multiplier=row.multiplier, max_years=row.max_years,
        payment_days=row.payment_days, norm=row.norm,
    )


def police_damage_threshold(on: date) -> Decimal:
    """The large-damage threshold of a police statement in force on ``on`` (the day a violation
    was found); ``RuleError`` naming ``found_on`` when the reference data has none that day."""
    row = (models.PoliceDamageThreshold.objects.filter(valid_from__lte=on)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())
    if row is None:
        raise RuleError(f"Нет порога крупного размера ущерба на {on:%d.%m.%Y}", field="found_on")
    return row.amount


def supply_restriction_rule(on: date) -> restriction.RestrictionRule:
    """The rule of restricting supply for a debt in force on ``on`` (ПП РФ № 808, п. 92–93)."""
    row = models.SupplyRestrictionRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if row is None:
        raise RuleError(f"date: нет правила ограничения подачи на {on:%d.%m.%Y}", field="date")
    return restriction.RestrictionRule(valid_from=row.valid_from, periods=row.periods, notice_days=row.notice_days,
                                       norm=row.norm)


def production_calendar() -> ProductionCalendar:
    """The production calendar of every covered year (ТК РФ ст. 112 outside them)."""
    days_off: set[date] = set()
    working: set[date] = set()
    for day, kind in models.CalendarDay.objects.values_list("date", "kind"):
        (working if kind == models.CalendarDay.Kind.WORKING else days_off).add(day)
    return ProductionCalendar(
        days_off=frozenset(days_off),
        working_weekends=frozenset(working),
        years=frozenset(models.CalendarYear.objects.values_list("year", flat=True)),
    )
