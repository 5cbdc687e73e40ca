"""Where each role lands: «Мои задачи» (overdue, today, the rest) or, for billing, the periods page."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import ADMINISTRATOR, LEGAL
from workflows.start import inbox


def test_a_technician_lands_on_the_inbox_with_the_queue_task(client, flag_reading, technician):
    reading = flag_reading()
    client.force_login(technician)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("inbox:index")
    page = client.get(response["Location"]).content.decode()
    assert "Мои задачи" in page and str(reading) in page
    assert inbox(technician).total == 1


def test_billing_lands_on_the_periods_page_and_sees_no_technicians_task(client, flag_reading, billing):
    flag_reading()
    client.force_login(billing)
    assert client.get("/")["Location"] == reverse("billing:index")
    assert inbox(billing).total == 0


def test_other_roles_land_on_the_inbox(client, make_user):
    for role in (LEGAL, ADMINISTRATOR):
        client.force_login(make_user(role))
        assert client.get("/")["Location"] == reverse("inbox:index")


def test_overdue_tasks_come_first(flag_reading, technician, time_machine):
    flag_reading()
    [row] = inbox(technician).later or inbox(technician).today or inbox(technician).overdue
    if row.due is None:
        return
    time_machine.move_to(row.due.replace(year=row.due.year + 1))
    assert len(inbox(technician).overdue) == 1
