"""Which consumer and contract a payment belongs to (reads only; services write the result).

Rules, in order:

1. The consumer is found by the payer's ИНН (and КПП, when several consumers — branches —
   share one ИНН). No consumer with that ИНН → the payer is unknown.
2. The contract: a number named in the purpose that belongs to that consumer; else one of
   the consumer's contract numbers found anywhere in the normalised purpose; else, when the
   purpose names no contract at all, the consumer's only contract (active ones first).
   A named number that belongs to another consumer, or several equally good contracts,
   leave the payment unmatched, with the reason, for a billing specialist.
3. A purpose mentioning пени/неустойка makes it a penalty payment; the period(s) named in
   the purpose are kept for allocation (ГК ст. 319.1 п. 1).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from subscribers.models import Consumer, Contract

from .purpose import normalize_number, parse_purpose

UNKNOWN_PAYER = "плательщик с ИНН {inn} не найден в реестре абонентов"


@dataclass
class Match:
    consumer: Consumer | None = None
    contract: Contract | None = None
    is_penalty: bool = False
    periods: list[date] = field(default_factory=list)
    claim_number: str = ""
    reason: str = ""  # why it is unmatched; empty when matched

    @property
    def matched(self) -> bool:
        return self.consumer is not None and self.contract is not None and not self.reason


class PayerDirectory:
    """Consumers and contracts of a batch of payer ИНН, loaded in two queries."""

    def __init__(self, inns: set[str]):
        self.by_inn: dict[str, list[Consumer]] = defaultdict(list)
        for consumer in Consumer.objects.filter(inn__in=inns).order_by("pk"):
            self.by_inn[consumer.inn].append(consumer)
        self.contracts: dict[int, list[Contract]] = defaultdict(list)
        consumer_ids = [c.pk for group in self.by_inn.values() for c in group]
        for contract in Contract.objects.filter(consumer_id__in=consumer_ids).order_by("pk"):
            self.contracts[contract.consumer_id].append(contract)
        self._owners: dict[str, Contract] | None = None

    def owner_of(self, number: str) -> Contract | None:
        """The contract with this (normalised) number, whoever's it is."""
        digits = re.sub(r"\D", "", number)
        candidates = Contract.objects.filter(number__contains=digits) if digits else Contract.objects.none()
        for contract in candidates.select_related("consumer"):
            if normalize_number(contract.number) == number:
                return contract
        return None

    def match(self, *, inn: str, kpp: str, purpose: str, paid_on: date) -> Match:
        parsed = parse_purpose(purpose, paid_on=paid_on)
        result = Match(is_penalty=parsed.is_penalty, periods=list(parsed.periods), claim_number=parsed.claim_number)
        candidates = self.by_inn.get(inn, [])
        if not candidates:
            result.reason = UNKNOWN_PAYER.format(inn=inn)
            return result
        if len(candidates) > 1 and kpp:
            candidates = [c for c in candidates if c.kpp == kpp] or candidates
        if len(candidates) > 1:
            named = set(parsed.contract_numbers)
            candidates = [
                c for c in candidates if any(normalize_number(k.number) in named for k in self.contracts[c.pk])
            ] or candidates
        if len(candidates) > 1:
            result.reason = f"несколько абонентов с ИНН {inn}: укажите абонента вручную"
            return result
        consumer = result.consumer = candidates[0]
        contracts = self.contracts[consumer.pk]
        own = {normalize_number(c.number): c for c in contracts}

        for number in parsed.contract_numbers:
            if number in own:
                result.contract = own[number]
                return result
        squeezed = normalize_number(purpose)
        found = [c for number, c in own.items() if number and _contains_number(squeezed, number)]
        if len(found) == 1:
            result.contract = found[0]
            return result
        if parsed.contract_numbers:
            other = self.owner_of(parsed.contract_number)
            if other is not None:
                result.reason = f"договор № {other.number} в назначении принадлежит другому абоненту ({other.consumer})"
            else:
                result.reason = f"договор № {parsed.contract_number} из назначения не найден у абонента"
            return result
        active = [c for c in contracts if c.status == Contract.Status.ACTIVE]
        if len(active) == 1 or (not active and len(contracts) == 1):
            result.contract = (active or contracts)[0]
            return result
        result.reason = (
            "у абонента нет договоров" if not contracts else "в назначении не указан договор, а у абонента их несколько"
        )
        return result


def _contains_number(text: str, number: str) -> bool:
    """``number`` occurs in ``text`` not glued to other digits/letters (1024-Т ≠ 11024-Т)."""
    start = text.find(number)
    while start != -1:
        before = text[start - 1] if start else ""
        after = text[start + len(number)] if start + len(number) < len(text) else ""
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(number, start + 1)
    return False
