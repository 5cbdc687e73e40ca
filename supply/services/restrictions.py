"""Restriction of supply to a debtor (ПП РФ № 808, п. 92–93; docs/supply.md «Ограничение
подачи за долги»): the written warning with the lead time of the dated rule, registered as
sent → the restriction act (date, time, how, who) no earlier than the warning allows → the
lifting act after payment. One ``SupplyRestriction`` per object; the export's supply-mode
sheet shows it for every period it overlaps."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from billing.models import Invoice
from core.errors import ApplicationError
from core.formatting import amount
from core.permissions import require
from core.types import Actor
from core.wording import plural
from documents.services import issue_document
from reference.selectors import supply_restriction_rule
from regulations.restriction import RestrictionGrounds, RestrictionRule, earliest_restriction_day, restriction_grounds
from settlements.selectors import periods_of
from subscribers.models import Contract, HeatedObject

from ..models import SupplyRestriction
from ..restriction_documents import lifting_act_context, restriction_act_context, warning_context

PERMISSION = "supply.restrict_supply"
MESSAGE = "Ограничение подачи ведут расчетчики и руководители"
LEVEL_TEXT: dict[str, str] = {
    SupplyRestriction.Level.PARTIAL: "частичное ограничение", SupplyRestriction.Level.FULL: "полное ограничение",
}


CLOSED = (SupplyRestriction.Status.LIFTED, SupplyRestriction.Status.WITHDRAWN)  # an object may be warned again


def _required(*fields: tuple[str, str, str]) -> None:
    """Each ``(value, field, label)`` must be given."""
    for value, field, label in fields:
        if not value.strip():
            raise ApplicationError(f"{label}: не указано", code="required", field=field)


def overdue_debt(*, contract: Contract, as_of: date) -> Decimal:
    """The contract's outstanding debt past its due dates on ``as_of``."""
    return sum((row.outstanding for row in periods_of(consumer=contract.consumer, as_of=as_of)
                if row.contract_number == contract.number and row.days_overdue > 0), Decimal("0"))


def _period_charge(contract: Contract, before: date) -> Decimal:
    """The charge of one period of payment: the contract's last invoice of a month before ``before``'s."""
    last = Invoice.objects.filter(contract=contract, period__month__lt=before.replace(day=1)).order_by("-period__month").first()
    return last.amount_with_vat if last else Decimal("0")


def _grounds(contract: Contract, on: date) -> tuple[RestrictionRule, Decimal, RestrictionGrounds]:
    """The rule in force on ``on``, the contract's overdue debt then, and whether it is a ground."""
    rule = supply_restriction_rule(on)
    debt = overdue_debt(contract=contract, as_of=on)
    return rule, debt, restriction_grounds(overdue_debt=debt, period_charge=_period_charge(contract, on), rule=rule)


def _against_ground(rule: RestrictionRule, debt: Decimal, grounds: RestrictionGrounds, on: date) -> str:
    """«Просроченная задолженность на 03.02.2026 — 0,00 ₽ — не превышает платы за 1 период платежа
    (242 610,00 ₽)», or «… превышает плату за …» while it is a ground."""
    compared = "превышает плату" if grounds.allowed else "не превышает платы"
    periods = plural(rule.periods, "период", "периода", "периодов")
    return (f"Просроченная задолженность на {on:%d.%m.%Y} — {amount(debt)} ₽ — {compared} за {rule.periods} {periods} "
            f"платежа ({amount(grounds.threshold)} ₽)")


@transaction.atomic
def restriction_warn(*, contract: Contract, heated_object: HeatedObject, sent_on: date, level: str, actor: Actor
                     ) -> SupplyRestriction:
    """Issue the written warning (``common.notice``) and register it as sent on ``sent_on``:
    allowed when the overdue debt exceeds the rule's periods of payment (ПП 808 п. 92); the
    earliest day of the restriction is ``sent_on`` + the rule's lead time (п. 93)."""
    require(actor, PERMISSION, message=MESSAGE)
    if not contract.objects_covered.filter(pk=heated_object.pk).exists():
        raise ApplicationError(f"Объект {heated_object.code} не входит в договор № {contract.number}",
                               code="foreign_object", field="heated_object")
    if sent_on > timezone.localdate():
        raise ApplicationError("Дата отправки предупреждения: еще не наступила", code="in_future", field="sent_on")
    if level not in SupplyRestriction.Level.values:
        raise ApplicationError(f"Неизвестный вид ограничения «{level}»", code="invalid_choice", field="level")
    if SupplyRestriction.objects.filter(heated_object=heated_object).exclude(status__in=CLOSED).exists():
        raise ApplicationError(f"По объекту {heated_object.code} ограничение уже ведется", code="duplicate",
                               field="heated_object")
    rule, debt, grounds = _grounds(contract, sent_on)
    if not grounds.allowed:
        raise ApplicationError(f"{_against_ground(rule, debt, grounds, sent_on)}: ограничение не допускается "
                               f"({rule.norm})", code="no_grounds", field="contract")
    earliest = earliest_restriction_day(notice_delivered_on=sent_on, rule=rule)
    context = warning_context(contract=contract, heated_object=heated_object, overdue_debt=debt, earliest_on=earliest,
                              level_text=LEVEL_TEXT[level], norm=rule.norm, actor=actor)
    notice = issue_document(template="common.notice", context=context, subject=contract, actor=actor)
    restriction = SupplyRestriction.objects.create(
        contract=contract, heated_object=heated_object, overdue_debt=debt, level=level, notice=notice,
        notice_sent_on=sent_on, earliest_on=earliest, created_by=actor,  # type: ignore[misc]  # require() let a user through
    )
    record_event(action="supply.restriction.warned", actor=actor, target=restriction,
                 data={"notice": notice.number, "debt": debt, "sent_on": sent_on, "earliest_on": earliest})
    return restriction


@transaction.atomic
def restriction_impose(*, restriction: SupplyRestriction, restricted_at: datetime | None, method: str, performer: str,
                       actor: Actor) -> SupplyRestriction:
    """Record the restriction (date, time, how, who) and issue its act — only while the overdue
    debt on the restriction's day still exceeds the ground (a debt paid after the lead time
    leaves the warning to be withdrawn instead)."""
    require(actor, PERMISSION, message=MESSAGE)
    restriction = SupplyRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != SupplyRestriction.Status.WARNED:
        raise ApplicationError(f"Ограничение: {restriction.get_status_display().lower()}", code="wrong_status",
                               field="restriction")
    if restricted_at is None:
        raise ApplicationError("Время ограничения: не указано", code="required", field="restricted_at")
    day = timezone.localtime(restricted_at).date()
    if day < restriction.earliest_on:
        raise ApplicationError(f"Время ограничения: не ранее {restriction.earliest_on:%d.%m.%Y} (срок предупреждения)",
                               code="too_early", field="restricted_at")
    if restricted_at > timezone.now():
        raise ApplicationError("Время ограничения: еще не наступило", code="in_future", field="restricted_at")
    _required((method, "method", "Способ ограничения"), (performer, "performer", "Кто ограничил"))
    rule, debt, grounds = _grounds(restriction.contract, day)
    if not grounds.allowed:  # paid down after the lead time: no ground left for the restriction (ПП 808 п. 92)
        raise ApplicationError(f"{_against_ground(rule, debt, grounds, day)}: ограничение не допускается, "
                               f"отзовите предупреждение ({rule.norm})", code="no_grounds", field="decision")
    restriction.restricted_at, restriction.restriction_method, restriction.restricted_by = (
        restricted_at, method.strip(), performer.strip())
    restriction.status = SupplyRestriction.Status.RESTRICTED
    restriction.restriction_act = issue_document(template="supply.restriction_act", subject=restriction, actor=actor,
                                                 context=restriction_act_context(restriction))
    restriction.save()
    record_event(action="supply.restriction.imposed", actor=actor, target=restriction,
                 data={"act": restriction.restriction_act.number, "restricted_at": restricted_at.isoformat()})
    return restriction


@transaction.atomic
def restriction_lift(*, restriction: SupplyRestriction, lifted_at: datetime, method: str, performer: str, basis: str,
                     actor: Actor) -> SupplyRestriction:
    """Record the restoration after payment (``basis``: the payment or agreement) and issue the lifting act."""
    require(actor, PERMISSION, message=MESSAGE)
    restriction = SupplyRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != SupplyRestriction.Status.RESTRICTED:
        raise ApplicationError(f"Ограничение: {restriction.get_status_display().lower()}", code="wrong_status",
                               field="restriction")
    if restriction.restricted_at is None or lifted_at <= restriction.restricted_at:
        raise ApplicationError("Время восстановления: не позже ограничения", code="before_restriction", field="lifted_at")
    if lifted_at > timezone.now():
        raise ApplicationError("Время восстановления: еще не наступило", code="in_future", field="lifted_at")
    _required((method, "method", "Способ восстановления"), (performer, "performer", "Кто восстановил"),
              (basis, "basis", "Основание снятия"))
    restriction.lifted_at, restriction.lifting_method, restriction.lifted_by, restriction.lifting_basis = (
        lifted_at, method.strip(), performer.strip(), basis.strip())
    restriction.status = SupplyRestriction.Status.LIFTED
    restriction.lifting_act = issue_document(template="supply.lifting_act", subject=restriction, actor=actor,
                                             context=lifting_act_context(restriction))
    restriction.save()
    record_event(action="supply.restriction.lifted", actor=actor, target=restriction,
                 data={"act": restriction.lifting_act.number, "lifted_at": lifted_at.isoformat()})
    return restriction


def restriction_grounds_hold(*, restriction: SupplyRestriction, on: date) -> bool:
    """Whether the overdue debt on ``on`` still exceeds the rule's periods of payment (ПП 808
    п. 92): the warning's ground when its lead time is over."""
    return _grounds(restriction.contract, on)[2].allowed


@transaction.atomic
def restriction_withdraw(*, restriction: SupplyRestriction, withdrawn_on: date, basis: str, actor: Actor
                         ) -> SupplyRestriction:
    """Withdraw a warning whose ground is gone on ``withdrawn_on`` (the debt paid down during the
    lead time, or after it and before the restriction): no restriction follows it, and the object
    may be warned again later. While the ground holds, the warning stands."""
    require(actor, PERMISSION, message=MESSAGE)
    restriction = SupplyRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != SupplyRestriction.Status.WARNED:
        raise ApplicationError(f"Ограничение: {restriction.get_status_display().lower()}", code="wrong_status",
                               field="restriction")
    if withdrawn_on < restriction.notice_sent_on:
        raise ApplicationError("Дата отзыва: раньше предупреждения", code="before_warning", field="withdrawn_on")
    rule, debt, grounds = _grounds(restriction.contract, withdrawn_on)
    if grounds.allowed:
        raise ApplicationError(f"{_against_ground(rule, debt, grounds, withdrawn_on)}: основание ограничения "
                               "сохраняется, предупреждение не отзывается", code="grounds_hold", field="decision")
    _required((basis, "basis", "Основание отзыва"))
    restriction.status, restriction.withdrawn_on, restriction.withdrawal_basis = (
        SupplyRestriction.Status.WITHDRAWN, withdrawn_on, basis.strip())
    restriction.save()
    record_event(action="supply.restriction.withdrawn", actor=actor, target=restriction,
                 data={"withdrawn_on": withdrawn_on, "basis": restriction.withdrawal_basis})
    return restriction
