"""The role × action matrix: who may open which page (run by tests/accounts/test_role_matrix.py).

Every app that owns URLs declares in ``tests/<app>/role_matrix.py``:

- ``ACCESS`` — a list of :class:`Access`, one per URL name (``*`` wildcards allowed, e.g.
  ``"legal_calc:*:index"``; several entries may name the same URL with different data);
- optionally ``samples(world)`` — creates the rows the URLs need (``world.<name> = ...``).

The test builds one world for all declarations (one user per role, every module's samples),
then for each entry, URL, method and role asserts: an allowed role is not refused (a success
or a redirect, or a status named in ``ok``), any other role gets 403, an anonymous visitor is
sent to the login page (``anonymous=API``: 401 or 403). It also fails when a URL name of
``config.urls`` has no entry, so a new page cannot go unchecked.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accounts.roles import ADMINISTRATOR, ROLES, declared_permissions

EVERY_ROLE = frozenset(ROLES)
NOBODY = frozenset()

PAGE = "page"  # anonymous: a redirect to the login page
API = "api"  # anonymous: 401 or 403 (the REST API authenticates inside DRF)


@dataclass
class Access:
    """Who may open ``name`` (a URL name, ``*`` wildcards allowed).

    ``kwargs(world)`` gives the URL's arguments (a tuple: positional ones); ``methods`` are
    the methods tried; ``data(world)`` the query of a GET and the body of a POST (empty by
    default; JSON for ``anonymous=API``); ``post_allowed`` who may POST (default:
    ``allowed``); ``ok`` extra statuses an allowed role may get (e.g. 400 for an empty API
    call); ``note`` says what the request does when allowed.
    """

    name: str
    allowed: frozenset[str] = NOBODY
    kwargs: Callable | None = None
    methods: tuple[str, ...] = ("GET", "POST")
    post_allowed: frozenset[str] | None = None
    anonymous: str = PAGE
    ok: tuple[int, ...] = ()
    note: str = ""
    data: Callable | None = None

    def __post_init__(self):
        self.allowed = frozenset(self.allowed)
        self.post_allowed = self.allowed if self.post_allowed is None else frozenset(self.post_allowed)
        unknown = (self.allowed | self.post_allowed) - EVERY_ROLE
        if unknown:
            raise ValueError(f"{self.name}: unknown roles {sorted(unknown)}")
        if self.anonymous not in (PAGE, API):
            raise ValueError(f"{self.name}: anonymous must be PAGE or API")

    def allows(self, role: str, method: str) -> bool:
        return role in (self.post_allowed if method == "POST" else self.allowed)

    def url_kwargs(self, world) -> dict:
        return self.kwargs(world) if self.kwargs else {}

    def body(self, world) -> dict:
        return self.data(world) if self.data else {}


def url_names() -> dict[str, str]:
    """Every named URL of ``config.urls``: ``namespace:...:name`` → its route."""
    from django.urls import URLResolver, get_resolver

    found: dict[str, str] = {}

    def walk(patterns, namespaces, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                spaces = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, spaces, prefix + str(pattern.pattern))
            elif pattern.name:  # unnamed: admin's redirects to a record's change page, its catch-all
                found.setdefault(":".join([*namespaces, pattern.name]), prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, [], "/")
    return found


def role_holds(role: str, permission: str) -> bool:
    """Whether the apps' ``roles.py`` declare ``permission`` for ``role`` (no database needed)."""
    return any(fnmatch.fnmatchcase(permission, pattern) for pattern in declared_permissions()[role])


def admin_entries(app_label: str, *, readonly: tuple[str, ...] = ()) -> list[Access]:
    """Entries for the Django admin pages of ``app_label``'s models.

    The admin is for staff, and only administrators are staff: every other role is refused
    (403, see ``config.admin``). An administrator opens a page when the Administrator role
    holds the model permission the page needs (view or change for the list, history and
    the record; add; delete); the ModelAdmin may refuse more (``readonly`` admins), and then
    the entry says so through ``_ADMIN_REFUSES``.
    """
    from django.contrib import admin

    entries = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != app_label:
            continue
        entries.extend(_model_admin_entries(model, model_admin, readonly=model._meta.model_name in readonly))
    if not entries:
        raise ValueError(f"no admin pages for {app_label!r}")
    holds_any = any(entry.allowed for entry in entries)
    entries.append(Access(
        "admin:app_list", allowed={ADMINISTRATOR}, kwargs=lambda w: {"app_label": app_label},
        ok=() if holds_any else (404,),
        note="the application's page of the admin" if holds_any else
        "administrators hold no permission on these models: the admin has no such application for them (404)",
    ))
    return entries


def _model_admin_entries(model, model_admin, *, readonly: bool) -> Iterable[Access]:
    from simple_history.admin import SimpleHistoryAdmin

    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"

    def may(action: str) -> frozenset[str]:
        perm = f"{opts.app_label}.{action}_{opts.model_name}"
        if readonly and action != "view":
            return NOBODY
        return frozenset({ADMINISTRATOR}) if role_holds(ADMINISTRATOR, perm) else NOBODY

    def obj(w):
        return {"object_id": w.sample(model).pk}

    view = may("view") | may("change")
    add, change, delete = may("add"), may("change"), may("delete")
    entries = [
        Access(f"{prefix}_changelist", allowed=view,
               note="an empty POST is an action form without an action: back to the list"),
        Access(f"{prefix}_add", allowed=add, note="an empty POST is an invalid form: 200"),
        Access(f"{prefix}_change", allowed=view, post_allowed=change, kwargs=obj,
               note="an empty POST is an invalid form: 200"),
        Access(f"{prefix}_delete", allowed=delete, kwargs=obj,
               note="an empty POST is the confirmation page again: nothing deleted"),
        Access(f"{prefix}_history", allowed=view, kwargs=obj, methods=("GET",)),
    ]
    if isinstance(model_admin, SimpleHistoryAdmin):
        def version(w):
            record = w.sample(model)
            if not record.history.exists():
                record.save()  # a row seeded by a migration carries no history: its first version
            return (record.pk, record.history.order_by("-history_id")[0].history_id)  # a re_path: positional

        entries.append(Access(f"{prefix}_simple_history", allowed=view, post_allowed=change, kwargs=version,
                              note="simple-history's version page; an empty POST reverts nothing: invalid form"))
    return entries
