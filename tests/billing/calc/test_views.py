"""The "Правовые расчеты" pages: who may open them, and a calculation through a form."""

import pytest

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = ["penalty", "state_duty", "contractless", "heating_volume", "hot_water_volume", "quality"]


def url(page: str) -> str:
    return f"/legal_calc/{page}/"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "status"), [
    (LEGAL, 200), (BILLING, 200), (MANAGER, 200), (TECHNICIAN, 403), (ADMINISTRATOR, 403), (None, 403),
])
def test_who_may_open_the_calculators(client, make_user, page, role, status):
    client.force_login(make_user(role))
    assert client.get(url(page)).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(url("penalty"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def lawyer(client, make_user):
    client.force_login(make_user(LEGAL))
    return client


def test_a_lawyer_calculates_a_penalty(lawyer):
    # when the managing-organisation example is typed into the form
    response = lawyer.post(url("penalty"), {
        "category": "managing_org", "as_of": "29.05.2026",
        "debts": "2026-01; 100000,00; 10.02.2026", "payments": "29.05.2026; 100000.00", "rate_percent": "",
    })
    # then the page shows the total and the lines
    assert response.status_code == 200
    assert response.context["result"]["total"] == "4891.85"
    assert [row[3] for row in response.context["rows"]] == [60, 30, 18]
    assert '<span id="calc-total">4\xa0891,85</span>' in response.content.decode()


def test_a_calculation_on_the_page_is_audited_with_its_user(client, make_user):
    # given
    client.force_login(user := make_user(LEGAL))
    # when
    response = client.post(url("penalty"), {
        "category": "managing_org", "as_of": "29.05.2026",
        "debts": "2026-01; 100000,00; 10.02.2026", "payments": "29.05.2026; 100000.00", "rate_percent": "",
    })
    # then the event names the user, the kind, the input the form built and the total
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="calc.run")
    assert event.actor == user
    assert event.data["kind"] == "penalty" and event.data["source"] == "page"
    assert event.data["total"] == "4891.85"
    assert event.data["input"]["as_of"] == "2026-05-29" and event.data["input"]["category"] == "managing_org"
    assert event.data["input"]["debts"] == [{"id": "2026-01", "amount": "100000,00", "due_date": "2026-02-10"}]


def test_a_service_error_is_shown_on_the_line_it_concerns(lawyer):
    response = lawyer.post(url("penalty"), {
        "category": "other", "as_of": "24.04.2026",
        "debts": "a; 100; 10.03.2026", "payments": "01.04.2026; 50; b",
    })
    assert response.context.get("result") is None
    assert response.context["form"].errors["payments"] == ["Строка 1: нет долга «b»"]


def test_a_mistyped_line_is_refused_by_the_form(lawyer):
    response = lawyer.post(url("penalty"), {"category": "other", "as_of": "24.04.2026", "debts": "a; 100; 2026-03-10"})
    assert response.context["form"].errors["debts"] == ["Строка 1: дата «2026-03-10» не в формате ДД.ММ.ГГГГ"]


@pytest.mark.parametrize(
    ("page", "data", "total"),
    [
        ("state_duty", {"court": "arbitration", "procedure": "claim", "claim_amount": "1500000"}, "70000.00"),
        ("heating_volume", {"load_gcal_h": "0.5", "t_inside": "20", "t_outside_design": "-26",
                            "periods": "31; -8,6"}, "231.287"),
        ("hot_water_volume", {"load_avg_gcal_h": "0.08", "days": "31"}, "59.520"),
        ("contractless", {"load_gcal_h": "0.15", "t_inside": "20", "t_outside_design": "-25", "periods": "92; -10",
                          "tariff_per_gcal": "2500", "vat_percent": "0"}, "828000.00"),
        ("quality", {"service": "hot_water", "monthly_charge": "1200", "deviations": "100; 52; ; день"}, "120.00"),
        ("quality", {"service": "heating", "monthly_charge": "3000", "interruptions": "30\n10"}, "72.00"),
    ],
)
def test_every_calculator_form(lawyer, page, data, total):
    response = lawyer.post(url(page), data)
    assert response.context["form"].errors == {}
    assert response.context["result"]["total"] == total


def test_calculator_inputs_and_results_are_written_with_a_comma_and_groups(lawyer):
    # given inputs as people type them: a comma, a space between digit groups
    response = lawyer.post(url("contractless"), {
        "load_gcal_h": "0,15", "t_inside": "20", "t_outside_design": "-25", "periods": "92; -10",
        "tariff_per_gcal": "2 500,00", "vat_percent": "0",
    })
    # then the answer is a success (200, not an error status) and reads the Russian way
    assert response.status_code == 200
    assert response.context["result"]["total"] == "828000.00"
    html = response.content.decode()
    assert '<span id="calc-total">828\xa0000,00</span>' in html
    assert "828000.00" not in html
    # and the inputs are shown back as typed, in text boxes (not type="number", which refuses a comma)
    assert 'value="2 500,00"' in html and 'value="0,15"' in html and 'type="number"' not in html


def test_the_calculator_form_is_posted_outside_turbo_so_a_result_is_not_a_422(lawyer):
    # viewflow's HotwireTurboMiddleware turns a 200 answer to a Turbo form post into 422: the
    # calculator's form is posted by the browser itself
    page = lawyer.get(url("penalty")).content.decode()
    assert '<form class="vf-form" method="POST" data-turbo="false">' in page
    response = lawyer.post(url("hot_water_volume"), {"load_avg_gcal_h": "0,08", "days": "31"})
    assert response.status_code == 200 and '<span id="calc-total">59,520</span>' in response.content.decode()
