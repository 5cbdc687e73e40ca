"""factory_boy factories of inspections (the register's rows come from tests/subscribers)."""

from __future__ import annotations

import factory

from inspections.models import FieldInspection
from tests.subscribers.factories import ConsumerFactory, HeatedObjectFactory, OrganizationFactory  # noqa: F401


class FieldInspectionFactory(factory.django.DjangoModelFactory):
    """An unplanned inspection reported by a dispatcher, not yet carried out."""

    class Meta:
        model = FieldInspection

    source = FieldInspection.Source.DISPATCHER
    heated_object = factory.SubFactory(HeatedObjectFactory)
    address = factory.LazyAttribute(lambda o: o.heated_object.address)
    report_note = "Звонок жителя: здание отапливается без договора"
