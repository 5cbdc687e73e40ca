"""The import page of «Абоненты»: billing specialists and administrators upload, others get 403."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from subscribers.models import Consumer
from tests.subscribers.imports import files

PAGE = "subscribers:import:index"
TEMPLATE = "subscribers:import:template"


@pytest.mark.parametrize("role", [BILLING, ADMINISTRATOR])
def test_importers_open_the_page_and_see_it_in_the_menu(client, make_user, role):
    client.force_login(make_user(role))

    page = client.get(reverse(PAGE))
    register = client.get(reverse("subscribers:consumers:index"))

    assert page.status_code == 200
    assert reverse(TEMPLATE) in page.content.decode()
    assert reverse(PAGE) in register.content.decode()


@pytest.mark.parametrize("role", [TECHNICIAN, LEGAL, MANAGER])
def test_other_roles_are_refused_and_do_not_see_it(client, make_user, role, reference_data):
    client.force_login(make_user(role))
    upload = io.BytesIO(files.xlsx(files.registry(1)))
    upload.name = "reestr.xlsx"

    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(reverse(TEMPLATE)).status_code == 403
    assert client.post(reverse(PAGE), {"file": upload}).status_code == 403
    assert Consumer.objects.count() == 0
    assert reverse(PAGE) not in client.get(reverse("subscribers:consumers:index")).content.decode()


def test_an_upload_shows_the_counts(client, make_user, reference_data):
    client.force_login(make_user(BILLING))
    upload = io.BytesIO(files.xlsx(files.registry(2)))
    upload.name = "reestr.xlsx"

    response = client.post(reverse(PAGE), {"file": upload})

    assert response.status_code == 200
    assert Consumer.objects.count() == 2
    assert "Файл reestr.xlsx загружен" in response.content.decode()


def test_a_refused_upload_shows_every_problem_and_writes_nothing(client, make_user, reference_data):
    client.force_login(make_user(BILLING))
    rows = files.consumer_rows(20)
    rows[15]["ИНН"] = "7707083894"
    upload = io.BytesIO(files.csv_file(rows, encoding="cp1251", delimiter=","))
    upload.name = "abonenty.csv"

    response = client.post(reverse(PAGE), {"file": upload, "kind": "consumers"})

    html = response.content.decode()
    assert response.status_code == 200
    assert Consumer.objects.count() == 0
    assert "Файл не загружен: 1 ошибка, ничего не записано" in html
    assert '<td class="num">17</td><td>ИНН</td><td>7707083894</td><td>неверная контрольная сумма</td>' in html


def test_the_template_downloads(client, make_user):
    client.force_login(make_user(BILLING))

    response = client.get(reverse(TEMPLATE))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Абоненты" in load_workbook(io.BytesIO(response.content)).sheetnames
