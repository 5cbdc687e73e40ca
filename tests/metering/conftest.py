import pytest

from accounts.roles import BILLING, MANAGER, TECHNICIAN


@pytest.fixture
def technician(make_user):
    return make_user(TECHNICIAN, first_name="Сергей", last_name="Петров")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова")


@pytest.fixture
def billing(make_user):
    return make_user(BILLING)
