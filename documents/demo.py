"""Demo letters and notices to consumers of the register, issued through the services, so
a demo database carries archived documents, their audit events and (after the PDF task)
their PDF renditions. ``audit_verify`` and ``archive_verify`` pass on it.

Runs after the subscribers' seed (see INSTALLED_APPS); with no consumers or no
organisation yet it issues nothing and says so. ``seeding`` keeps a warm PDF pool around
the whole seed (core's ``seed_all`` enters it).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.roles import BILLING, MANAGER, TECHNICIAN

from . import formatting
from .documents import letter_context, notice_context
from .services import issue_document

LETTERS = 4
NOTICES = 3
# ПП РФ № 1034, Методика (приказ Минстроя № 99/пр): a unit not admitted is no commercial metering; the volume is then calculated
NOT_CHECKED = (
    "узел учета, не предъявленный к проверке, к коммерческому учету не допускается, и количество тепловой "
    "энергии определяется расчетным путем по Методике осуществления коммерческого учета тепловой энергии, "
    "теплоносителя (приказ Минстроя России №\u00a099/пр)."
)


@contextmanager
def seeding(ctx, *, log):
    """A warm LibreOffice pool for the seed's PDF renditions (a cold ``soffice`` per document
    costs seconds), unless one is running already or ``ctx.pdf_pool`` is off (``seed_demo
    --no-pdf-pool``); stopped when the seed is done. Without unoserver the documents are
    converted cold, as everywhere."""
    if not ctx.pdf_pool:
        yield
        return
    from .pdf.client import pool_running
    from .pdf.launcher import PoolProcess

    directory = Path(settings.PDF_POOL_DIR)
    pool = None
    if not pool_running(directory):
        try:
            pool = PoolProcess(directory, size=settings.PDF_POOL_SIZE or os.cpu_count() or 1).start(ready_timeout=90)
        except Exception as exc:  # noqa: BLE001 — no LibreOffice/unoserver: fall back to cold conversions
            log(f"Пул PDF не запущен, PDF преобразуются холодным soffice: {str(exc).splitlines()[0][:200]}")
    try:
        yield
    finally:
        if pool is not None:
            pool.stop()


def _users(ctx) -> dict:
    users = ctx.data.get("users") or {}
    if not users:
        anyone = get_user_model().objects.filter(is_active=True).order_by("pk").first()
        users = {role: anyone for role in (BILLING, MANAGER, TECHNICIAN)} if anyone else {}
    return users


def _signer(organization, users):
    signer = organization.signatories.filter(active=True).order_by("-is_head", "last_name", "first_name").first()
    if signer is not None:
        return signer
    manager = users.get(MANAGER)
    name = f"{manager.last_name} {manager.first_name}".strip() if manager else "Волкова Марина"
    return SimpleNamespace(position="Начальник абонентского отдела", full_name=name or "Волкова Марина")


def seed(ctx) -> None:
    Organization = apps.get_model("subscribers", "Organization")
    Consumer = apps.get_model("subscribers", "Consumer")
    organization = Organization.objects.order_by("pk").first()
    consumers = list(Consumer.objects.filter(is_active=True).order_by("code")[:200])
    users = _users(ctx)
    if organization is None or not consumers or not users:
        ctx.notes.append("Документы: нет организации, абонентов или пользователей — демо-письма не выпущены")
        return
    signer = _signer(organization, users)
    chosen = ctx.rng.sample(consumers, k=min(LETTERS + NOTICES, len(consumers)))
    issued = []
    for consumer in chosen[:LETTERS]:
        debt = Decimal(ctx.rng.randrange(1_500_00, 900_000_00)) / 100
        # no annex: a letter lists only the documents issued and sent with it
        context = letter_context(
            organization=organization, consumer=consumer, signer=signer, executor=users[BILLING],
            heading=f"О задолженности за тепловую энергию на {formatting.date_short(ctx.today)}",
            paragraphs=[
                f"По данным {organization.short_name} задолженность {consumer.short_name or consumer.name} "
                f"за потребленную тепловую энергию составляет {formatting.money(debt)} "
                f"({formatting.money_words(debt)}).",
                "Просим погасить задолженность в течение 10 календарных дней либо представить акт сверки "
                "взаимных расчетов с мотивированными возражениями.",
            ],
        )
        issued.append(issue_document(template="common.letter", context=context, subject=consumer, actor=users[BILLING]))
    for consumer in chosen[LETTERS:]:
        deadline = ctx.today + timedelta(days=ctx.rng.randrange(14, 60))
        objects = list(consumer.heated_objects.order_by("code")[:5])
        context = notice_context(
            organization=organization, consumer=consumer, signer=signer, executor=users[TECHNICIAN],
            contract=consumer.contracts.exclude(status="draft").order_by("-signed_on").first(),
            heading="о периодической проверке узлов учета тепловой энергии",
            paragraphs=[
                "В соответствии с Правилами коммерческого учета тепловой энергии, теплоносителя (постановление "
                "Правительства РФ №\u00a01034) уведомляем о периодической проверке узлов учета на объектах, "
                "перечисленных ниже.",
            ],
            items=[{"name": o.name, "details": o.address, "deadline": deadline} for o in objects]
            or [{"name": "Узел учета тепловой энергии абонента", "details": consumer.legal_address, "deadline": deadline}],
            closing=["Просим согласовать дату проверки с абонентским отделом и обеспечить доступ представителя "
                     "теплоснабжающей организации к узлу учета."],
            deadline=deadline,
            consequence=NOT_CHECKED,
        )
        issued.append(issue_document(template="common.notice", context=context, subject=consumer, actor=users[TECHNICIAN]))
    # a correction: a new letter that names the one it replaces
    first = issued[0]
    corrected = {**first.context, "heading": first.context["heading"] + " (уточненное)"}
    issue_document(template="common.letter", context=corrected, subject=first.subject, actor=users[BILLING], replaces=first)
    ctx.notes.append(f"Документы: выпущено писем и уведомлений — {len(issued) + 1}")
