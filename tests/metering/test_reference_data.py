from decimal import Decimal

import pytest
from django.apps import apps

from metering.models import DesignOutdoorTemperature, ValidationSettings
from metering.reference_data import seed_reference_data

pytestmark = pytest.mark.django_db


def test_seeding_is_idempotent_and_restores_what_a_flush_removed():
    # given the rows of migration 0002, seeded again
    seed_reference_data(apps)
    assert ValidationSettings.objects.count() == 1
    assert DesignOutdoorTemperature.objects.filter(city="Москва").count() == 1
    # when the tables are emptied (as a flush does) and seeding runs after migrate
    ValidationSettings.objects.all().delete()
    DesignOutdoorTemperature.objects.all().delete()
    seed_reference_data(apps)
    # then they are back
    assert ValidationSettings.objects.get().load_margin == Decimal("1.100")
    assert ValidationSettings.objects.get().absurd_reading_factor == Decimal("3.000")
    assert DesignOutdoorTemperature.objects.get(city="Москва").temperature == Decimal("-25.0")
