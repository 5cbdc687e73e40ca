"""The start of the unmetered flow: one open process per inspection — a second start over HTTP is
refused naming the field; two simultaneous starts on PostgreSQL give one process (the
inspection's row lock of ``workflows.unmetered_start``)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from core.errors import ApplicationError
from tests.inspections.factories import FieldInspectionFactory
from workflows.models import UnmeteredProcess
from workflows.unmetered import UnmeteredFlow as Flow
from workflows.unmetered_start import unmetered_inspection_claim

from .conftest import start_view_flow


@pytest.mark.django_db
def test_a_second_start_for_the_same_inspection_is_refused_naming_the_field(client, technician):
    inspection = FieldInspectionFactory(technician=technician)
    client.force_login(technician)
    start_url = Flow.start.reverse("execute")
    assert client.post(start_url, {"inspection": inspection.pk}).status_code == 302
    response = client.post(start_url, {"inspection": inspection.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["inspection"] == [f"По обследованию № {inspection.pk} процесс уже идет"]
    assert UnmeteredProcess.objects.filter(artifact_object_id=inspection.pk).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_give_one_process(make_user):
    from accounts.roles import TECHNICIAN

    technician = make_user(TECHNICIAN)
    inspection = FieldInspectionFactory(technician=technician)
    barrier, started, refused, errors = threading.Barrier(2), [], [], []

    def claim_slowly(activation):
        unmetered_inspection_claim(process=activation.process, inspection=inspection)
        time.sleep(0.5)  # without the lock the other start would pass its check meanwhile

    def start():
        try:
            barrier.wait()
            with transaction.atomic():  # as viewflow's start view for a POST
                started.append(start_view_flow(Flow.start, technician, claim_slowly).pk)
        except ApplicationError as exc:
            refused.append((exc.code, exc.field))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(started), refused) == (1, [("duplicate", "inspection")])
    assert list(UnmeteredProcess.objects.filter(artifact_object_id=inspection.pk).values_list("pk", flat=True)) == started
