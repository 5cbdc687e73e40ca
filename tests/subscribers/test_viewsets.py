from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from subscribers.models import Consumer, Contract, HeatLoad

from .factories import (
    CitizenFactory,
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    TariffGroupFactory,
    legal_inn,
    ogrn,
)

pytestmark = pytest.mark.django_db

LIST = reverse("subscribers:consumers:list")


def names(response) -> list[str]:
    return [c.name for c in response.context["object_list"]]


def test_the_consumer_list_finds_by_inn_name_contract_number_and_address(client, technician):
    # given
    romashka = ConsumerFactory(name="ООО «Ромашка»", inn=legal_inn(77))
    vasilek = ConsumerFactory(name="ООО «Василек»")
    ContractFactory(consumer=vasilek, number="ТС-0777/26")
    HeatedObjectFactory(consumer=CitizenFactory(name="Белов Николай Петрович"), address="г. Светлоборск, ул. Садовая, д. 9")
    client.force_login(technician)
    # when / then
    assert names(client.get(LIST, {"_search": romashka.inn})) == ["ООО «Ромашка»"]
    assert names(client.get(LIST, {"_search": "ромашка"})) == ["ООО «Ромашка»"]
    assert names(client.get(LIST, {"_search": "0777"})) == ["ООО «Василек»"]
    assert names(client.get(LIST, {"_search": "садовая 9"})) == ["Белов Николай Петрович"]


def test_a_short_word_finds_an_object_only_on_the_street_of_the_longer_words(client, technician):
    # given houses 9а on two streets and a contract number with «9а» in it (no code or ИНН has a letter)
    HeatedObjectFactory(consumer=CitizenFactory(name="Белов Николай Петрович"), address="г. Светлоборск, ул. Садовая, д. 9а")
    HeatedObjectFactory(consumer=CitizenFactory(name="Жуков Петр Ильич"), address="г. Светлоборск, ул. Лесная, д. 9а")
    ContractFactory(consumer=ConsumerFactory(name="ООО «Клен»"), number="ТС-9а7/26")
    client.force_login(technician)
    # when / then «9а» is looked for in the address of an object that is also on «Садовая»
    assert names(client.get(LIST, {"_search": "садовая 9а"})) == ["Белов Николай Петрович"]
    assert names(client.get(LIST, {"_search": "лесная 9а"})) == ["Жуков Петр Ильич"]
    # and alone, not in every contract number and object address of the register
    assert names(client.get(LIST, {"_search": "9а"})) == []
    # while three characters and more are looked for everywhere
    assert names(client.get(LIST, {"_search": "9а7"})) == ["ООО «Клен»"]


def test_the_consumer_list_filters_by_category_and_contract_status(client, lawyer):
    # given
    hoa = ConsumerFactory(name="ТСЖ «Северное»", penalty_category=Consumer.PenaltyCategory.HOA)
    ContractFactory(consumer=hoa, status=Contract.Status.SUSPENDED)
    other = ConsumerFactory(name="ООО «Прочее»")
    ContractFactory(consumer=other, status=Contract.Status.ACTIVE)
    client.force_login(lawyer)
    # when / then
    assert names(client.get(LIST, {"penalty_category": "hoa"})) == ["ТСЖ «Северное»"]
    assert names(client.get(LIST, {"contract_status": "active"})) == ["ООО «Прочее»"]
    assert names(client.get(LIST, {"contract_status": "suspended"})) == ["ТСЖ «Северное»"]


def test_the_consumer_card_shows_requisites_objects_loads_contracts_and_history(client, manager, consumer_with_everything):
    # given
    consumer, heated_object, contract = consumer_with_everything
    client.force_login(manager)
    # when
    response = client.get(reverse("subscribers:consumers:detail", args=[consumer.pk]))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    shown = (consumer.inn, heated_object.code, heated_object.address, contract.number, "0,15", "История изменений", "Создание")
    for text in shown:
        assert text.replace(",", ".") in page or text in page, text


def test_each_record_page_shows_its_own_history(client, billing, consumer_with_everything):
    # given a contract changed by billing
    _consumer, heated_object, contract = consumer_with_everything
    client.force_login(billing)
    client.post(
        reverse("subscribers:contracts:change", args=[contract.pk]),
        {**contract_post_data(contract), "note": "Изменено при сверке"},
    )
    # when
    page = client.get(reverse("subscribers:contracts:detail", args=[contract.pk])).content.decode()
    # then the change is on the contract's page with the old and new values
    assert "Изменение" in page and "Изменено при сверке" in page
    load_page = client.get(reverse("subscribers:loads:detail", args=[heated_object.loads.get().pk]))
    assert "История изменений" in load_page.content.decode()


def consumer_post_data(**extra):
    return {
        "kind": "legal", "penalty_category": "other", "name": "ООО «Новый»", "inn": legal_inn(501),
        "kpp": "352501001", "ogrn": ogrn(501), "is_active": "on", **extra,
    }


def test_billing_creates_a_consumer_through_the_form(client, billing):
    client.force_login(billing)
    response = client.post(reverse("subscribers:consumers:add"), consumer_post_data())
    assert response.status_code == 302
    consumer = Consumer.objects.get()
    assert consumer.code == "100001"
    assert consumer.history.get().history_user == billing


def test_a_wrong_inn_is_shown_on_the_form_and_nothing_is_written(client, billing):
    client.force_login(billing)
    response = client.post(reverse("subscribers:consumers:add"), consumer_post_data(inn="7707083894"))
    assert response.status_code == 200
    assert response.context["form"].errors["inn"] == ["ИНН 7707083894: неверная контрольная сумма"]
    assert not Consumer.objects.exists()


def test_a_technician_may_not_open_or_post_the_consumer_forms(client, technician):
    consumer = ConsumerFactory()
    client.force_login(technician)
    assert client.get(reverse("subscribers:consumers:add")).status_code == 403
    assert client.post(reverse("subscribers:consumers:add"), consumer_post_data()).status_code == 403
    assert client.get(reverse("subscribers:consumers:change", args=[consumer.pk])).status_code == 403
    response = client.post(reverse("subscribers:consumers:change", args=[consumer.pk]), consumer_post_data())
    assert response.status_code == 403
    consumer.refresh_from_db()
    assert consumer.name != "ООО «Новый»"


def contract_post_data(contract: Contract, *, money: bool = True) -> dict:
    data = {
        "number": contract.number, "signed_on": contract.signed_on.strftime("%d.%m.%Y"),
        "valid_from": contract.valid_from.strftime("%d.%m.%Y"), "auto_renewal": "on", "status": contract.status,
        "objects_covered": [o.pk for o in contract.objects_covered.all()], "balance_boundary": contract.balance_boundary,
        "note": contract.note,
    }
    if money:
        data.update({
            "tariff_group": contract.tariff_group_id, "payment_scheme": contract.payment_scheme,
            "advance1_percent": contract.advance1_percent, "advance1_day": contract.advance1_day,
            "advance2_percent": contract.advance2_percent, "advance2_day": contract.advance2_day or "",
            "final_payment_day": contract.final_payment_day,
        })
    return data


def technical_post_data(contract: Contract) -> dict:
    """What a technician's contract form sends: its technical part only."""
    return {
        "objects_covered": [o.pk for o in contract.objects_covered.all()],
        "balance_boundary": contract.balance_boundary, "note": contract.note,
    }


def test_a_technicians_contract_form_has_only_the_technical_part(client, technician):
    contract = ContractFactory()
    client.force_login(technician)
    form = client.get(reverse("subscribers:contracts:change", args=[contract.pk])).context["form"]
    assert set(form.fields) == {"objects_covered", "balance_boundary", "note"}


def test_a_technician_changes_the_boundary_but_posting_money_terms_is_refused(client, technician):
    # given
    contract = ContractFactory()
    budget = TariffGroupFactory(code="БЮДЖ", name="Бюджетные")
    client.force_login(technician)
    url = reverse("subscribers:contracts:change", args=[contract.pk])
    # when the technician's own form is sent
    ok = client.post(url, {**technical_post_data(contract), "balance_boundary": "по фланцам в ТК-3"})
    # then
    assert ok.status_code == 302
    contract.refresh_from_db()
    assert contract.balance_boundary == "по фланцам в ТК-3"
    # when a crafted request carries money terms
    refused = client.post(url, {
        **technical_post_data(contract), "tariff_group": budget.pk, "advance1_percent": "10",
    })
    # then
    assert refused.status_code == 403
    contract.refresh_from_db()
    assert contract.tariff_group.code == "ПРОЧ" and contract.advance1_percent == Decimal("35")


def test_a_technician_posting_a_contract_status_is_refused_and_nothing_changes(client, technician):
    # given
    contract = ContractFactory(status=Contract.Status.ACTIVE, balance_boundary="по стене здания")
    client.force_login(technician)
    versions = contract.history.count()
    # when a crafted request terminates the contract (and changes the boundary too)
    response = client.post(
        reverse("subscribers:contracts:change", args=[contract.pk]),
        {**technical_post_data(contract), "balance_boundary": "по фланцам в ТК-3", "status": "terminated"},
    )
    # then
    assert response.status_code == 403
    assert "статус" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE
    assert contract.balance_boundary == "по стене здания"
    assert contract.history.count() == versions


def test_billing_changes_a_contract_status_through_the_form(client, billing):
    contract = ContractFactory(status=Contract.Status.ACTIVE)
    client.force_login(billing)
    response = client.post(
        reverse("subscribers:contracts:change", args=[contract.pk]),
        {**contract_post_data(contract), "status": "terminated"},
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Contract.Status.TERMINATED


def test_billing_changes_money_terms_through_the_form(client, billing):
    contract = ContractFactory()
    client.force_login(billing)
    response = client.post(
        reverse("subscribers:contracts:change", args=[contract.pk]),
        {**contract_post_data(contract), "advance1_percent": "30"},
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.advance1_percent == Decimal("30")


def test_a_new_load_from_the_form_closes_the_current_one(client, technician):
    load = HeatLoadFactory(valid_from=date(2025, 1, 1))
    client.force_login(technician)
    response = client.post(reverse("subscribers:loads:add"), {
        "heated_object": load.heated_object_id, "valid_from": "01.10.2026", "heating": "0.2",
        "ventilation": "0", "hot_water_avg": "0", "hot_water_max": "0",
    })
    assert response.status_code == 302
    load.refresh_from_db()
    assert load.valid_to == date(2026, 9, 30)
    assert HeatLoad.objects.count() == 2


def test_the_organisation_pages_are_for_administrators_only(client, billing, administrator):
    from .factories import OrganizationFactory

    organization = OrganizationFactory()
    url = reverse("subscribers:organization:detail", args=[organization.pk])
    client.force_login(billing)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_a_user_without_a_role_cannot_enter_the_register(client, make_user):
    client.force_login(make_user())
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("subscribers:index")).status_code == 403
