"""The one update path: ``core.updates.model_update`` — what changed, in the one audit shape,
validated, only the changed fields saved, the actor on the history row (docs/audit.md)."""

from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.updates import model_update
from subscribers.models import Contract, HeatLoad
from tests.subscribers.factories import ContractFactory, HeatedObjectFactory, HeatLoadFactory

pytestmark = pytest.mark.django_db


def test_the_changes_come_back_in_the_one_payload_shape(make_user):
    # given a load of 0.15 Gcal/h
    load = HeatLoadFactory(heating=Decimal("0.150000"))
    # when the same heating comes as text and the ventilation changes
    changes = model_update(load, {"heating": " 0.15 ", "ventilation": "0.03"}, actor=make_user())
    # then only the ventilation changed: field → {было, стало}
    assert changes == {"ventilation": {"было": Decimal("0.020000"), "стало": Decimal("0.03")}}
    load.refresh_from_db()
    assert load.ventilation == Decimal("0.030000")


def test_a_relation_is_its_key_and_many_to_many_a_sorted_list_of_keys(make_user):
    first = HeatedObjectFactory()
    second, third = HeatedObjectFactory(consumer=first.consumer), HeatedObjectFactory(consumer=first.consumer)
    contract = ContractFactory(consumer=first.consumer, objects_covered=[first])
    changes = model_update(contract, {"objects_covered": [third, second, first]}, actor=make_user())
    assert changes == {"objects_covered": {"было": [first.pk], "стало": sorted([first.pk, second.pk, third.pk])}}
    assert set(contract.objects_covered.all()) == {first, second, third}


def test_the_history_row_names_the_actor_outside_a_web_request(make_user):
    actor = make_user(username="olga")
    load = HeatLoadFactory()
    model_update(load, {"heating": Decimal("0.2")}, actor=actor)
    latest = load.history.first()
    assert latest.history_type == "~" and latest.history_user == actor


def test_nothing_that_changes_nothing_is_saved(make_user):
    load = HeatLoadFactory()
    versions = load.history.count()
    assert model_update(load, {"heating": load.heating, "valid_from": load.valid_from}, actor=make_user()) == {}
    assert load.history.count() == versions


def test_an_invalid_correction_is_refused_on_its_field_and_saves_nothing(make_user):
    # given a contract from 01.01.2026
    contract = ContractFactory(valid_from=date(2026, 1, 1), advance1_percent=Decimal("35"))
    versions, advance2 = contract.history.count(), contract.advance2_percent
    # when it would end before it starts and its advances exceed 100 %
    with pytest.raises(ApplicationError) as refused:
        model_update(contract, {"valid_to": date(2025, 12, 31), "advance2_percent": Decimal("70")}, actor=make_user())
    # then the refusal names a field, keeps every field's messages, and nothing is saved
    assert refused.value.field in {"valid_to", "advance2_percent"}
    assert refused.value.extra["errors"] == {
        "valid_to": ["Дата окончания раньше даты начала"], "advance2_percent": ["Сумма авансов превышает 100 %"],
    }
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.valid_to is None and stored.advance2_percent == advance2
    assert contract.history.count() == versions


def test_a_check_across_rows_runs_before_the_save(make_user):
    load = HeatLoadFactory()

    def refuse(row):
        raise ApplicationError("нельзя", code="refused", field="heating")

    with pytest.raises(ApplicationError, match="нельзя"):
        model_update(load, {"heating": Decimal("0.3")}, actor=make_user(), check=refuse)
    assert HeatLoad.objects.get(pk=load.pk).heating == Decimal("0.150000")


def test_only_the_changed_fields_are_saved(make_user):
    # given a load someone else corrects meanwhile (its ventilation)
    load = HeatLoadFactory()
    HeatLoad.objects.filter(pk=load.pk).update(ventilation=Decimal("0.05"))
    # when this copy, read before, corrects the heating
    model_update(load, {"heating": Decimal("0.2")}, actor=make_user())
    # then the other correction stays
    stored = HeatLoad.objects.get(pk=load.pk)
    assert (stored.heating, stored.ventilation) == (Decimal("0.200000"), Decimal("0.050000"))


def test_a_field_outside_the_allowed_ones_is_a_programming_error(make_user):
    load = HeatLoadFactory()
    with pytest.raises(TypeError):
        model_update(load, {"heated_object": HeatedObjectFactory()}, actor=make_user(), fields=("heating",))
    with pytest.raises(TypeError):
        model_update(load, {"no_such_field": 1}, actor=make_user())
