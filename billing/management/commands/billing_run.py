"""``manage.py billing_run 2026-11 [--sync]``: bill a month (the same service as the page)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from billing.models import BillingRun
from billing.services.periods import period_open
from billing.services.runs import billing_run_now, billing_run_start
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Запустить расчет месяца (ГГГГ-ММ): в очередь Celery или, с --sync, в этом процессе"

    def add_arguments(self, parser):
        parser.add_argument("month", help="ГГГГ-ММ")
        parser.add_argument("--sync", action="store_true", help="считать в этом процессе, без воркеров")

    def handle(self, *args, **options):
        try:
            year, month = (int(part) for part in options["month"].split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise CommandError("Месяц указывается как ГГГГ-ММ, например 2026-11") from None
        try:
            period = period_open(month=first, actor=None)
            if options["sync"]:
                run = billing_run_now(period=period, actor=None)
            else:
                run = billing_run_start(period=period, actor=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if run.status == BillingRun.Status.DONE:
            self.stdout.write(
                f"Расчет № {run.pk} за {period}: договоров {run.contracts_total}, начислено {run.contracts_billed}, "
                f"с ошибками данных {run.contracts_with_problems}, итого с НДС {run.amount_with_vat} ₽"
            )
        else:
            self.stdout.write(f"Расчет № {run.pk} за {period} поставлен в очередь: {run.chunks_total} частей")
