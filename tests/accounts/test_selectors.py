import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import MANAGER, TECHNICIAN
from accounts.selectors import technicians


@pytest.mark.django_db
def test_technicians_are_the_active_members_of_the_role_by_name(make_user):
    # given
    petrov = make_user(TECHNICIAN, last_name="Петров", first_name="Сергей")
    ivanov = make_user(TECHNICIAN, last_name="Иванов", first_name="Олег")
    make_user(TECHNICIAN, last_name="Андреев", is_active=False)
    make_user(MANAGER, last_name="Борисова")
    # then
    assert list(technicians()) == [ivanov, petrov]


@pytest.mark.django_db
def test_the_technicians_role_alone_may_inspect():
    # the commissioning form listed holders of this permission: the same people
    holders = Group.objects.filter(
        permissions=Permission.objects.get(codename="perform_inspection", content_type__app_label="metering")
    )
    assert list(holders.values_list("name", flat=True)) == [TECHNICIAN]
