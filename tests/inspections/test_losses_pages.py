"""The losses report page and its XLSX (issue 15, item 5): managers, technicians and billing open
them, others get 403; the file opens with openpyxl, matches the rows, and keeps formula-like text as text."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from inspections.losses import losses_report
from inspections.losses_export import HEADERS, report_cells
from metering.services.exports import EXPORTED

from .losses_world import PAID, TOTAL, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town, tariff, organization, technician, issuer, today, archive_dir):
    return build(today=today, town=town, technician=technician, issuer=issuer)


def _client(client, make_user, role):
    client.force_login(make_user(role))
    return client


def test_the_page_shows_the_rows_the_total_and_the_chart(world, client, make_user):
    # when
    response = _client(client, make_user, MANAGER).get(reverse("inspections:losses"),
                                                       {"date_from": world.last_month.isoformat()})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Северная магистраль (Котельная № 1)" in html and "Южная магистраль (ТЭЦ-2)" in html
    assert "220,800" in html and "1\u00a0010\u00a0160,00" in html
    assert '<svg id="losses-chart"' in html and html.count("<rect") == 4  # found and paid for each of two months
    assert "<script" not in html.split('id="losses-chart"')[1].split("</svg>")[0]


def test_the_xlsx_matches_the_rows_with_text_cells_kept_as_text(world, client, make_user, today):
    # given: a section whose name a spreadsheet would run as a formula
    world.north.name = '=HYPERLINK("http://example.com","Нажмите")'
    world.north.save()
    # when
    response = _client(client, make_user, BILLING).get(
        reverse("inspections:losses_export"), {"date_from": world.last_month.isoformat(), "date_to": today.isoformat()})
    # then
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    expected = report_cells(losses_report(date_from=world.last_month, date_to=today))
    assert len(values) == 1 + len(expected) == 5
    for got, want in zip(values[1:], expected, strict=True):
        assert (got[0] and got[0].date()) == want[0]  # the month as a date cell
        assert got[1:3] == [value or None for value in want[1:3]]  # an empty text reads back as no value
        assert [Decimal(str(v)) for v in got[3:]] == [Decimal(v) for v in want[3:]]
    north = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "УЧ-СЕВ")
    assert north[2].data_type == "s" and north[2].quotePrefix
    assert values[-1][2] == "Итого" and Decimal(str(values[-1][11])) == TOTAL and Decimal(str(values[-1][14])) == PAID
    # and the download is in the audit log
    assert AuditEvent.objects.filter(action=EXPORTED, data__export="losses").exists()



@pytest.mark.parametrize("role, status", [(MANAGER, 200), (TECHNICIAN, 200), (BILLING, 200), (LEGAL, 403),
                                          (ADMINISTRATOR, 403), (None, 403)])
def test_who_opens_the_report_and_its_file(role, status, client, make_user):
    client = _client(client, make_user, role)
    assert client.get(reverse("inspections:losses")).status_code == status
    assert client.get(reverse("inspections:losses_export")).status_code == status


def test_the_menu_shows_the_report_to_those_who_may_open_it(client, make_user):
    manager_page = _client(client, make_user, MANAGER).get(reverse("inspections:index")).content.decode()
    assert "Отчет о потерях" in manager_page
    lawyer_page = _client(client, make_user, LEGAL).get(reverse("inspections:index")).content.decode()
    assert "Отчет о потерях" not in lawyer_page
