"""Reconciliation benchmark: the bulk settlements statements of the demo city's ~300
contracts against the sum of single renders (issue 17, «Performance»).

Target: the bulk job's DOCX for all contracts (``bulk_job_process`` without the PDF: the
ledger of each contract, the act issued through the documents engine, the ZIP) takes at most
1.5× the sum of the same acts issued one by one (``settlements_reconciliation_create`` +
``settlements_act_issue`` per contract, as the flow's start and issue steps do).

Measured in the same run on a throw-away test database and a temporary archive: ``CONTRACTS``
contracts, each with three closed months of debts and a payment in each of two quarters;
the single acts over the first quarter, the bulk job over the second (the same amount of
ledger per contract). PDF conversion is queued after commit, so ``delay`` is replaced by a
recorder and no conversion runs inside the measurement. The machine is shared (two cores):
``load_average`` is printed beside the figures.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from decimal import Decimal

TARGET_RATIO = 1.5
CONTRACTS = 300


def _seed(n: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from billing.models import BillingPeriod
    from settlements.models import Debt, Payment
    from subscribers.models import Consumer, Contract, Organization, Signatory, TariffGroup

    organization = Organization.objects.create(
        full_name="Акционерное общество «Энская теплосетевая компания»", short_name="АО «ЭТСК»", inn="7707083893",
        kpp="773601001", ogrn="1027700132195", legal_address="г. Энск", postal_address="г. Энск",
        bank_name="ПАО Банк", bik="044525225", settlement_account="40702810000000054321",
        correspondent_account="30101810400000000225", city="Энск")
    Signatory.objects.create(organization=organization, last_name="Громов", first_name="Виктор",
                             middle_name="Иванович", position="Генеральный директор", is_head=True)
    user = get_user_model().objects.create_user(username="bench", password="bench-12345678")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="reconciliation"))
    user = get_user_model().objects.get(pk=user.pk)
    group, _ = TariffGroup.objects.get_or_create(code="T1", defaults={"name": "Прочие потребители"})
    months = [date(2025, m, 1) for m in range(1, 7)]
    for month in months:
        BillingPeriod.objects.create(month=month, status=BillingPeriod.Status.CLOSED)
    consumers = Consumer.objects.bulk_create(
        Consumer(code=f"B{i:05d}", kind=Consumer.Kind.LEGAL, penalty_category=Consumer.PenaltyCategory.OTHER,
                 name=f"ООО «Абонент {i}»", inn="7712345671", kpp=f"77{i:05d}01") for i in range(n))
    contracts = Contract.objects.bulk_create(
        Contract(number=f"{5000 + i}-Т", signed_on=date(2024, 1, 1), valid_from=date(2024, 1, 1),
                 status=Contract.Status.ACTIVE, consumer=c, tariff_group=group, advance1_percent=Decimal("35"),
                 advance1_day=18, advance2_percent=Decimal("50"), final_payment_day=10)
        for i, c in enumerate(consumers))
    Debt.objects.bulk_create(
        Debt(consumer_id=c.consumer_id, contract=c, period=m, kind=Debt.Kind.SINGLE,
             amount=Decimal(10000 + 37 * i), due_date=m.replace(day=28)) for i, c in enumerate(contracts) for m in months)
    Payment.objects.bulk_create(
        Payment(bank_key=f"b{c.pk}-{q}", number=str(100 + i), doc_date=date(2025, q, 15), paid_on=date(2025, q, 15),
                amount=Decimal("15000.00"), kind=Payment.Kind.PRINCIPAL, status=Payment.Status.MATCHED,
                consumer_id=c.consumer_id, contract=c, payer_inn="7712345671")
        for i, c in enumerate(contracts) for q in (2, 5))
    return user, contracts


def _measure() -> dict:
    from django.test.utils import override_settings

    from documents import tasks
    from reconciliation.bulk import bulk_job_process
    from reconciliation.models import BulkJob
    from reconciliation.services import settlements_act_issue, settlements_reconciliation_create

    queued: list[int] = []
    original = tasks.convert_document_to_pdf.delay
    tasks.convert_document_to_pdf.delay = queued.append
    try:
        with tempfile.TemporaryDirectory(prefix="bench-reconciliation-") as tmp:
            storages = {
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp}},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
            with override_settings(STORAGES=storages):
                user, contracts = _seed(CONTRACTS)
                single = 0.0
                for contract in contracts:
                    started = time.perf_counter()
                    act = settlements_reconciliation_create(contract=contract, date_from=date(2025, 1, 1),
                                                            date_to=date(2025, 3, 31), actor=user)
                    settlements_act_issue(act=act, actor=user)
                    single += time.perf_counter() - started
                job = BulkJob.objects.create(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30), with_pdf=False,
                                             created_by=user)
                started = time.perf_counter()
                job = bulk_job_process(job_id=job.pk)
                bulk = time.perf_counter() - started
    finally:
        tasks.convert_document_to_pdf.delay = original
    ratio = bulk / single
    return {
        "contracts": CONTRACTS,
        "single_renders_seconds_sum": round(single, 2),
        "bulk_docx_seconds": round(bulk, 2),
        "bulk_to_singles_ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "bulk_issued": job.issued,
        "pdf_jobs_queued": len(queued),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "targets_met": ratio <= TARGET_RATIO and job.issued == CONTRACTS,
    }


def run() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        return _measure()
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
