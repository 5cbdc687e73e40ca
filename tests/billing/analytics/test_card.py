"""The analytics section on the consumer card: shown to those who see charges."""

import pytest
from django.urls import reverse

from accounts.roles import BILLING, LEGAL, TECHNICIAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "shown"), [(BILLING, True), (LEGAL, True), (TECHNICIAN, False)])
def test_the_card_shows_the_charts_to_roles_that_see_charges(metered_history, client, make_user, role, shown):
    client.force_login(make_user(role))
    response = client.get(reverse("subscribers:consumers:detail", args=[metered_history.contract.consumer_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="analytics"' in html) is shown
    if shown:
        assert html.count("<svg") >= 4
        assert "Тепловая энергия: факт и прогноз, Гкал" in html
        assert "Состояние узлов учета" in html and "модулем качества" in html
