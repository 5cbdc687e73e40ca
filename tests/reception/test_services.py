"""Services of the reception: the term from the dated reference data (residents 3 working days,
others the configurable default), the links to the consumer and the contract, refusals on the
field with nothing written, any letter issued from the letter page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, BILLING
from core.errors import ApplicationError
from documents.models import ArchivedDocument
from reception.models import Appeal, AppealTerm
from reception.services import appeal_register
from reference.selectors import production_calendar
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.subscribers.factories import ConsumerFactory, ContractFactory, OrganizationFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user(BILLING, first_name="Ольга", last_name="Смирнова")


@pytest.fixture
def now(time_machine):
    moment = timezone.make_aware(datetime.combine(date(2026, 12, 7), time(10)))  # a Monday
    time_machine.move_to(moment, tick=False)
    return moment


def register(clerk, now, **changes):
    data = {"received_at": now - timedelta(hours=1), "channel": "email", "applicant_kind": "other",
            "applicant_name": "ООО «Хлебозавод № 3»", "category": "penalties", "summary": "Пени",
            "questions": ["Почему начислены пени?"], "actor": clerk, **changes}
    return appeal_register(**data)


def test_the_default_term_is_reference_data_and_may_change(clerk, now):
    appeal = register(clerk, now)
    # 30 calendar days: 06.01.2027, a holiday — the next working day of the calendar (ГК ст. 193)
    assert appeal.due_on == production_calendar().next_working_day(date(2027, 1, 6)) > date(2027, 1, 6)
    assert "ГК РФ ст. 193" in appeal.due_norm
    # when: the administrator sets 10 working days from today on
    AppealTerm.objects.filter(applicant="other").update(valid_to=date(2026, 12, 6))
    AppealTerm.objects.create(applicant="other", valid_from=date(2026, 12, 7), days=10, working_days=True,
                              norm="приказ о работе с обращениями")
    assert register(clerk, now).due_on == date(2026, 12, 21)


def test_a_resident_gets_three_working_days(clerk, now):
    assert register(clerk, now, applicant_kind="resident").due_on == date(2026, 12, 10)


def test_a_contract_of_another_consumer_is_refused(clerk, now):
    with pytest.raises(ApplicationError) as refused:
        register(clerk, now, consumer=ConsumerFactory(), contract=ContractFactory())
    assert refused.value.field == "contract"
    assert not Appeal.objects.exists()


def test_the_contract_names_its_consumer(clerk, now):
    contract = ContractFactory()
    assert register(clerk, now, contract=contract).consumer == contract.consumer


def test_a_letter_is_issued_from_the_page(client, clerk, make_user, now):
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization, is_head=True)
    consumer = ConsumerFactory()
    client.force_login(make_user(ADMINISTRATOR))
    assert client.get(reverse("reception:letter:index")).status_code == 403
    client.force_login(clerk)
    refused = client.post(reverse("reception:letter:index"), {"consumer_code": consumer.code, "heading": "О сверке",
                                                              "paragraphs": " "})
    assert refused.status_code == 200 and not ArchivedDocument.objects.exists()
    response = client.post(reverse("reception:letter:index"), {
        "consumer_code": consumer.code, "heading": "О сверке расчетов", "paragraphs": "Просим подписать акт сверки.",
        "reply_number": "15", "reply_date": "01.12.2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = ArchivedDocument.objects.get()
    assert document.template_code == "common.letter"
    assert document.context["in_reply_to"] == {"number": "15", "date": "01.12.2026"}
