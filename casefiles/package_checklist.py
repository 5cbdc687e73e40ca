"""What a court package must hold, by route: declarations, not code.

A kind of document is one ``DocumentKind`` entry in ``KINDS``; a route's checklist is a
``Route`` entry in ``ROUTES`` whose ``required`` lists ``Requirement`` entries, each met by
any one of its kinds (the claim's dispatch is proved by a form-107 list or by a postal
receipt). A new kind of document (an act of the field inspection, a reconciliation of a
new form) joins by adding its entry to ``KINDS`` and, when it is mandatory somewhere, its
code to a requirement — ``missing_documents`` and ``assemble`` need no change.

Norms: АПК ст. 4 ч. 5 (claim first), ст. 125–126 (lawsuit and its
attachments), ст. 229.3 (court order), ст. 59 ч. 3 (representative's legal education);
ГПК ст. 124 (court order), ст. 131–132 (lawsuit and its attachments), ст. 49 (representative);
УПК ст. 141, 144 and КоАП ст. 7.19 (police statement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import ApplicationError


@dataclass(frozen=True)
class DocumentKind:
    code: str
    name: str  # Russian, as the checklist names it when missing


@dataclass(frozen=True)
class Requirement:
    kinds: tuple[str, ...]  # any one present satisfies the requirement
    name: str  # Russian, the missing document as the lawyer reads it
    basis: str = ""  # the norm or practice that asks for it


@dataclass(frozen=True)
class Route:
    code: str
    title: str  # Russian: what the package goes with
    basis: str
    required: tuple[Requirement, ...]


KINDS: dict[str, DocumentKind] = {k.code: k for k in (
    DocumentKind("claim_letter", "Претензия"),
    DocumentKind("claim_dispatch", "Доказательство направления претензии (опись вложения ф. 107, квитанция)"),
    DocumentKind("claim_receipt", "Доказательство получения претензии (уведомление о вручении, отчет об отслеживании)"),
    DocumentKind("debt_calculation", "Расчет задолженности и пени"),
    DocumentKind("contract", "Договор теплоснабжения с приложениями"),
    DocumentKind("invoices", "Счета-фактуры, УПД"),
    DocumentKind("meter_reports", "Отчеты о теплопотреблении, акты снятия показаний"),
    DocumentKind("reconciliation", "Акт сверки взаимных расчетов"),
    DocumentKind("egrul_extract", "Выписка из ЕГРЮЛ (ЕГРИП) о должнике"),
    DocumentKind("egrul_extract_own", "Выписка из ЕГРЮЛ о взыскателе"),
    DocumentKind("egrn_extract", "Выписка из ЕГРН об объекте"),
    DocumentKind("power_of_attorney", "Доверенность представителя"),
    DocumentKind("law_diploma", "Документ о высшем юридическом образовании представителя"),
    DocumentKind("duty_payment", "Платежное поручение об уплате государственной пошлины"),
    DocumentKind("copy_dispatch", "Доказательство направления должнику копии заявления с приложениями"),
    DocumentKind("court_order_application", "Заявление о выдаче судебного приказа"),
    DocumentKind("lawsuit", "Исковое заявление"),
    DocumentKind("order_cancellation", "Определение об отмене судебного приказа"),
    DocumentKind("court_ruling", "Определение суда"),
    DocumentKind("police_statement", "Заявление в полицию"),
    DocumentKind("inspection_act", "Акт о выявлении бездоговорного (безучетного) потребления"),
    DocumentKind("unauthorized_calculation", "Расчет объема и стоимости бездоговорного потребления"),
    DocumentKind("photos", "Фотоматериалы"),
    DocumentKind("boundary_act", "Акт разграничения балансовой принадлежности"),
    DocumentKind("payment_demand", "Требование об оплате"),
    DocumentKind("other", "Иной документ"),
)}

_CLAIM_PROOF = (
    Requirement(("claim_letter",), "Претензия", "АПК ст. 4 ч. 5, ст. 126 п. 7"),
    Requirement(("claim_dispatch", "claim_receipt"), "Доказательство направления претензии должнику",
                "АПК ст. 4 ч. 5, ст. 126 п. 7"),
)
_EVIDENCE = (
    Requirement(("debt_calculation",), "Расчет задолженности и пени", "АПК ст. 125 ч. 1 п. 6; ГПК ст. 132 п. 5"),
    Requirement(("contract",), "Договор теплоснабжения", "АПК ст. 126 п. 3; ГПК ст. 132 п. 4"),
    Requirement(("invoices",), "Счета-фактуры, УПД за период долга", "АПК ст. 126 п. 3; ГПК ст. 132 п. 4"),
)
_DUTY = Requirement(("duty_payment",), "Платежное поручение об уплате государственной пошлины",
                    "АПК ст. 126 п. 2; ГПК ст. 132 п. 1")
_ATTORNEY = Requirement(("power_of_attorney",), "Доверенность представителя", "АПК ст. 126 п. 4; ГПК ст. 132 п. 2")
_DIPLOMA = Requirement(("law_diploma",), "Документ о высшем юридическом образовании представителя",
                       "АПК ст. 59 ч. 3; ГПК ст. 49 ч. 2")
_EGRUL = Requirement(("egrul_extract",), "Выписка из ЕГРЮЛ (ЕГРИП) о должнике", "АПК ст. 126 п. 9")
_COPY_SENT = Requirement(("copy_dispatch",), "Доказательство направления должнику копии заявления с приложениями",
                         "АПК ст. 126 п. 1; ГПК ст. 132 п. 6")

ROUTES: dict[str, Route] = {r.code: r for r in (
    Route("pretrial_claim", "Претензия", "АПК ст. 4 ч. 5; ГК ст. 309, 310, 544", (
        Requirement(("claim_letter",), "Претензия"),
        _EVIDENCE[0],
        _EVIDENCE[2],
    )),
    Route("court_order_arbitration", "Заявление о выдаче судебного приказа (арбитражный суд)",
          "АПК ст. 229.2–229.3", (
              Requirement(("court_order_application",), "Заявление о выдаче судебного приказа", "АПК ст. 229.3"),
              *_CLAIM_PROOF, *_EVIDENCE, _DUTY, _ATTORNEY, _DIPLOMA, _EGRUL,
          )),
    Route("court_order_magistrate", "Заявление о выдаче судебного приказа (мировой судья)", "ГПК ст. 121–124", (
        Requirement(("court_order_application",), "Заявление о выдаче судебного приказа", "ГПК ст. 124"),
        *_EVIDENCE, _DUTY, _ATTORNEY,
    )),
    Route("lawsuit_arbitration", "Исковое заявление (арбитражный суд)", "АПК ст. 125–126", (
        Requirement(("lawsuit",), "Исковое заявление", "АПК ст. 125"),
        _COPY_SENT, _DUTY, *_EVIDENCE, _ATTORNEY, _DIPLOMA, *_CLAIM_PROOF, _EGRUL,
    )),
    Route("lawsuit_general", "Исковое заявление (суд общей юрисдикции)", "ГПК ст. 131–132", (
        Requirement(("lawsuit",), "Исковое заявление", "ГПК ст. 131"),
        _COPY_SENT, _DUTY, *_EVIDENCE, _ATTORNEY, _DIPLOMA,
    )),
    Route("police_statement", "Заявление в полицию", "УПК ст. 141, 144; КоАП ст. 7.19; УК ст. 165", (
        Requirement(("police_statement",), "Заявление в полицию", "УПК ст. 141"),
        Requirement(("inspection_act",), "Акт о выявлении бездоговорного (безучетного) потребления"),
        Requirement(("unauthorized_calculation",), "Расчет объема и стоимости бездоговорного потребления"),
        Requirement(("photos",), "Фотоматериалы"),
        _ATTORNEY,
    )),
)}


def route(code: str) -> Route:
    try:
        return ROUTES[code]
    except KeyError:
        known = ", ".join(ROUTES)
        raise ApplicationError(
            f"Неизвестный вид дела «{code}»: ожидается один из {known}", code="package_route_unknown", field="route",
        ) from None


def kind(code: str) -> DocumentKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ApplicationError(
            f"Неизвестный вид документа «{code}»: добавьте его в перечень видов (casefiles/package_checklist.py)",
            code="package_kind_unknown", field="kind",
        ) from None


def missing_requirements(route_code: str, kinds: Iterable[str]) -> list[Requirement]:
    present = set(kinds)
    return [r for r in route(route_code).required if not present.intersection(r.kinds)]
