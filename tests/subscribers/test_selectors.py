import pytest

from core.errors import ApplicationError
from subscribers.models import Organization
from subscribers.selectors import our_organization

from .factories import OrganizationFactory


@pytest.mark.django_db
def test_our_organization_is_none_until_filled_in_or_refused_when_required():
    Organization.objects.all().delete()
    assert our_organization() is None
    with pytest.raises(ApplicationError) as exc:
        our_organization(required=True)
    assert (exc.value.code, exc.value.field) == ("organization_missing", "organization")


@pytest.mark.django_db
def test_our_organization_is_the_first_row():
    first = OrganizationFactory()
    OrganizationFactory()
    assert our_organization() == our_organization(required=True) == first
