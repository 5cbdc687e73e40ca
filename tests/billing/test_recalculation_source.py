"""A recalculation's source is shown by its Russian label, never the module's code."""

from billing.models import Recalculation


def test_the_source_has_a_russian_label():
    assert Recalculation(source="quality").get_source_display() == "качество теплоснабжения"
    assert Recalculation(source="metering").get_source_display() == "показания приборов учета"


def test_the_admin_shows_the_source_by_name(client, make_user, make_contract, period_dec):
    from decimal import Decimal

    from django.urls import reverse

    from accounts.roles import ADMINISTRATOR

    client.force_login(make_user(ADMINISTRATOR, is_staff=True))
    admin_client = client

    contract, obj = make_contract(heating="0.2")
    recalculation = Recalculation.objects.create(
        contract=contract, heated_object=obj, corrected_period=period_dec, resource="heat_energy",
        component="energy", amount=Decimal("-10.00"), source="quality", reason="Перерыв в отоплении",
    )
    listing = admin_client.get(reverse("admin:billing_recalculation_changelist")).content.decode()
    assert "качество теплоснабжения" in listing and ">quality<" not in listing
    page = admin_client.get(reverse("admin:billing_recalculation_change", args=[recalculation.pk])).content.decode()
    assert "качество теплоснабжения" in page and ">quality<" not in page
