"""Demo interruptions (docs/supply.md): the demo sections get a heat source (the first one
the main, the others below it), then a planned interruption announced for next week and two
emergencies of the last days written through the dispatch log — one restored (its act is
the flow's next step), one localised and still waiting for its restoration."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import TECHNICIAN
from subscribers.models import NetworkSection

from .models import HeatSource, Interruption, SectionPlacement
from .services.interruptions import interruption_log, interruption_register


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(ctx) -> None:
    sections = list(NetworkSection.objects.order_by("code"))
    dispatcher = (ctx.data.get("users") or {}).get(TECHNICIAN) or \
        get_user_model().objects.filter(groups__name=TECHNICIAN).first()
    if len(sections) < 2 or dispatcher is None or Interruption.objects.exists():
        ctx.notes.append("Перерывы теплоснабжения: нет участков сети или техника — демо-перерывы не созданы")
        return
    source, _ = HeatSource.objects.get_or_create(code="К-1", defaults={"name": sections[0].heat_source or "Котельная № 1",
                                                                       "owner": "АО «Энская теплосетевая компания»"})
    for n, section in enumerate(sections):
        SectionPlacement.objects.get_or_create(section=section, defaults={
            "source": source, "parent": sections[0] if n else None, "owner": "АО «Энская теплосетевая компания»"})
    today = ctx.today
    interruption_register(
        kind=Interruption.Kind.PLANNED, service=Interruption.Service.HOT_WATER, section=sections[-1],
        cause="гидравлические испытания тепловой сети", planned_from=_at(today + timedelta(days=12), 9),
        planned_to=_at(today + timedelta(days=12), 21), actor=dispatcher)
    restored = interruption_register(
        kind=Interruption.Kind.EMERGENCY, service=Interruption.Service.HEATING, section=sections[0],
        cause="разрыв подающего трубопровода Ду 150 в ТК-7", stopped_at=_at(today - timedelta(days=3), 6, 10),
        caller="жилец ул. Садовая, д. 14", actor=dispatcher)
    interruption_log(interruption=restored, kind="localisation", happened_at=_at(today - timedelta(days=3), 9, 40),
                     actor=dispatcher)
    interruption_log(interruption=restored, kind="restoration", happened_at=_at(today - timedelta(days=3), 16, 10),
                     actor=dispatcher)
    localised = interruption_register(
        kind=Interruption.Kind.EMERGENCY, service=Interruption.Service.HEATING, section=sections[1],
        cause="течь на вводе, отключение задвижкой", stopped_at=_at(today - timedelta(days=1), 22, 5),
        caller="диспетчер УК", actor=dispatcher)
    interruption_log(interruption=localised, kind="localisation", happened_at=_at(today - timedelta(days=1), 23, 30),
                     actor=dispatcher)
    ctx.notes.append("Перерывы теплоснабжения: плановый (ждет уведомления), аварийный восстановленный, "
                     "аварийный локализованный")
