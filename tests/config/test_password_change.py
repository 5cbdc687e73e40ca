"""Смена пароля (config/auth.py): the site's own page in its frame, reached from the user menu."""

import pytest
from django.urls import reverse

from accounts.roles import TECHNICIAN

pytestmark = pytest.mark.django_db


def test_the_password_change_is_a_page_of_the_site(client, make_user):
    client.force_login(make_user(TECHNICIAN, username="pw-tech"))
    # when
    response = client.get(reverse("password_change"))
    # then: the site's frame (its menu), not the Django admin's page
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "accounts/password_change_form.html"
    html = response.content.decode()
    assert 'class="vf-page__menu' in html and "Смена пароля" in html
    assert "Django" not in html and 'id="header"' not in html


def test_the_user_menu_links_the_password_change(client, make_user):
    client.force_login(make_user(TECHNICIAN, username="pw-menu"))
    response = client.get(reverse("inbox:index"))
    assert f'href="{reverse("password_change")}"' in response.content.decode()


def test_a_refused_change_shows_the_errors_at_the_top_and_a_good_one_changes_the_password(client, make_user):
    user = make_user(TECHNICIAN, username="pw-change")
    client.force_login(user)
    # an empty form: the error summary names the fields
    refused = client.post(reverse("password_change"), {})
    assert refused.status_code == 200
    assert 'id="error-summary"' in refused.content.decode() and "Старый пароль" in refused.content.decode()
    # the right old password and a new one twice
    new = "Теплосеть-2027!"
    changed = client.post(reverse("password_change"),
                          {"old_password": "pass-12345", "new_password1": new, "new_password2": new}, follow=True)
    assert changed.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Пароль изменен" in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
