"""Восстановление пароля (config/auth.py): the four pages of the reset by e-mail are drawn like the
login page, in Russian — not the Django admin's pages their template names would bring — and the
e-mailed link sets a new password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import TECHNICIAN

pytestmark = pytest.mark.django_db


def assert_department_page(response, text: str):
    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert "Django" not in html and 'id="header"' not in html  # the admin's frame
    assert "vf-page-lockscreen" in html  # the login page's frame


def test_the_reset_by_email_goes_through_the_department_pages(client, make_user):
    user = make_user(TECHNICIAN, username="reset-tech", email="petrov@teplo.example")
    # the request form
    assert_department_page(client.get(reverse("password_reset")), "Восстановление пароля")
    # when: the address is sent
    sent = client.post(reverse("password_reset"), {"email": "petrov@teplo.example"}, follow=True)
    # then
    assert_department_page(sent, "Ссылка отправлена")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["petrov@teplo.example"]
    link = re.search(r"https?://[^/\s]+(/\S+/)", mail.outbox[0].body).group(1)
    # the link leads to the new-password form (Django redirects it to its set-password address)
    form = client.get(link, follow=True)
    assert_department_page(form, "Введите новый пароль дважды")
    new = "Теплосеть-2027!"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert_department_page(done, "Новый пароль установлен")
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_used_or_broken_link_says_so_in_russian(client):
    page = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}))
    assert_department_page(page, "Ссылка недействительна")
