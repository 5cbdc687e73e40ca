"""subscribers.card_sections: the cards take the sections other areas name in settings, without
subscribers importing those areas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import TECHNICIAN
from core.views import Table
from subscribers.card_sections import SETTING_OF, hooked_sections

from .factories import ContractFactory, HeatedObjectFactory

pytestmark = pytest.mark.django_db

seen: list = []


def record_section(request, record) -> list:
    seen.append(record)
    return [Table("Раздел другой области", ["Запись"], [[str(record.pk)]], anchor="hooked")]


def test_each_card_has_its_own_setting():
    assert SETTING_OF == {
        "consumer": "CONSUMER_CARD_SECTIONS",
        "heated_object": "HEATED_OBJECT_CARD_SECTIONS",
        "contract": "CONTRACT_CARD_SECTIONS",
    }


def test_no_setting_no_sections(settings, rf):
    del settings.CONTRACT_CARD_SECTIONS
    assert hooked_sections("contract", rf.get("/"), object()) == []


@pytest.mark.parametrize(("card", "name"), [("heated_object", "objects"), ("contract", "contracts")])
def test_the_object_and_contract_cards_show_the_hooked_sections(client, make_user, settings, card, name):
    heated_object = HeatedObjectFactory()
    record = heated_object if card == "heated_object" else ContractFactory(objects_covered=[heated_object])
    setattr(settings, SETTING_OF[card], [f"{__name__}.record_section"])
    seen.clear()
    client.force_login(make_user(TECHNICIAN))
    page = client.get(reverse(f"subscribers:{name}:detail", kwargs={"pk": record.pk})).content.decode()
    assert "Раздел другой области" in page and 'id="hooked"' in page
    assert seen == [record]
