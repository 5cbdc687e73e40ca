"""factory_boy factories for reception tests (and the role matrix's admin samples)."""

from __future__ import annotations

from datetime import time

import factory
from django.contrib.auth import get_user_model

from reception.models import ReceptionHours, Weekday


class SpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = "reception-specialist"
    first_name = "Ольга"
    last_name = "Приемная"


class ReceptionHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionHours

    specialist = factory.SubFactory(SpecialistFactory)
    weekday = Weekday.TUESDAY
    starts = time(9)
    ends = time(12)
    slot_minutes = 30
    place = "каб. 12"
