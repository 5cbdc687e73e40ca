"""Headings as the names are written (core/templatetags/sentence_case.py): viewflow's ``|title``
raises only the first letter — «Ставки НДС», «Узлы учета», «Проверить показания» on a diagram —
not every word's («Ставки Ндс», «Узлы Учета», «Проверить Показания»)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, BILLING, MANAGER


def test_title_raises_the_first_letter_only():
    render = Template("{{ value|title }}").render  # a builtin: no {% load %}
    assert render(Context({"value": "ставки НДС"})) == "Ставки НДС"
    assert render(Context({"value": "журнал аудита"})) == "Журнал аудита"
    assert render(Context({"value": ""})) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url_name", "heading", "title_case"), [
    (BILLING, "billing:vat_rates:index", "Ставки НДС", "Ставки Ндс"),  # the viewset's own title
    (BILLING, "metering:units:index", "Узлы учета", "Узлы Учета"),  # the model's verbose name
    (BILLING, "subscribers:loads:index", "Тепловые нагрузки", "Тепловые Нагрузки"),
    (BILLING, "metering:outdoor_temperatures:index", "Температуры наружного воздуха", "Температуры Наружного Воздуха"),
    (MANAGER, "documents:archive:index", "Архив документов", "Архив Документов"),
    (ADMINISTRATOR, "documents:audit:index", "Журнал аудита", "Журнал Аудита"),
    (BILLING, "billing:vat_rates:add", "Ставки НДС", "Ставки Ндс"),  # a form's breadcrumbs
])
def test_a_lists_heading_keeps_its_case(client, make_user, role, url_name, heading, title_case):
    client.force_login(make_user(role))
    page = client.get(reverse(url_name)).content.decode()
    assert heading in page
    assert title_case not in page


@pytest.mark.django_db
def test_a_diagrams_node_keeps_its_case(client, make_user):
    import config.urls  # noqa: F401 — flow nodes reverse their URLs

    client.force_login(make_user(MANAGER))
    chart = client.get(reverse("metering_flows:flows:readingreview:chart")).content.decode()
    assert "Проверить показания" in chart
    assert "Проверить Показания" not in chart
