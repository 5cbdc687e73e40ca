"""Context builders of the ``common`` templates: plain dicts of formatted values.

They take the records duck-typed (no import of the apps that own them: those apps depend
on ``documents``, not the other way round): ``organization`` has the requisites of
``subscribers.Organization``; ``consumer`` those of ``subscribers.Consumer``; ``signer``
a position and a name in three parts (``subscribers.Signatory``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.errors import ApplicationError

from . import formatting


def organization_requisites(organization) -> dict:
    """The letterhead block of our organisation."""
    return {
        "full_name": organization.full_name,
        "short_name": organization.short_name,
        "address": organization.postal_address or organization.legal_address,
        "phone": formatting.unbroken(organization.phone),
        "email": formatting.unbroken(organization.email),
        "ogrn": organization.ogrn,
        "inn": organization.inn,
        "kpp": organization.kpp,
    }


def consumer_addressee(consumer) -> list[str]:
    """The addressee lines of a letter to a consumer, in the dative: ``Директору`` /
    ``ООО «…»`` / ``И.И. Иванову`` / address; a citizen: name and address."""
    address = consumer.postal_address or consumer.legal_address
    kind = getattr(consumer, "kind", "")
    own = (getattr(consumer, "last_name", ""), getattr(consumer, "first_name", ""), getattr(consumer, "middle_name", ""))
    signatory = (getattr(consumer, "signatory_last_name", ""), getattr(consumer, "signatory_first_name", ""),
                 getattr(consumer, "signatory_middle_name", ""))
    if kind == "citizen":
        lines = [formatting.dative_initials(*own) if own[0] else consumer.name]
    elif kind == "entrepreneur":
        # the form of ownership once, the name declined: «Индивидуальному предпринимателю Савиной М.В.»
        parts = own if own[0] else signatory
        name = (formatting.dative_surname_initials(*parts) if parts[0]
                else consumer.name.removeprefix("Индивидуальный предприниматель "))
        lines = [f"Индивидуальному предпринимателю {name}"]
    else:
        lines = []
        if consumer.signatory_position:
            lines.append(formatting.position_dative(consumer.signatory_position))
        lines.append(consumer.short_name or consumer.name)
        if signatory[0]:
            lines.append(formatting.dative_initials(*signatory))
    return lines + ([address] if address else [])


def signer_name(signer) -> str:
    """«С.Н. Петров»: the signature line of any signer stored as surname, name, patronymic
    (``subscribers.Signatory``), by the one formatting function."""
    return formatting.person_short(signer.last_name, signer.first_name, signer.middle_name)


def signer_authority(signer) -> str:
    """«действующий на основании Устава» / «действующая на основании доверенности № 15 от 10.01.2026»:
    every signer shows the basis of the authority (a power of attorney with its number and date)."""
    female = (signer.middle_name or "").endswith(("вна", "чна", "кызы"))
    acting = "действующая" if female else "действующий"
    basis = getattr(signer, "authority_basis", "")
    if basis == "poa" and signer.poa_number:
        when = f" от {formatting.date_short(signer.poa_date)}" if signer.poa_date else ""
        return f"{acting} на основании доверенности №{formatting.NBSP}{signer.poa_number}{when}"
    if basis == "charter" and not (getattr(signer, "is_chief_accountant", False) and not getattr(signer, "is_head", False)):
        # the chief accountant signs by position (НК ст. 169 п. 6), not by the charter
        return f"{acting} на основании Устава"
    return ""


def organization_signer(organization):
    """Who signs a letter for the organisation: its head, else the first active signatory
    (``organization.signatories``, by surname); none → a message naming the signer."""
    signer = organization.signatories.filter(active=True).order_by("-is_head", "last_name", "first_name").first()
    if signer is None:
        raise ApplicationError("Нет действующего подписанта нашей организации", code="signer_missing", field="signer")
    return signer


def signer_block(signer) -> dict:
    return {"position": signer.position, "name": signer_name(signer), "authority": signer_authority(signer)}


def executor_block(user, *, phone: str) -> dict:
    """«Исполнитель»: the user who issues the document (surname first, as names are stored:
    ``formatting.user_full_name``) and the phone to call — never a name typed in elsewhere."""
    return {"name": formatting.user_full_name(user), "phone": phone or "—"}


@dataclass(frozen=True)
class Annex:
    """A document sent with a letter: an issued one (``documents.ArchivedDocument``: its
    title, number and date) and the sheets and copies enclosed. The annex line of a letter
    names only such documents (ГОСТ Р 7.0.97 п. 5.24: «… на 3 л. в 1 экз.»)."""

    document: object
    sheets: int
    copies: int = 1

    def line(self) -> str:
        document = self.document
        issued = formatting.date_short(timezone.localdate(document.issued_at))  # type: ignore[attr-defined]
        return (f"{document.title} №{formatting.NBSP}{document.number} от {issued} "  # type: ignore[attr-defined]
                f"на{formatting.NBSP}{self.sheets}{formatting.NBSP}л. в{formatting.NBSP}{self.copies}{formatting.NBSP}экз.")


def annex_lines(attachments: Iterable[Annex]) -> list[str]:
    """The «Приложение:» lines; refused unless each is an issued document with its sheets
    (a free text would list an annex that nobody produced)."""
    lines = []
    for annex in attachments:
        if not isinstance(annex, Annex) or getattr(annex.document, "pk", None) is None:
            raise ApplicationError(
                "Приложение к письму — выпущенный документ с числом листов; другое в строке «Приложение» не указывается",
                code="invalid", field="attachments",
            )
        if annex.sheets < 1 or annex.copies < 1:
            raise ApplicationError(
                f"Приложение «{annex.document}»: число листов и экземпляров — не меньше 1", code="invalid", field="attachments",
            )
        lines.append(annex.line())
    return lines


def _reply(in_reply_to: tuple[str, object] | None) -> dict:
    if not in_reply_to:
        return {}
    number, day = in_reply_to
    return {"number": number, "date": formatting.date_short(day)}


def letter_context(*, organization, consumer, heading: str, paragraphs: Iterable[str], signer, executor,
                   salutation: str = "", attachments: Iterable[Annex] = (),
                   in_reply_to: tuple[str, object] | None = None) -> dict:
    """``common.letter``: an outgoing letter to a consumer. ``executor`` is the user who
    issues it; ``attachments`` the issued documents sent with it (``Annex``), none — no
    annex line. A correction names the letter it replaces by itself (``issue_document(replaces=…)``
    fills ``document.replaces``)."""
    return {
        "organization": organization_requisites(organization),
        "addressee": consumer_addressee(consumer),
        "in_reply_to": _reply(in_reply_to),
        "heading": heading,
        "salutation": salutation,
        "paragraphs": list(paragraphs),
        "attachments": annex_lines(attachments),
        "signer": signer_block(signer),
        "executor": executor_block(executor, phone=organization.phone),
    }


def _kept_together(text: str) -> str:
    """«зав. № 123456»: the sign and its number on one line."""
    return text.replace("№ ", f"№{formatting.NBSP}")


def notice_context(*, organization, consumer, heading: str, paragraphs: Iterable[str],
                   items: Iterable[dict], closing: Iterable[str], signer, executor, deadline,
                   consequence: str, contract=None, in_reply_to: tuple[str, object] | None = None) -> dict:
    """``common.notice``: a notice to a consumer; ``items`` are rows ``{name, details,
    deadline}`` (deadline a date or a ready string). A notice demands something by a date
    (``deadline``), says what follows if it is not done (``consequence``), names the contract
    it rests on (``subscribers.Contract``, when there is one) and carries the delivery mark;
    ``executor`` is the user who issues it."""
    if not consequence.strip():
        raise ApplicationError("Укажите последствия неисполнения требования уведомления", code="required", field="consequence")
    rows = []
    for item in items:
        when = item.get("deadline", "")
        rows.append({
            "name": _kept_together(item["name"]),
            "details": _kept_together(item.get("details", "")),
            "deadline": when if isinstance(when, str) else formatting.date_short(when),
        })
    return {
        "organization": organization_requisites(organization),
        "addressee": consumer_addressee(consumer),
        "in_reply_to": _reply(in_reply_to),
        "heading": heading,
        "contract": {"number": contract.number, "date": formatting.date_short(contract.signed_on)} if contract else {},
        "paragraphs": list(paragraphs),
        "items": rows,
        "closing": list(closing),
        "deadline": formatting.date_short(deadline),
        "consequence": consequence.strip(),
        "signer": signer_block(signer),
        "executor": executor_block(executor, phone=organization.phone),
    }
