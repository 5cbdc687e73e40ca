"""A police statement started by hand («Заявление в полицию» in the menu): the case and its
statement in one step; bad input named on its field with nothing written; other roles 403."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from casefiles.models import Case, CaseDocument
from tests.subscribers.factories import SignatoryFactory

from .factories import ConsumerFactory
from .test_documents import rub, text_of

URL = reverse("casefiles:police_new")


@pytest.fixture
def consumer(contract):
    from subscribers.models import Organization

    SignatoryFactory(organization=Organization.objects.order_by("pk").first(), position="Юрисконсульт", is_head=True)
    return ConsumerFactory(inn="7701234567")


def form(who, today, /, **changes) -> dict:
    data = {
        "consumer": who.code, "police_addressee": "Начальнику ОМВД России по г. Энску", "police_head": "",
        "police_address": "ул. Пушкина, д. 3", "found_on": (today - timedelta(days=5)).strftime("%d.%m.%Y"),
        "incident_address": "ул. Садовая, д. 14", "incident_kind": "бездоговорное потребление тепловой энергии",
        "method": "врезка в тепловой камере ТК-14", "act": "о выявлении бездоговорного потребления № 12",
        "owner": "", "period_from": (today - timedelta(days=370)).strftime("%d.%m.%Y"),
        "period_to": (today - timedelta(days=5)).strftime("%d.%m.%Y"), "damage_method": "по подключенной нагрузке",
        "volume": "312,457", "damage": "991113,60", "vat_rate": "22",
        "qualification": "административного правонарушения, предусмотренного ст. 7.19 КоАП РФ", "demands": "",
    }
    return {**data, **changes}


def test_a_lawyer_opens_the_case_and_the_statement_is_issued(client, lawyer, consumer, today):
    client.force_login(lawyer)

    response = client.post(URL, form(consumer, today, consumer="7701234567"))

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("casefiles:card", args=[case.pk])
    assert case.kind == Case.Kind.POLICE and case.consumer == consumer and not case.debts.exists()
    statement = case.documents.get(kind=CaseDocument.Kind.POLICE_STATEMENT)
    text = text_of(statement)
    assert rub(D("991113.60")) in text and "врезка в тепловой камере ТК-14" in text


def test_the_police_case_card_shows_its_registration_not_a_debt_case(client, lawyer, consumer, today):
    client.force_login(lawyer)
    client.post(URL, form(consumer, today, consumer="7701234567"))
    # when
    page = client.get(reverse("casefiles:card", args=[Case.objects.get().pk])).content.decode()
    # then: the statement's own section; no claim term, court, amounts or judgment of a debt case
    assert 'id="police"' in page and "Номер КУСП" in page and "Лицо:" in page
    for absent in ('id="court"', "Срок ответа на претензию", "Суммы на дату", 'id="judgment"', "Основной долг"):
        assert absent not in page, absent


@pytest.mark.parametrize(("changes", "field"), [
    ({"consumer": "нет-такого"}, "consumer"),
    ({"period_to": "01.01.2000"}, "period_to"),
    ({"damage": "0"}, "damage"),
    ({"volume": "-1"}, "volume"),
    ({"found_on": "01.01.2100"}, "found_on"),
    ({"act": ""}, "act"),
])
def test_bad_input_is_named_on_its_field_and_nothing_is_written(client, lawyer, consumer, today, changes, field):
    client.force_login(lawyer)

    response = client.post(URL, form(consumer, today, **changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Case.objects.exists() and not CaseDocument.objects.exists()


@pytest.mark.parametrize("role", [TECHNICIAN, BILLING, MANAGER])
def test_only_who_may_open_cases_starts_one(client, make_user, consumer, today, role):
    client.force_login(make_user(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, form(consumer, today)).status_code == 403
    assert not Case.objects.exists()
