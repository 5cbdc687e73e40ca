"""Reads of the register that more than one caller needs (list page, card, import, flows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, overload

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import smart_split, unescape_string_literal

from core.errors import ApplicationError
from core.search import normalize

from .models import Consumer, Contract, HeatedObject, HeatLoad, Organization


def _case_variants(term: str) -> set[str]:
    """Spellings of a search word to try: SQLite folds case of ASCII letters only, so a
    Cyrillic word is also tried lower-cased, capitalised and upper-cased (PostgreSQL folds
    any case; the extra variants cost it nothing)."""
    return {term, term.lower(), term.upper(), term.capitalize()}


def _search_words(search: str) -> list[str]:
    words = []
    for word in smart_split(search or ""):
        if word[:1] in "\"'" and word[:1] == word[-1:] and len(word) > 1:
            word = unescape_string_literal(word)
        if word.strip():
            words.append(word.strip())
    return words


# a shorter word («9», «12») is not looked for alone in contract numbers and objects' addresses:
# there it would match thousands of rows through a full scan of both tables (trigram indexes need
# three characters). It is looked for in the consumer's own fields, and in the address of an
# object that also holds every longer word of the search («Садовая 9»: the house on that street).
MIN_FRAGMENT = 3


def _address_q(word: str) -> Q:
    q = Q()
    for v in _case_variants(word):
        q |= Q(address__icontains=v)
    return q


def consumer_search_q(word: str, *, along: Sequence[str] = ()) -> Q:
    """A consumer matches a word by name, абонентский номер, ИНН, address (legal or postal),
    contract number or the address of any of its objects; a word shorter than
    ``MIN_FRAGMENT`` matches an object's address only together with the longer words ``along``."""
    q = Q(search_text__contains=normalize(word))  # names and addresses, any case, «ё» as «е»
    if len(word) >= MIN_FRAGMENT:
        for v in _case_variants(word):
            # «id IN (…)», not a correlated EXISTS: PostgreSQL runs each subquery once (through the
            # trigram indexes, migration 0007) and probes its hash per consumer
            q |= (
                Q(pk__in=Contract.objects.filter(number__icontains=v).values("consumer_id"))
                | Q(pk__in=HeatedObject.objects.filter(address__icontains=v).values("consumer_id"))
            )
    elif along:
        objects = HeatedObject.objects.filter(_address_q(word))
        for longer in along:
            objects = objects.filter(_address_q(longer))
        q |= Q(pk__in=objects.values("consumer_id"))
    return q | Q(code__icontains=word) | Q(inn__startswith=word)


def consumer_list(
    *,
    search: str = "",
    penalty_category: str = "",
    kind: str = "",
    contract_status: str = "",
    is_active: bool | None = None,
    queryset: QuerySet[Consumer] | None = None,
) -> QuerySet[Consumer]:
    """Consumers matching every search word and the filters; ``contract_status`` keeps those
    having at least one contract in that status. ``queryset`` narrows (or orders) the start."""
    queryset = Consumer.objects.all() if queryset is None else queryset
    words = _search_words(search)
    longer = [word for word in words if len(word) >= MIN_FRAGMENT]
    for word in words:
        queryset = queryset.filter(consumer_search_q(word, along=longer))
    if penalty_category:
        queryset = queryset.filter(penalty_category=penalty_category)
    if kind:
        queryset = queryset.filter(kind=kind)
    if contract_status:
        queryset = queryset.filter(with_contract_status(contract_status))
    if is_active is not None:
        queryset = queryset.filter(is_active=is_active)
    return queryset


def with_contract_status(status: str) -> Q:
    return Q(Exists(Contract.objects.filter(consumer=OuterRef("pk"), status=status)))


def consumer_card(pk: int) -> Consumer:
    """A consumer with its objects (and their loads) and contracts (and their objects)."""
    return Consumer.objects.prefetch_related(
        Prefetch(
            "heated_objects",
            queryset=HeatedObject.objects.select_related("network_section").prefetch_related(
                Prefetch("loads", queryset=HeatLoad.objects.order_by("-valid_from"))
            ),
        ),
        Prefetch(
            "contracts",
            queryset=Contract.objects.select_related("tariff_group").prefetch_related("objects_covered"),
        ),
    ).get(pk=pk)


def heated_object_list(
    *, search: str = "", consumer: Consumer | None = None, queryset: QuerySet[HeatedObject] | None = None
) -> QuerySet[HeatedObject]:
    """Objects matching every word by code, name, address or consumer's name."""
    if queryset is None:
        queryset = HeatedObject.objects.all()
    queryset = queryset.select_related("consumer", "network_section")
    for word in _search_words(search):
        q = Q(code__icontains=word) | Q(consumer__search_text__contains=normalize(word))
        for v in _case_variants(word):
            q |= Q(address__icontains=v) | Q(name__icontains=v)
        queryset = queryset.filter(q)
    if consumer is not None:
        queryset = queryset.filter(consumer=consumer)
    return queryset


def contract_list(
    *, search: str = "", status: str = "", queryset: QuerySet[Contract] | None = None
) -> QuerySet[Contract]:
    """Contracts matching every word by number, consumer's name or ИНН."""
    if queryset is None:
        queryset = Contract.objects.all()
    queryset = queryset.select_related("consumer", "tariff_group")
    for word in _search_words(search):
        q = (Q(number__icontains=word) | Q(consumer__inn__startswith=word)
             | Q(consumer__search_text__contains=normalize(word)))
        queryset = queryset.filter(q)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def current_load(heated_object: HeatedObject, *, on: date) -> HeatLoad | None:
    """The load of an object in force on a date (loads of one object never overlap)."""
    return (
        heated_object.loads.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def current_load_of(heated_object: HeatedObject, *, on: date) -> HeatLoad | None:
    """The same from loads already fetched (``prefetch_related("loads")``, as in
    ``consumer_card``): no query per object."""
    return next(
        (x for x in heated_object.loads.all() if x.valid_from <= on and (x.valid_to is None or x.valid_to >= on)),
        None,
    )


NO_ORGANIZATION = "Не заполнены реквизиты нашей организации"


@overload
def our_organization(*, required: Literal[True]) -> Organization: ...
@overload
def our_organization(*, required: bool = False) -> Organization | None: ...
def our_organization(*, required: bool = False) -> Organization | None:
    """Our own organisation: its requisites head every document and identify our payments
    in bank statements. There is one row (the first by id counts); None until it is filled
    in — or, with ``required``, a refusal naming the missing requisites."""
    organization = Organization.objects.order_by("pk").first()
    if organization is None and required:
        raise ApplicationError(NO_ORGANIZATION, code="organization_missing", field="organization")
    return organization


def consumer_name_at(consumer: str, moment: str | datetime | None) -> Coalesce:
    """An expression: the consumer's name (``consumer`` is its field path in the outer query)
    as it was at ``moment`` (a field path of the outer query or a datetime), from its history;
    the current name when the moment is empty (an open period) or the history holds no record
    that early."""
    at = OuterRef(moment) if isinstance(moment, str) else moment
    was = (
        Consumer.history.filter(id=OuterRef(consumer), history_date__lte=at)
        .order_by("-history_date", "-history_id").values("name")[:1]
    )
    return Coalesce(Subquery(was), F(f"{consumer}__name"))
