"""The one «Состояние» of a process card (templates/viewflow/workflow/process_data.html).

viewflow's panel listed the process's own status — «Новое» for as long as the process runs — and
then its object's («Состояние: В работе», a reading's «Статус: На проверке у техника»): two rows,
the first one wrong for a running process. The card shows one state instead, as the clerk follows
the matter: a cancelled process is «Отменен»; otherwise its object's state where the object has
one («На проверке у техника», «Направлен абоненту», «Подписан»); otherwise the process's own,
«В работе» or «Завершен».
"""

from __future__ import annotations

from django import template
from viewflow.workflow.status import PROCESS

register = template.Library()

PROCESS_STATE = {PROCESS.NEW: "В работе", PROCESS.DONE: "Завершен", PROCESS.CANCELED: "Отменен"}


@register.filter
def process_state(process) -> str:
    if process.status == PROCESS.CANCELED:
        return PROCESS_STATE[PROCESS.CANCELED]
    artifact = process.artifact if process.artifact_object_id else None
    if artifact is not None and hasattr(artifact, "get_status_display"):
        return str(artifact.get_status_display())
    return PROCESS_STATE.get(process.status, str(process.get_status_display()))
