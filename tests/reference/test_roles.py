import pytest

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "view", "change", "calculate"),
    [
        (ADMINISTRATOR, True, True, False),
        (BILLING, True, False, True),
        (LEGAL, True, False, True),
        (MANAGER, True, False, True),
        (TECHNICIAN, False, False, False),
    ],
)
def test_administrators_edit_and_the_others_view(make_user, role, view, change, calculate):
    user = make_user(role)
    assert user.has_perm("reference.view_keyrate") is view
    assert user.has_perm("reference.view_calendarday") is view
    assert user.has_perm("reference.change_keyrate") is change
    assert user.has_perm("reference.add_penaltytier") is change
    assert user.has_perm("reference.use_legal_calculator") is calculate


@pytest.mark.parametrize(
    ("role", "keeps"),
    [(ADMINISTRATOR, True), (BILLING, True), (LEGAL, False), (MANAGER, False), (TECHNICIAN, False)],
)
def test_billing_specialists_keep_vat_rates_and_the_calendar(make_user, role, keeps):
    user = make_user(role)
    for model in ("vatrate", "calendaryear", "calendarday"):
        assert user.has_perm(f"reference.add_{model}") is keeps
        assert user.has_perm(f"reference.change_{model}") is keeps
    assert user.has_perm("reference.delete_vatrate") is (role == ADMINISTRATOR)
