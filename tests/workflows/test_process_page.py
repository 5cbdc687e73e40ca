"""A process's page offers «Отменить» only to whom the cancel view allows it: a technician
who may see the process does not get a button that answers 403."""

from datetime import date

import pytest

from tests.workflows.test_commissioning import register, unit  # noqa: F401 — the unit under commissioning
from workflows.commissioning import CommissioningFlow as Flow

from .conftest import start_view_flow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 3, 12))


@pytest.mark.parametrize(("role", "offered"), [("technician", False), ("manager", True)])
def test_cancel_is_offered_exactly_to_whom_the_cancel_view_lets_in(request, unit, manager, client, role, offered):  # noqa: F811
    # given: a running commissioning process
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    user = request.getfixturevalue(role)
    client.force_login(user)
    cancel = Flow.instance.reverse("process_cancel", args=[process.pk])
    # when
    page = client.get(Flow.instance.reverse("process_detail", args=[process.pk]))
    # then: the page opens for every role, the button only where the action does
    assert page.status_code == 200
    assert (cancel in page.content.decode()) is offered
    assert client.get(cancel).status_code == (200 if offered else 403)
