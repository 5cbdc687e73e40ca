"""``core.middleware.QueryStringGuard``: a NUL in a query string is a 400 naming the
parameter, on pages and in the API — never a database error (PostgreSQL holds no NUL)."""

import pytest
from django.urls import reverse

from accounts.roles import BILLING

pytestmark = pytest.mark.django_db


def test_a_page_filter_with_nul_is_refused(client, make_user):
    # given
    client.force_login(make_user(BILLING))
    # when the debtors' search gets a NUL character
    response = client.get(reverse("settlements:debtors"), {"q": "Долж\x00ник"})
    # then
    assert response.status_code == 400
    assert "параметр q: строка содержит нулевой символ" in response.content.decode()


def test_a_nul_in_a_parameter_name_is_refused_too(client, make_user):
    client.force_login(make_user(BILLING))
    assert client.get(reverse("settlements:debtors") + "?q%00=1").status_code == 400


def test_an_ordinary_search_passes(client, make_user):
    client.force_login(make_user(BILLING))
    assert client.get(reverse("settlements:debtors"), {"q": "Должник"}).status_code == 200
