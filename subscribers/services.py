"""Every write to the register: consumers, heated objects, loads, contracts, our organisation.

Each service takes keyword arguments only, checks the actor's permission (``actor=None`` is
the system: a command, an import, the demo seed), runs ``full_clean()`` before ``save()``
and writes its audit event in the same transaction. An update that changes nothing writes
nothing — no save, no history row, no audit event — so re-importing a file is a no-op.

Refusals: ``PermissionDenied`` (→ 403 at the edge), ``ValidationError`` from ``full_clean``
(field → messages), ``ApplicationError`` for everything else a user can fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, models, transaction

from audit.services import record_event
from core import identifiers
from core.errors import ApplicationError

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

# Fields a service never takes from its caller.
_PROTECTED = {"id", "pk", "created_at"}


# --- helpers -------------------------------------------------------------------------------


def _authorize(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(f"Нет права {permission}")


def _check_fields(model: type[models.Model], fields: dict[str, Any]) -> None:
    for name in fields:
        if name in _PROTECTED:
            raise TypeError(f"{model.__name__}.{name} is not writable through a service")
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"{model.__name__} has no field {name!r}") from None


def _comparable(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.ManyToManyField):
        return {getattr(v, "pk", v) for v in (value or [])}
    if field.is_relation:
        return getattr(value, "pk", value)
    if value is None:
        return None
    value = field.to_python(value)
    return value.strip() if isinstance(value, str) else value


def pending_changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Which of ``fields`` would change ``instance``: ``{name: (old, new)}``, comparable values.

    Values are compared after the field's own conversion (``"0.15"`` equals
    ``Decimal("0.150000")``), relations by primary key, many-to-many as sets of keys.
    """
    _check_fields(type(instance), fields)
    changes = {}
    for name, new in fields.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            old = set(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else set()
        elif field.is_relation:
            old = getattr(instance, field.attname)
        else:
            old = getattr(instance, name)
        old_c, new_c = _comparable(field, old), _comparable(field, new)
        if old_c != new_c:
            changes[name] = (old_c, new_c)
    return changes


def _assign(instance: models.Model, fields: dict[str, Any]) -> dict[str, Any]:
    """Set plain and FK fields; return the many-to-many ones to set after saving."""
    m2m = {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            m2m[name] = list(value or [])
        else:
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
    return m2m


def _save(instance: models.Model, actor, *, m2m: dict[str, list] | None = None) -> None:
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)


def _audit_changes(changes: dict[str, tuple[Any, Any]]) -> dict[str, list]:
    def plain(value):
        return sorted(value) if isinstance(value, set) else value

    return {name: [plain(old), plain(new)] for name, (old, new) in changes.items()}


def _update(instance, *, actor, action: str, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = pending_changes(instance, fields)
    if not changes:
        return changes
    m2m = _assign(instance, {name: fields[name] for name in changes})
    _save(instance, actor, m2m=m2m)
    record_event(action=action, actor=actor, target=instance, data={"changes": _audit_changes(changes)})
    return changes


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


def _create_with_code(instance: models.Model, actor, next_code, *, m2m=None) -> None:
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
def consumer_create(*, actor=None, **fields: Any) -> Consumer:
    """Register a consumer. ``code`` (абонентский номер) is generated when not given."""
    _authorize(actor, "subscribers.add_consumer")
    _check_fields(Consumer, fields)
    _normalize_consumer(fields)
    if fields.get("kind") == Consumer.Kind.CITIZEN:
        fields.setdefault("penalty_category", Consumer.PenaltyCategory.CITIZEN)
    consumer = Consumer()
    _assign(consumer, fields)
    if consumer.is_citizen and not consumer.name:
        consumer.name = consumer.citizen_full_name
    _create_with_code(consumer, actor, next_consumer_code)
    record_event(
        action="consumer.created", actor=actor, target=consumer,
        data={"code": consumer.code, "inn": consumer.inn, "kpp": consumer.kpp, "name": consumer.name},
    )
    return consumer


@transaction.atomic
def consumer_update(*, consumer: Consumer, actor=None, **fields: Any) -> Consumer:
    _authorize(actor, "subscribers.change_consumer")
    _normalize_consumer(fields)
    _update(consumer, actor=actor, action="consumer.updated", fields=fields)
    return consumer


# --- heated objects ------------------------------------------------------------------------


@transaction.atomic
def heated_object_create(*, consumer: Consumer, actor=None, **fields: Any) -> HeatedObject:
    """Register a heated object of ``consumer``; ``code`` is generated when not given."""
    _authorize(actor, "subscribers.add_heatedobject")
    _check_fields(HeatedObject, fields)
    heated_object = HeatedObject(consumer=consumer)
    _assign(heated_object, fields)
    _create_with_code(heated_object, actor, lambda: next_object_code(consumer))
    record_event(
        action="heated_object.created", actor=actor, target=heated_object,
        data={"code": heated_object.code, "consumer": consumer.code, "address": heated_object.address},
    )
    return heated_object


@transaction.atomic
def heated_object_update(*, heated_object: HeatedObject, actor=None, **fields: Any) -> HeatedObject:
    _authorize(actor, "subscribers.change_heatedobject")
    _update(heated_object, actor=actor, action="heated_object.updated", fields=fields)
    return heated_object


# --- heat loads ----------------------------------------------------------------------------


@transaction.atomic
def heat_load_create(*, heated_object: HeatedObject, actor=None, **fields: Any) -> HeatLoad:
    """Record the contractual loads of an object from ``valid_from``.

    The open-ended load that starts earlier is closed the day before (a new load replaces
    the current one); any other overlap is refused by ``HeatLoad.clean``.
    """
    _authorize(actor, "subscribers.add_heatload")
    _check_fields(HeatLoad, fields)
    load = HeatLoad(heated_object=heated_object)
    _assign(load, fields)
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


def _close_open_load(heated_object: HeatedObject, *, before, actor) -> None:
    current = (
        HeatLoad.objects.select_for_update()
        .filter(heated_object=heated_object, valid_to__isnull=True, valid_from__lt=before)
        .first()
    )
    if current is not None:
        _update(current, actor=actor, action="heat_load.updated", fields={"valid_to": before - timedelta(days=1)})


@transaction.atomic
def heat_load_update(*, load: HeatLoad, actor=None, **fields: Any) -> HeatLoad:
    _authorize(actor, "subscribers.change_heatload")
    if "heated_object" in fields:
        raise ApplicationError("Нагрузку нельзя перенести на другой объект", code="immutable_field", field="heated_object")
    _update(load, actor=actor, action="heat_load.updated", fields=fields)
    return load


# --- contracts -----------------------------------------------------------------------------


def _field_names(fields: Iterable[str]) -> str:
    return ", ".join(str(Contract._meta.get_field(f).verbose_name) for f in fields)


def money_terms_refusal(fields: Iterable[str]) -> PermissionDenied:
    return PermissionDenied(
        MONEY_TERMS_REFUSED.format(fields=_field_names(fields), right="Может изменять денежные условия договора")
    )


def contract_terms_refusal(fields: Iterable[str]) -> PermissionDenied:
    return PermissionDenied(
        CONTRACT_TERMS_REFUSED.format(
            fields=_field_names(fields), right="Может изменять номер, даты, срок, пролонгацию и статус договора"
        )
    )


def default_payment_terms(consumer: Consumer) -> dict[str, Any]:
    """Payment terms of a new contract unless it says otherwise (docs/law.md, "Payment terms").

    - ПП РФ № 808: 35 % of the planned cost by the 18th, 50 % by the last day of the month,
      the balance by the 10th of the next month;
    - citizens, ЖК РФ ст. 155 ч. 1: no advances, by the 15th of the next month (the 10th
      until 28.02.2026 — billing applies the dated rule by period; the scheme decides);
    - managing organisations (ПП РФ № 124): no advances, by the 15th of the next month.
    """
    if consumer.penalty_category == Consumer.PenaltyCategory.CITIZEN:
        scheme, final_day = Contract.PaymentScheme.CITIZEN, 15
    elif consumer.penalty_category == Consumer.PenaltyCategory.MANAGING_ORG:
        scheme, final_day = Contract.PaymentScheme.MANAGING_ORG, 15
    else:
        return {
            "payment_scheme": Contract.PaymentScheme.PP808,
            "advance1_percent": Decimal("35"), "advance1_day": 18,
            "advance2_percent": Decimal("50"), "advance2_day": None,
            "final_payment_day": 10,
        }
    return {
        "payment_scheme": scheme,
        "advance1_percent": Decimal("0"), "advance1_day": 18,
        "advance2_percent": Decimal("0"), "advance2_day": None,
        "final_payment_day": final_day,
    }


@transaction.atomic
def contract_create(*, consumer: Consumer, actor=None, **fields: Any) -> Contract:
    """Register a contract. Money terms not given come from ``default_payment_terms``;
    terms other than those defaults need ``change_money_terms``."""
    _authorize(actor, "subscribers.add_contract")
    _check_fields(Contract, fields)
    defaults_of_consumer = default_payment_terms(consumer)
    if actor is not None and not actor.has_perm(MONEY_TERMS_PERMISSION):
        defaults = Contract(**defaults_of_consumer)
        touched = [
            name for name in Contract.MONEY_FIELDS
            if name in fields and name != "tariff_group" and pending_changes(defaults, {name: fields[name]})
        ]
        if touched:
            raise money_terms_refusal(touched)
    contract = Contract(consumer=consumer)
    m2m = _assign(contract, {**defaults_of_consumer, **fields})
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
def contract_update(*, contract: Contract, actor=None, **fields: Any) -> Contract:
    """Change a contract. ``subscribers.change_contract`` alone allows only its technical part
    (``Contract.TECHNICAL_FIELDS``: objects covered, balance boundary, note); changing its
    money terms needs ``subscribers.change_money_terms``, any other field (number, dates,
    term, renewal, status — what decides billing) ``subscribers.change_contract_terms``."""
    _authorize(actor, "subscribers.change_contract")
    changes = pending_changes(contract, fields)
    touched = [name for name in Contract.MONEY_FIELDS if name in changes]
    if touched and actor is not None and not actor.has_perm(MONEY_TERMS_PERMISSION):
        raise money_terms_refusal(touched)
    touched = [
        name for name in changes
        if name not in Contract.TECHNICAL_FIELDS and name not in Contract.MONEY_FIELDS and name != "consumer"
    ]
    if touched and actor is not None and not actor.has_perm(CONTRACT_TERMS_PERMISSION):
        raise contract_terms_refusal(touched)
    if "consumer" in changes:
        raise ApplicationError("Договор нельзя передать другому абоненту", code="immutable_field", field="consumer")
    for heated_object in fields.get("objects_covered") or []:
        _check_object_belongs(heated_object, contract.consumer)
    _update(contract, actor=actor, action="contract.updated", fields=fields)
    return contract


@transaction.atomic
def contract_cover_object(*, contract: Contract, heated_object: HeatedObject, actor=None) -> bool:
    """Add an object to a contract's annex; ``False`` when it was already covered."""
    _authorize(actor, "subscribers.change_contract")
    _check_object_belongs(heated_object, contract.consumer)
    if contract.objects_covered.filter(pk=heated_object.pk).exists():
        return False
    if actor is not None:
        contract._history_user = actor
    contract.objects_covered.add(heated_object)
    record_event(
        action="contract.updated", actor=actor, target=contract,
        data={"changes": {"objects_covered": [None, heated_object.code]}},
    )
    return True


# --- our organisation and reference data ---------------------------------------------------


def _create(instance: models.Model, *, actor, action: str, fields: dict[str, Any], audit: tuple[str, ...]):
    """Create a row that has no numbering or cross-row rules of its own."""
    model = type(instance)
    _authorize(actor, f"{model._meta.app_label}.add_{model._meta.model_name}")
    _check_fields(model, fields)
    _assign(instance, fields)
    _save(instance, actor)
    record_event(action=action, actor=actor, target=instance, data={f: getattr(instance, f) for f in audit})
    return instance


@transaction.atomic
def organization_save(*, actor=None, **fields: Any) -> Organization:
    """Create our organisation's requisites or change them (there is one row)."""
    organization = Organization.objects.select_for_update().first()
    if organization is None:
        return _create(Organization(), actor=actor, action="organization.created", fields=fields,
                       audit=("inn", "short_name"))
    _authorize(actor, "subscribers.change_organization")
    _update(organization, actor=actor, action="organization.updated", fields=fields)
    return organization


@transaction.atomic
def signatory_create(*, organization: Organization, actor=None, **fields: Any) -> Signatory:
    return _create(Signatory(organization=organization), actor=actor, action="signatory.created", fields=fields,
                   audit=("full_name", "position", "authority_basis"))


@transaction.atomic
def signatory_update(*, signatory: Signatory, actor=None, **fields: Any) -> Signatory:
    _authorize(actor, "subscribers.change_signatory")
    _update(signatory, actor=actor, action="signatory.updated", fields=fields)
    return signatory


@transaction.atomic
def network_section_create(*, actor=None, **fields: Any) -> NetworkSection:
    return _create(NetworkSection(), actor=actor, action="network_section.created", fields=fields, audit=("code",))


@transaction.atomic
def tariff_group_create(*, actor=None, **fields: Any) -> TariffGroup:
    return _create(TariffGroup(), actor=actor, action="tariff_group.created", fields=fields, audit=("code",))
