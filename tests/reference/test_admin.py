from datetime import date

import pytest

from accounts.roles import LEGAL, TECHNICIAN
from audit.models import AuditEvent
from reference import models

pytestmark = pytest.mark.django_db

PAGES = ["keyrate", "penaltytierscheme", "ratecap", "penaltymoratorium", "vatrate", "statedutyscale",
         "paymentdueday", "heatsupplypaymentterms", "contractlessrule", "policedamagethreshold", "calendaryear"]


@pytest.mark.parametrize("page", PAGES)
def test_administrator_opens_every_list_and_add_page(admin_client, page):
    assert admin_client.get(f"/admin/reference/{page}/").status_code == 200
    assert admin_client.get(f"/admin/reference/{page}/add/").status_code == 200


def test_a_lawyer_views_but_does_not_add(client, make_user):
    client.force_login(make_user(LEGAL, is_staff=True))
    assert client.get("/admin/reference/keyrate/").status_code == 200
    assert client.get("/admin/reference/keyrate/add/").status_code == 403


def test_a_technician_does_not_see_reference_data(client, make_user):
    client.force_login(make_user(TECHNICIAN, is_staff=True))
    assert client.get("/admin/reference/keyrate/").status_code == 403


def test_administrator_adds_a_key_rate_with_history(admin_client):
    response = admin_client.post("/admin/reference/keyrate/add/", {
        "effective_from": "2026-03-23", "rate_percent": "15.00", "source": "Банк России, пресс-релиз",
    })
    assert response.status_code == 302
    rate = models.KeyRate.objects.get(effective_from=date(2026, 3, 23))
    assert rate.history.get().history_user.groups.filter(name="Администратор").exists()
    # and the audit trail has the event, with who did it
    event = AuditEvent.objects.get(action="admin.keyrate.created")
    assert (event.target_id, event.actor.groups.get().name) == (str(rate.pk), "Администратор")


def _tier_scheme_post(tiers, **fields):
    data = {"category": "other", "valid_from": "2027-01-01", "valid_to": "", "norm": "190-ФЗ ст. 15 ч. 9.1",
            "note": "", "tiers-TOTAL_FORMS": str(len(tiers)), "tiers-INITIAL_FORMS": "0",
            "tiers-MIN_NUM_FORMS": "0", "tiers-MAX_NUM_FORMS": "1000"} | fields
    for n, (from_day, denominator) in enumerate(tiers):
        data[f"tiers-{n}-from_day"] = str(from_day)
        data[f"tiers-{n}-denominator"] = "" if denominator is None else str(denominator)
    return data


def test_admin_refuses_an_overlapping_tier_scheme(admin_client):
    response = admin_client.post("/admin/reference/penaltytierscheme/add/", _tier_scheme_post([(1, 130)]))
    assert response.status_code == 200
    assert "пересекается" in response.content.decode()


def test_admin_refuses_a_scheme_not_starting_on_day_one(admin_client):
    models.PenaltyTierScheme.objects.filter(category="other").update(valid_to=date(2026, 12, 31))
    response = admin_client.post("/admin/reference/penaltytierscheme/add/", _tier_scheme_post([(31, 130)]))
    assert response.status_code == 200
    assert "начинается с 1-го дня просрочки" in response.content.decode()
    response = admin_client.post("/admin/reference/penaltytierscheme/add/", _tier_scheme_post([(1, 130)]))
    assert response.status_code == 302
    assert models.PenaltyTierScheme.objects.filter(category="other").count() == 2
    event = AuditEvent.objects.order_by("sequence").last()
    assert event.action == "admin.penaltytierscheme.created"
    assert [change for change in event.data["changes"] if change["added"]] == [
        {"added": {"name": models.PenaltyTier._meta.verbose_name, "object": str(models.PenaltyTier.objects.last())}},
    ]


def test_a_refused_change_leaves_no_audit_event(admin_client):
    before = AuditEvent.objects.count()
    admin_client.post("/admin/reference/penaltytierscheme/add/", _tier_scheme_post([(1, 130)]))  # overlaps
    assert AuditEvent.objects.count() == before


def test_admin_edits_categories_as_checkboxes(admin_client):
    # given the seeded ПП № 424 suspension
    moratorium = models.PenaltyMoratorium.objects.get(kind="suspension")
    url = f"/admin/reference/penaltymoratorium/{moratorium.pk}/change/"
    # then its categories are shown as ticked boxes
    form = admin_client.get(url).context["adminform"].form
    assert form["categories"].value() == ["citizen", "hoa", "managing_org"]
    # when the administrator ticks one more
    response = admin_client.post(url, {
        "valid_from": "2020-04-06", "valid_to": "2020-12-31", "kind": "suspension",
        "categories": ["citizen", "hoa", "managing_org", "budget_44fz"], "debts_arisen_before": "",
        "norm": moratorium.norm, "note": "",
    })
    # then it is stored as codes
    assert response.status_code == 302
    moratorium.refresh_from_db()
    assert moratorium.categories == "citizen,hoa,managing_org,budget_44fz"


def test_the_lists_name_the_categories_not_their_codes(admin_client):
    moratorium = models.PenaltyMoratorium.objects.create(
        valid_from=date(2030, 1, 1), valid_to=date(2030, 6, 30), kind=models.PenaltyMoratorium.Kind.values[0],
        categories="other,hoa", norm="ПП РФ (проверка списка)",
    )
    page = admin_client.get("/admin/reference/penaltymoratorium/").content.decode()
    assert "Прочие юрлица и ИП; ТСЖ, ЖК, ЖСК" in page and "other,hoa" not in page
    assert models.categories_display(moratorium.categories) == "Прочие юрлица и ИП; ТСЖ, ЖК, ЖСК"
    assert admin_client.get("/admin/reference/ratecap/").status_code == 200


def test_administrator_ends_the_police_threshold_and_adds_the_next_one(admin_client):
    seeded = models.PoliceDamageThreshold.objects.get()
    overlapping = {"valid_from": "2027-01-01", "valid_to": "", "amount": "300000.00", "norm": "УК РФ ст. 165",
                   "note": ""}
    response = admin_client.post("/admin/reference/policedamagethreshold/add/", overlapping)
    assert response.status_code == 200 and "пересекается" in response.content.decode()
    response = admin_client.post(f"/admin/reference/policedamagethreshold/{seeded.pk}/change/", {
        "valid_from": "2003-12-08", "valid_to": "2026-12-31", "amount": "250000.00", "norm": seeded.norm, "note": ""})
    assert response.status_code == 302
    assert admin_client.post("/admin/reference/policedamagethreshold/add/", overlapping).status_code == 302
    assert AuditEvent.objects.filter(action="admin.policedamagethreshold.created").exists()
