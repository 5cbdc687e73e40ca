"""The Django admin: money is read-only for everyone, every other admin write is audited."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory

from audit.models import AuditEvent
from billing.models import ChargeLine, Invoice
from settlements.models import Allocation, BankStatement, Debt, Payment, PenaltyLine
from subscribers.models import TariffGroup
from tests.settlements.factories import AllocationFactory, DebtFactory, PaymentFactory

pytestmark = pytest.mark.django_db

MONEY = [Payment, Allocation, Debt, PenaltyLine, Invoice, ChargeLine, BankStatement]


@pytest.mark.parametrize("model", MONEY, ids=lambda m: m._meta.label_lower)
def test_money_is_shown_but_never_editable_even_by_a_superuser(model, admin_user):
    # given
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    # then
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_an_allocated_payment_and_a_debt_cannot_be_changed_or_deleted_through_the_admin(admin_client):
    # given an allocated payment and an unmatched one
    debt = DebtFactory(amount=Decimal("4985.55"))
    payment = PaymentFactory(contract=debt.contract, amount=Decimal("198797.45"))
    AllocationFactory(payment=payment, debt=debt, amount=Decimal("4985.55"))
    unmatched = PaymentFactory(contract=None, consumer=None, payer_inn="7707083893", status=Payment.Status.UNMATCHED)
    before = AuditEvent.objects.count()
    # when the administrator posts changes and deletes
    changed = admin_client.post(f"/admin/settlements/payment/{payment.pk}/change/", {"amount": "1.00"})
    debt_changed = admin_client.post(f"/admin/settlements/debt/{debt.pk}/change/", {"amount": "0.01"})
    deleted = admin_client.post(f"/admin/settlements/payment/{unmatched.pk}/delete/", {"post": "yes"})
    bulk = admin_client.post("/admin/settlements/payment/", {
        "action": "delete_selected", "_selected_action": [unmatched.pk], "post": "yes"})
    # then nothing changed
    assert (changed.status_code, debt_changed.status_code, deleted.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302)
    payment.refresh_from_db()
    debt.refresh_from_db()
    assert (payment.amount, debt.amount) == (Decimal("198797.45"), Decimal("4985.55"))
    assert Payment.objects.filter(pk=unmatched.pk).exists()
    assert AuditEvent.objects.count() == before
    # and the change page shows the payment without a save button
    page = admin_client.get(f"/admin/settlements/payment/{payment.pk}/change/").content.decode()
    assert "198797.45" in page or "198 797,45" in page or "198797,45" in page
    assert 'name="_save"' not in page


def test_an_admin_add_change_and_delete_of_other_models_are_audited(admin_client, admin_user):
    # when the administrator adds, renames and deletes a tariff group
    admin_client.post("/admin/subscribers/tariffgroup/add/", {"code": "TG-1", "name": "Бюджет"})
    group = TariffGroup.objects.get(code="TG-1")
    admin_client.post(f"/admin/subscribers/tariffgroup/{group.pk}/change/", {"code": "TG-1", "name": "Прочие"})
    admin_client.post(f"/admin/subscribers/tariffgroup/{group.pk}/delete/", {"post": "yes"})
    # then each is an audit event naming who, what and which fields
    events = list(AuditEvent.objects.filter(action__startswith="admin.tariffgroup.").order_by("sequence"))
    assert [e.action for e in events] == [
        "admin.tariffgroup.created", "admin.tariffgroup.changed", "admin.tariffgroup.deleted"]
    assert {(e.actor, e.target_id) for e in events} == {(admin_user, str(group.pk))}
    assert events[1].data["changes"] == [{"changed": {"fields": ["Наименование"]}}]
    assert not TariffGroup.objects.filter(pk=group.pk).exists()


def test_django_s_own_admins_are_audited_too(admin_client, admin_user):
    # when the administrator adds a group and bulk-deletes it
    admin_client.post("/admin/auth/group/add/", {"name": "Проверка"})
    group = Group.objects.get(name="Проверка")
    admin_client.post("/admin/auth/group/", {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"})
    # then
    actions = list(AuditEvent.objects.filter(target_id=str(group.pk), action__startswith="admin.group.")
                   .order_by("sequence").values_list("action", flat=True))
    assert actions == ["admin.group.created", "admin.group.deleted"]
    assert not Group.objects.filter(pk=group.pk).exists()


@pytest.fixture
def groups_refuse_delete(db):
    """A database that refuses to delete a group (as an insert-only table refuses it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION test_refuse_delete() RETURNS trigger AS $$ BEGIN "
                           "RAISE EXCEPTION 'refused'; END; $$ LANGUAGE plpgsql")
            cursor.execute("CREATE TRIGGER test_refuse_delete BEFORE DELETE ON auth_group "
                           "FOR EACH ROW EXECUTE FUNCTION test_refuse_delete()")
        else:
            cursor.execute("CREATE TRIGGER test_refuse_delete BEFORE DELETE ON auth_group "
                           "BEGIN SELECT RAISE(ABORT, 'refused'); END")


def test_a_bulk_delete_the_database_refuses_leaves_no_deleted_event(admin_client, groups_refuse_delete):
    # given a group the database will not let go
    group = Group.objects.create(name="Неудаляемая")
    admin_client.raise_request_exception = False
    # when the administrator bulk-deletes it
    response = admin_client.post("/admin/auth/group/", {
        "action": "delete_selected", "_selected_action": [group.pk], "post": "yes"})
    # then the request failed, the group stays and no event says it was deleted
    assert response.status_code == 500
    assert Group.objects.filter(pk=group.pk).exists()
    assert not AuditEvent.objects.filter(action="admin.group.deleted", target_id=str(group.pk)).exists()
