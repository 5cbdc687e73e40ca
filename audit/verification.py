"""Verification of the audit chain: one core function for the command, the task and tests.

Walks every event in sequence order and checks that sequences run 1, 2, 3… without gaps,
that each event names the hash of the one before it, that each stored hash equals the hash
recomputed from the row, and that the chain head names the last event. Reports the first
broken link.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .models import AuditEvent, ChainHead, canonical_payload, chain_hash
from .triggers import GENESIS_HASH


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_sequence: int | None
    head_hash: str | None
    broken_sequence: int | None = None
    problem: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def message(self) -> str:
        if self.ok:
            return (
                f"Цепочка аудита цела: проверено событий {self.checked}, "
                f"вершина №{self.head_sequence} {self.head_hash}"
            )
        where = f"событие №{self.broken_sequence}: " if self.broken_sequence is not None else ""
        return f"Цепочка аудита нарушена — {where}{self.problem} (проверено событий до разрыва: {self.checked})"


FIELDS = (
    "sequence", "occurred_at", "actor_id", "actor_repr", "action", "target_type__app_label",
    "target_type__model", "target_id", "target_repr", "data", "prev_hash", "hash",
)


def verify_chain(*, chunk_size: int = 2000) -> ChainReport:
    head = ChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    head_sequence, head_hash = head if head else (None, None)
    expected_sequence, expected_prev, checked = 1, GENESIS_HASH, 0

    def broken(sequence, problem):
        return ChainReport(False, checked, head_sequence, head_hash, sequence, problem)

    rows = AuditEvent.objects.order_by("sequence").values_list(*FIELDS).iterator(chunk_size=chunk_size)
    for (sequence, occurred_at, actor_id, actor_repr, action, app_label, model, target_id,
         target_repr, data, prev_hash, stored_hash) in rows:
        if sequence != expected_sequence:
            return broken(
                expected_sequence,
                f"событие отсутствует (следующее в журнале — №{sequence}): удалено",
            )
        if prev_hash != expected_prev:
            return broken(sequence, "хеш предыдущего события не совпадает с хешем события перед ним")
        payload = canonical_payload(
            sequence=sequence, occurred_at=occurred_at, actor_id=actor_id, actor_repr=actor_repr,
            action=action, target_type=f"{app_label}.{model}" if app_label else "",
            target_id=target_id, target_repr=target_repr, data=data,
        )
        if chain_hash(prev_hash, payload) != stored_hash:
            return broken(sequence, "содержимое события изменено: хеш не совпадает с записанным")
        checked += 1
        expected_sequence, expected_prev = sequence + 1, stored_hash

    last_sequence = expected_sequence - 1
    if head is None:
        if checked:
            return broken(None, "нет вершины цепочки (audit_chainhead) при непустом журнале")
        return ChainReport(True, 0, None, None)
    if head_sequence != last_sequence or head_hash != expected_prev:
        if head_sequence > last_sequence:
            return broken(
                last_sequence + 1,
                f"события с №{last_sequence + 1} по №{head_sequence} удалены из конца журнала",
            )
        return broken(head_sequence, "вершина цепочки не совпадает с последним событием журнала")
    return ChainReport(True, checked, head_sequence, head_hash)
