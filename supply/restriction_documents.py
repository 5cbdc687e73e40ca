"""The documents of a restriction for debt (ПП РФ № 808, п. 92–93): the written warning
(``common.notice``: the deadline is the earliest day of the restriction, the consequence the
restriction itself, with the delivery mark), «Акт о введении ограничения» (``supply.restriction_act``:
date, time, how, who) and «Акт о снятии ограничения» (``supply.lifting_act``)."""

from __future__ import annotations

from django.utils import timezone

from core.formatting import money
from documents import formatting
from documents.documents import notice_context, organization_requisites
from metering.documents import head_signer
from subscribers.selectors import our_organization

from .models import SupplyRestriction
from .quality_documents import SIGNATURE_LINE

DASH = "—"


def _party_rows(restriction: SupplyRestriction, performer: str) -> list[dict]:
    return [
        {"side": "Теплоснабжающая организация", "name": performer, "mark": SIGNATURE_LINE},
        {"side": "Потребитель", "name": restriction.contract.consumer.name, "mark": SIGNATURE_LINE},
    ]


def _common(restriction: SupplyRestriction) -> dict:
    organization = our_organization(required=True)
    contract, obj = restriction.contract, restriction.heated_object
    return {
        "organization": organization_requisites(organization),
        "place": f"г. {organization.city}" if organization.city else DASH,
        "consumer": {"name": contract.consumer.name, "code": contract.consumer.code},
        "contract": {"number": contract.number, "date": formatting.date_short(contract.signed_on)},
        "heated_object": {"name": obj.name, "address": obj.address},
    }


def warning_context(*, contract, heated_object, overdue_debt, earliest_on, level_text: str, norm: str, actor) -> dict:
    organization = our_organization(required=True)
    return notice_context(
        organization=organization, consumer=contract.consumer, contract=contract,
        heading="О предстоящем ограничении подачи тепловой энергии",
        paragraphs=[
            f"По договору теплоснабжения № {contract.number} от {formatting.date_short(contract.signed_on)} "
            f"за Вами числится просроченная задолженность {money(overdue_debt)}, превышающая размер платы "
            f"за один период платежа.",
            f"На основании {norm} предупреждаем: если задолженность не будет погашена до "
            f"{formatting.date_short(earliest_on)}, с этой даты будет введено {level_text} подачи тепловой энергии "
            f"на объект «{heated_object.name}» ({heated_object.address}).",
        ],
        items=[{"name": f"Погасить задолженность {money(overdue_debt)}", "details": f"договор № {contract.number}",
                "deadline": earliest_on}],
        closing=["Подача будет восстановлена после погашения задолженности."],
        signer=head_signer(organization), executor=actor, deadline=earliest_on,
        consequence=f"{level_text.capitalize()} подачи тепловой энергии с {formatting.date_short(earliest_on)}",
    )


def restriction_act_context(restriction: SupplyRestriction) -> dict:
    at = timezone.localtime(restriction.restricted_at)
    notice = restriction.notice
    return {
        **_common(restriction),
        "norm": "ПП РФ от 08.08.2012 № 808, п. 92–93",
        "debt": money(restriction.overdue_debt),
        "notice": {"number": notice.number, "date": formatting.date_short(notice.issued_at.date()),
                   "sent_on": formatting.date_short(restriction.notice_sent_on),
                   "earliest": formatting.date_short(restriction.earliest_on)},
        "restriction": {"date": formatting.date_quoted(at.date()), "time": formatting.time_hm(at),
                        "level": restriction.get_level_display().lower(), "method": restriction.restriction_method,
                        "performer": restriction.restricted_by},
        "signers": _party_rows(restriction, restriction.restricted_by),
    }


def lifting_act_context(restriction: SupplyRestriction) -> dict:
    at, restricted = timezone.localtime(restriction.lifted_at), timezone.localtime(restriction.restricted_at)
    return {
        **_common(restriction),
        "restriction": {"date": formatting.date_short(restricted.date()), "time": formatting.time_hm(restricted),
                        "act_number": restriction.restriction_act.number,
                        "level": restriction.get_level_display().lower()},
        "basis": restriction.lifting_basis,
        "lifting": {"date": formatting.date_quoted(at.date()), "time": formatting.time_hm(at),
                    "method": restriction.lifting_method, "performer": restriction.lifted_by},
        "signers": _party_rows(restriction, restriction.lifted_by),
    }
