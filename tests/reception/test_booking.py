"""A visitor booked into a specialist's reception hours over HTTP: the day's free slots, a
booking, and the refusals naming the field — a taken slot, a slot outside the hours, a day gone
by; an administrator has no page."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, BILLING, TECHNICIAN
from reception.models import Booking, ReceptionHours, Weekday
from tests.subscribers.factories import ConsumerFactory

pytestmark = pytest.mark.django_db

URL = "reception:booking:index"
TUESDAY = date(2026, 12, 8)


@pytest.fixture
def now(time_machine):
    moment = timezone.make_aware(datetime.combine(date(2026, 12, 7), time(10)))  # a Monday
    time_machine.move_to(moment, tick=False)
    return moment


@pytest.fixture
def hours(make_user):
    specialist = make_user(TECHNICIAN, first_name="Иван", last_name="Петров")
    return ReceptionHours.objects.create(specialist=specialist, weekday=Weekday.TUESDAY, starts=time(9),
                                         ends=time(10, 40), slot_minutes=30, place="каб. 12")


def book(client, hours, **changes):
    data = {"specialist": hours.specialist_id, "on": "08.12.2026", "at": "09:30", "visitor_name": "Сидорова А. В.",
            "visitor_phone": "+7 900 000-00-00", **changes}
    return client.post(reverse(URL), data)


def test_free_slots_and_a_booking(client, now, hours, make_user):
    consumer = ConsumerFactory()
    client.force_login(make_user(BILLING))
    page = client.get(reverse(URL), {"on": "08.12.2026"})
    assert page.status_code == 200
    assert [(s.starts, s.free) for s in page.context["schedule"][0].slots] == [
        (time(9), True), (time(9, 30), True), (time(10), True)]  # 10:30 would end after 10:40

    response = book(client, hours, consumer_code=consumer.code)
    assert response.status_code == 302, response.content.decode()[:1500]
    booking = Booking.objects.get()
    assert (booking.specialist, booking.consumer, booking.visitor_name) == (hours.specialist, consumer,
                                                                            "Сидорова А. В.")
    assert timezone.localtime(booking.starts_at) == timezone.make_aware(datetime.combine(TUESDAY, time(9, 30)))
    page = client.get(reverse(URL), {"on": "08.12.2026"})
    assert [s.free for s in page.context["schedule"][0].slots] == [True, False, True]
    assert "Сидорова А. В." in page.content.decode()


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"at": "09:30"}, "at", "уже занято"),
    ({"at": "11:00"}, "at", "вне часов приема"),
    ({"at": "09:15"}, "at", "вне часов приема"),
    ({"on": "09.12.2026"}, "at", "вне часов приема"),  # a Wednesday: no hours
    ({"on": "01.12.2026"}, "on", "уже прошла"),
])
def test_refusals_name_the_field(client, now, hours, make_user, changes, field, words):
    client.force_login(make_user(BILLING))
    assert book(client, hours).status_code == 302
    response = book(client, hours, visitor_name="Другой посетитель", **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert words in " ".join(errors[field]), errors
    assert Booking.objects.count() == 1


def test_an_administrator_has_no_booking_page(client, now, hours, make_user):
    client.force_login(make_user(ADMINISTRATOR))
    assert client.get(reverse(URL)).status_code == 403
    assert book(client, hours).status_code == 403
    assert not Booking.objects.exists()
