import threading
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

from audit.models import AuditEvent, ChainHead
from audit.services import record_event
from audit.triggers import GENESIS_HASH
from audit.verification import verify_chain


@pytest.mark.django_db
def test_events_form_a_hash_chain_from_genesis(make_user):
    # given
    user = make_user("Руководитель")
    # when
    first = record_event(action="consumer.created", actor=user, target=user, data={"sum": Decimal("10.50")})
    second = record_event(action="import.completed", data={"rows": 3})
    # then
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.hash == first.compute_hash() and len(first.hash) == 64
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (2, second.hash)


@pytest.mark.django_db
def test_event_records_actor_and_object_reference(make_user):
    # given
    user = make_user("Юрист", username="ivanov")
    # when
    event = record_event(action="document.opened", actor=user, target=user, data={"when": "now"})
    # then
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == user and stored.actor_repr == "ivanov"
    assert stored.target_type == ContentType.objects.get_for_model(user)
    assert stored.target_id == str(user.pk) and stored.target_repr == "ivanov"
    assert stored.data == {"when": "now"}
    assert stored.compute_hash() == stored.hash


@pytest.mark.django_db
def test_data_is_stored_as_json_values(make_user):
    # given a Decimal and a date, which JSON has no type for
    from datetime import date

    # when
    event = record_event(action="calculation.run", data={"amount": Decimal("1234.50"), "on": date(2026, 11, 26)})
    # then they are stored as strings and the stored row still verifies
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"amount": "1234.50", "on": "2026-11-26"}
    assert stored.compute_hash() == event.hash


@pytest.mark.django_db
def test_event_rolls_back_with_the_callers_transaction():
    # given
    record_event(action="consumer.created")
    # when the caller's transaction fails after recording
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(action="consumer.updated")
        raise RuntimeError("the change failed")
    # then neither the event nor the head moved; the next event continues the chain
    assert AuditEvent.objects.count() == 1
    assert record_event(action="consumer.deleted").sequence == 2
    assert verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["", "created", "Consumer.Created", "consumer created", "consumer."])
def test_action_must_be_a_dotted_name(action):
    with pytest.raises(ValueError, match="dotted"):
        record_event(action=action)


@pytest.mark.django_db
def test_target_must_be_saved(django_user_model):
    with pytest.raises(ValueError, match="saved"):
        record_event(action="consumer.created", target=django_user_model(username="unsaved"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_keep_one_unbroken_chain():
    # given 8 threads, each with its own connection, appending 10 events at once
    threads, errors, barrier = [], [], threading.Barrier(8)

    def writer(n):
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    record_event(action="test.concurrent", data={"writer": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    for n in range(8):
        threads.append(threading.Thread(target=writer, args=(n,)))
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: 80 events numbered 1..80, every link intact
    assert errors == []
    assert sorted(AuditEvent.objects.values_list("sequence", flat=True)) == list(range(1, 81))
    report = verify_chain()
    assert report.ok, report.message()
    assert report.checked == 80


@pytest.mark.django_db
def test_nul_and_lone_surrogates_are_stored_as_replacement_characters_and_the_chain_verifies():
    # given strings that PostgreSQL refuses (NUL) and UTF-8 cannot encode (a lone surrogate)
    data = {"name": "a\x00b", "note": "c\ud800d", "k\x00ey": ["\udfff"]}
    # when
    event = record_event(action="import.completed", data=data)
    # then
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"name": "a\ufffdb", "note": "c\ufffdd", "k\ufffdey": ["\ufffd"]}
    assert stored.hash == stored.compute_hash()
    assert verify_chain().ok


@pytest.mark.django_db
def test_giant_data_is_cut_to_its_size_and_hash():
    # given a long string and a value of megabytes beside small ones
    data = {"kind": "state-duty", "comment": "x" * 5000, "rows": [str(n) * 10 for n in range(100_000)]}
    # when
    event = record_event(action="import.completed", data=data)
    # then
    stored = AuditEvent.objects.get(pk=event.pk).data
    assert stored["kind"] == "state-duty"
    assert stored["comment"].startswith("x" * 2000) and stored["comment"].endswith("[обрезано, 5000 симв.]")
    assert set(stored["rows"]) == {"обрезано", "sha256"} and stored["rows"]["обрезано"] > 1_000_000
    assert verify_chain().ok
