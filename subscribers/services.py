"""Every write to the register: consumers, heated objects, loads, contracts, our organisation.

Each service takes keyword arguments only, checks the actor's permission with
``core.permissions.require`` (``actor=None`` is the system: a command, an import, the demo
seed), validates the row (``validated``) before saving it with the actor on its history rows,
and writes its audit event in the same transaction. An update goes through
``core.updates.model_update``: one that changes nothing writes nothing — no save, no history
row, no audit event — so re-importing a file is a no-op; its event holds
``{field: {"было": …, "стало": …}}`` (docs/audit.md, "One update path").

Refusals: ``ApplicationError`` with code ``permission_denied`` (→ 403 at the edge), and
``ApplicationError`` for everything a user can fix (a model's validation errors field by
field in its ``extra["errors"]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from audit.services import record_event
from core import identifiers
from core.errors import ApplicationError
from core.history import history_actor
from core.permissions import allowed, require
from core.types import Actor
from core.updates import assign, audit_changes, check_fields, model_update, pending_changes
from core.validation import validated
from reference.selectors import payment_terms_on
from regulations.errors import RuleError

from .models import (
    Consumer,
    Contract,
    HeatedObject,
    HeatLoad,
    NetworkSection,
    Organization,
    Signatory,
    TariffGroup,
)

MONEY_TERMS_PERMISSION = "subscribers.change_money_terms"
MONEY_TERMS_REFUSED = "Денежные условия договора ({fields}) может изменять только сотрудник с правом «{right}»"
CONTRACT_TERMS_PERMISSION = "subscribers.change_contract_terms"
CONTRACT_TERMS_REFUSED = "Условия договора ({fields}) может изменять только сотрудник с правом «{right}»"


# --- helpers -------------------------------------------------------------------------------


def _save(instance: models.Model, actor: Actor, *, m2m: dict[str, list] | None = None) -> None:
    """Save a new row: validated, with the actor on its history rows."""
    validated(instance)
    with history_actor(actor):
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)


def _update(instance: models.Model, *, actor: Actor, action: str, fields: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``core.updates.model_update`` and its audit event; nothing when nothing changes."""
    changes = model_update(instance, fields, actor=actor)
    if changes:
        record_event(action=action, actor=actor, target=instance, data=changes)
    return changes


M = TypeVar("M", bound=models.Model)
_NUMBER_RE = re.compile(r"^\d+$")


def next_consumer_code() -> str:
    """The next free абонентский номер: six digits, from 100001 upwards."""
    numbers = [int(c) for c in Consumer.objects.values_list("code", flat=True) if _NUMBER_RE.match(c)]
    return str(max([100000, *numbers]) + 1)


def next_object_code(consumer: Consumer) -> str:
    """Object codes are the consumer's number and a serial: ``100001-01``, ``100001-02``…"""
    prefix = f"{consumer.code}-"
    serials = [
        int(code[len(prefix):])
        for code in HeatedObject.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if _NUMBER_RE.match(code[len(prefix):])
    ]
    return f"{prefix}{max([0, *serials]) + 1:02d}"


def _create_with_code(
    instance: Consumer | HeatedObject, actor: Actor, next_code: Callable[[], str], *, m2m: dict[str, list] | None = None
) -> None:
    """Save a new row whose code may be generated; retry if a parallel writer took the code."""
    generated = not instance.code
    for _attempt in range(5):
        if generated:
            instance.code = next_code()
        try:
            with transaction.atomic():
                _save(instance, actor, m2m=m2m)
            return
        except IntegrityError:
            if not generated:
                raise
    raise ApplicationError("Не удалось присвоить номер: повторите попытку", code="number_unavailable", field="code")


# --- consumers -----------------------------------------------------------------------------


def _normalize_consumer(fields: dict[str, Any]) -> None:
    if fields.get("snils"):
        fields["snils"] = identifiers.format_snils(fields["snils"])


@transaction.atomic
def consumer_create(*, actor: Actor = None, **fields: Any) -> Consumer:
    """Register a consumer. ``code`` (абонентский номер) is generated when not given."""
    require(actor, "subscribers.add_consumer", system=True)
    check_fields(Consumer, fields)
    _normalize_consumer(fields)
    if fields.get("kind") == Consumer.Kind.CITIZEN:
        fields.setdefault("penalty_category", Consumer.PenaltyCategory.CITIZEN)
    consumer = Consumer()
    assign(consumer, fields)
    if consumer.is_citizen and not consumer.name:
        consumer.name = consumer.citizen_full_name
    _create_with_code(consumer, actor, next_consumer_code)
    record_event(
        action="consumer.created", actor=actor, target=consumer,
        data={"code": consumer.code, "inn": consumer.inn, "kpp": consumer.kpp, "name": consumer.name},
    )
    return consumer


@transaction.atomic
def consumer_update(*, consumer: Consumer, actor: Actor = None, **fields: Any) -> Consumer:
    require(actor, "subscribers.change_consumer", system=True)
    _normalize_consumer(fields)
    _update(consumer, actor=actor, action="consumer.updated", fields=fields)
    return consumer


# --- heated objects ------------------------------------------------------------------------


@transaction.atomic
def heated_object_create(*, consumer: Consumer, actor: Actor = None, **fields: Any) -> HeatedObject:
    """Register a heated object of ``consumer``; ``code`` is generated when not given."""
    require(actor, "subscribers.add_heatedobject", system=True)
    check_fields(HeatedObject, fields)
    heated_object = HeatedObject(consumer=consumer)
    assign(heated_object, fields)
    _create_with_code(heated_object, actor, lambda: next_object_code(consumer))
    record_event(
        action="heated_object.created", actor=actor, target=heated_object,
        data={"code": heated_object.code, "consumer": consumer.code, "address": heated_object.address},
    )
    return heated_object


@transaction.atomic
def heated_object_update(*, heated_object: HeatedObject, actor: Actor = None, **fields: Any) -> HeatedObject:
    require(actor, "subscribers.change_heatedobject", system=True)
    _update(heated_object, actor=actor, action="heated_object.updated", fields=fields)
    return heated_object


# --- heat loads ----------------------------------------------------------------------------


@transaction.atomic
def heat_load_create(*, heated_object: HeatedObject, actor: Actor = None, **fields: Any) -> HeatLoad:
    """Record the contractual loads of an object from ``valid_from``.

    The open-ended load that starts earlier is closed the day before (a new load replaces
    the current one); any other overlap is refused by ``HeatLoad.clean``.
    """
    require(actor, "subscribers.add_heatload", system=True)
    check_fields(HeatLoad, fields)
    load = HeatLoad(heated_object=heated_object)
    assign(load, fields)
    if load.valid_from:
        _close_open_load(heated_object, before=load.valid_from, actor=actor)
    _save(load, actor)
    record_event(
        action="heat_load.created", actor=actor, target=load,
        data={
            "object": heated_object.code, "valid_from": load.valid_from, "valid_to": load.valid_to,
            "heating": load.heating, "ventilation": load.ventilation,
            "hot_water_avg": load.hot_water_avg, "hot_water_max": load.hot_water_max,
        },
    )
    return load


def _close_open_load(heated_object: HeatedObject, *, before: date, actor: Actor) -> None:
    current = (
        HeatLoad.objects.select_for_update()
        .filter(heated_object=heated_object, valid_to__isnull=True, valid_from__lt=before)
        .first()
    )
    if current is not None:
        _update(current, actor=actor, action="heat_load.updated", fields={"valid_to": before - timedelta(days=1)})


@transaction.atomic
def heat_load_update(*, load: HeatLoad, actor: Actor = None, **fields: Any) -> HeatLoad:
    require(actor, "subscribers.change_heatload", system=True)
    if "heated_object" in fields:
        raise ApplicationError("Нагрузку нельзя перенести на другой объект", code="immutable_field", field="heated_object")
    _update(load, actor=actor, action="heat_load.updated", fields=fields)
    return load


# --- contracts -----------------------------------------------------------------------------


def _field_names(fields: Iterable[str]) -> str:
    return ", ".join(str(Contract._meta.get_field(f).verbose_name) for f in fields)  # type: ignore[union-attr]  # contract's own fields


def require_money_terms(actor: Actor, fields: Iterable[str], *, system: bool = False) -> None:
    """Changing the money terms ``fields`` needs ``change_money_terms`` (``fields`` is read only
    when the actor lacks it)."""
    if not allowed(actor, MONEY_TERMS_PERMISSION, system=system) and (touched := list(fields)):
        require(actor, MONEY_TERMS_PERMISSION, system=system, message=MONEY_TERMS_REFUSED.format(
            fields=_field_names(touched), right="Может изменять денежные условия договора"
        ))


def require_contract_terms(actor: Actor, fields: Iterable[str], *, system: bool = False) -> None:
    """Changing the terms ``fields`` (number, dates, term, renewal, status) needs
    ``change_contract_terms`` (``fields`` is read only when the actor lacks it)."""
    if not allowed(actor, CONTRACT_TERMS_PERMISSION, system=system) and (touched := list(fields)):
        require(actor, CONTRACT_TERMS_PERMISSION, system=system, message=CONTRACT_TERMS_REFUSED.format(
            fields=_field_names(touched), right="Может изменять номер, даты, срок, пролонгацию и статус договора"
        ))


def default_payment_terms(consumer: Consumer, on: date | None = None) -> dict[str, Any]:
    """Payment terms of a new contract unless it says otherwise: those in force on ``on``
    (today) for the consumer's category — ``reference.selectors.payment_terms_on``, the
    dated ПП РФ № 808 п. 35 schedule and due days (docs/law.md, "Payment terms")."""
    try:
        terms = payment_terms_on(on or timezone.localdate(), consumer.penalty_category)
    except RuleError as exc:
        raise ApplicationError(exc.message, code="payment_terms_missing", field="payment_scheme") from exc
    return {name: getattr(terms, name) for name in Contract.MONEY_FIELDS if name != "tariff_group"}


@transaction.atomic
def contract_create(*, consumer: Consumer, actor: Actor = None, **fields: Any) -> Contract:
    """Register a contract. Money terms not given come from ``default_payment_terms``;
    terms other than those defaults need ``change_money_terms``."""
    require(actor, "subscribers.add_contract", system=True)
    check_fields(Contract, fields)
    defaults_of_consumer = default_payment_terms(consumer)
    defaults = Contract(**defaults_of_consumer)
    require_money_terms(actor, (
        name for name in Contract.MONEY_FIELDS
        if name in fields and name != "tariff_group" and pending_changes(defaults, {name: fields[name]})
    ), system=True)
    contract = Contract(consumer=consumer)
    m2m = assign(contract, {**defaults_of_consumer, **fields})
    for heated_object in m2m.get("objects_covered", []):
        _check_object_belongs(heated_object, consumer)
    _save(contract, actor, m2m=m2m)
    record_event(
        action="contract.created", actor=actor, target=contract,
        data={"number": contract.number, "consumer": consumer.code, "status": contract.status},
    )
    return contract


def _check_object_belongs(heated_object: HeatedObject, consumer: Consumer) -> None:
    if heated_object.consumer_id != consumer.pk:
        raise ApplicationError(
            f"Объект {heated_object.code} принадлежит другому абоненту", code="foreign_object", field="objects_covered"
        )


@transaction.atomic
def contract_update(*, contract: Contract, actor: Actor = None, **fields: Any) -> Contract:
    """Change a contract. ``subscribers.change_contract`` alone allows only its technical part
    (``Contract.TECHNICAL_FIELDS``: objects covered, balance boundary, note); changing its
    money terms needs ``subscribers.change_money_terms``, any other field (number, dates,
    term, renewal, status — what decides billing) ``subscribers.change_contract_terms``."""
    require(actor, "subscribers.change_contract", system=True)
    changes = pending_changes(contract, fields)
    require_money_terms(actor, [name for name in Contract.MONEY_FIELDS if name in changes], system=True)
    require_contract_terms(actor, [
        name for name in changes
        if name not in Contract.TECHNICAL_FIELDS and name not in Contract.MONEY_FIELDS and name != "consumer"
    ], system=True)
    if "consumer" in changes:
        raise ApplicationError("Договор нельзя передать другому абоненту", code="immutable_field", field="consumer")
    for heated_object in fields.get("objects_covered") or []:
        _check_object_belongs(heated_object, contract.consumer)
    _update(contract, actor=actor, action="contract.updated", fields=fields)
    return contract


@transaction.atomic
def contract_cover_object(*, contract: Contract, heated_object: HeatedObject, actor: Actor = None) -> bool:
    """Add an object to a contract's annex; ``False`` when it was already covered."""
    require(actor, "subscribers.change_contract", system=True)
    _check_object_belongs(heated_object, contract.consumer)
    covered = set(contract.objects_covered.values_list("pk", flat=True))
    if heated_object.pk in covered:
        return False
    with history_actor(actor):
        contract.objects_covered.add(heated_object)
    record_event(
        action="contract.updated", actor=actor, target=contract,
        data=audit_changes({"objects_covered": (covered, covered | {heated_object.pk})}),
    )
    return True


# --- our organisation and reference data ---------------------------------------------------


def _create(instance: M, *, actor: Actor, action: str, fields: dict[str, Any], audit: tuple[str, ...]) -> M:
    """Create a row that has no numbering or cross-row rules of its own."""
    model = type(instance)
    require(actor, f"{model._meta.app_label}.add_{model._meta.model_name}", system=True)
    check_fields(model, fields)
    assign(instance, fields)
    _save(instance, actor)
    record_event(action=action, actor=actor, target=instance, data={f: getattr(instance, f) for f in audit})
    return instance


@transaction.atomic
def organization_save(*, actor: Actor = None, **fields: Any) -> Organization:
    """Create our organisation's requisites or change them (there is one row)."""
    organization = Organization.objects.select_for_update().first()
    if organization is None:
        return _create(Organization(), actor=actor, action="organization.created", fields=fields,
                       audit=("inn", "short_name"))
    require(actor, "subscribers.change_organization", system=True)
    _update(organization, actor=actor, action="organization.updated", fields=fields)
    return organization


@transaction.atomic
def signatory_create(*, organization: Organization, actor: Actor = None, **fields: Any) -> Signatory:
    return _create(Signatory(organization=organization), actor=actor, action="signatory.created", fields=fields,
                   audit=("last_name", "first_name", "middle_name", "position", "authority_basis"))


@transaction.atomic
def signatory_update(*, signatory: Signatory, actor: Actor = None, **fields: Any) -> Signatory:
    require(actor, "subscribers.change_signatory", system=True)
    _update(signatory, actor=actor, action="signatory.updated", fields=fields)
    return signatory


@transaction.atomic
def network_section_create(*, actor: Actor = None, **fields: Any) -> NetworkSection:
    return _create(NetworkSection(), actor=actor, action="network_section.created", fields=fields, audit=("code",))


@transaction.atomic
def tariff_group_create(*, actor: Actor = None, **fields: Any) -> TariffGroup:
    return _create(TariffGroup(), actor=actor, action="tariff_group.created", fields=fields, audit=("code",))
