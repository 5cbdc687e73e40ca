import pytest

from accounts.roles import ADMINISTRATOR


@pytest.fixture
def admin_client(client, make_user):
    """A client logged in as an administrator with access to the Django admin."""
    client.force_login(make_user(ADMINISTRATOR, is_staff=True))
    return client
