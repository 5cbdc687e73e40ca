import pytest

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

from .factories import (
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    NetworkSectionFactory,
    TariffGroupFactory,
)


@pytest.fixture
def technician(make_user):
    return make_user(TECHNICIAN)


@pytest.fixture
def billing(make_user):
    return make_user(BILLING)


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL)


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER)


@pytest.fixture
def administrator(make_user):
    return make_user(ADMINISTRATOR, is_staff=True)


@pytest.fixture
def consumer_with_everything(db):
    """A legal entity with one object, its load and an active contract covering it."""
    consumer = ConsumerFactory()
    heated_object = HeatedObjectFactory(consumer=consumer)
    HeatLoadFactory(heated_object=heated_object)
    contract = ContractFactory(consumer=consumer, objects_covered=[heated_object])
    return consumer, heated_object, contract


@pytest.fixture
def reference_data(db):
    """The reference rows a registry file names: network section УЧ-01, tariff group ПРОЧ."""
    return NetworkSectionFactory(code="УЧ-01"), TariffGroupFactory(code="ПРОЧ")
