import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLES, resolve_patterns


@pytest.mark.django_db
def test_every_role_group_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.django_db
def test_billing_may_change_money_terms_and_technician_may_not(make_user):
    # given
    technician, billing = make_user("Техник"), make_user("Расчетчик")
    # then
    assert billing.has_perm("subscribers.change_money_terms")
    assert not technician.has_perm("subscribers.change_money_terms")
    # a technician may correct a contract's technical part (objects, balance boundary)
    assert technician.has_perm("subscribers.change_contract")
    assert not technician.has_perm("subscribers.add_contract")


@pytest.mark.django_db
def test_billing_and_administrators_may_change_contract_terms_and_technician_may_not(make_user):
    # given
    technician, billing, administrator = make_user("Техник"), make_user("Расчетчик"), make_user("Администратор")
    # then: number, dates, term, renewal and status decide billing
    assert billing.has_perm("subscribers.change_contract_terms")
    assert administrator.has_perm("subscribers.change_contract_terms")
    assert not technician.has_perm("subscribers.change_contract_terms")


def test_a_declared_permission_that_does_not_exist_is_an_error():
    with pytest.raises(ValueError, match="does not exist"):
        resolve_patterns(["subscribers.fly_contract"], {"subscribers.view_contract": None})


def test_a_pattern_expands_to_matching_permissions():
    available = {"a.view_x": 1, "a.change_x": 2, "b.view_y": 3}
    assert resolve_patterns(["*.view_*"], available) == {"a.view_x", "b.view_y"}


@pytest.mark.django_db
def test_anonymous_is_redirected_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
