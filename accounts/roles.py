"""Roles of the subscriber department and what each may do.

The five groups are created by a data migration. Which model permissions each group holds
is declared next to the models: every app may have a ``roles.py`` with a ``PERMISSIONS``
dict ``{role: ["app_label.codename" or fnmatch pattern, ...]}``. This module gathers them
and syncs the groups after every ``migrate`` (and on ``manage.py sync_roles``), so the
grants in the database always equal the declarations in code.
"""

from __future__ import annotations

import fnmatch
import importlib

from django.apps import apps as global_apps

TECHNICIAN = "Техник"
BILLING = "Расчетчик"
LEGAL = "Юрист"
MANAGER = "Руководитель"
ADMINISTRATOR = "Администратор"

ROLES: tuple[str, ...] = (TECHNICIAN, BILLING, LEGAL, MANAGER, ADMINISTRATOR)


def declared_permissions() -> dict[str, list[str]]:
    """Every app's ``roles.PERMISSIONS`` merged: role → list of permission patterns."""
    merged: dict[str, list[str]] = {role: [] for role in ROLES}
    for config in global_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, patterns in getattr(module, "PERMISSIONS", {}).items():
            if role not in merged:
                raise ValueError(f"{config.name}.roles names an unknown role {role!r}")
            merged[role].extend(patterns)
    return merged


def resolve_patterns(patterns: list[str], available: dict[str, object]) -> set[str]:
    """Expand ``app.codename`` patterns against the ``available`` permission keys."""
    keys: set[str] = set()
    for pattern in patterns:
        matched = fnmatch.filter(available, pattern)
        if not matched and not any(ch in pattern for ch in "*?["):
            raise ValueError(f"Permission {pattern!r} is declared for a role but does not exist")
        keys.update(matched)
    return keys


def sync_role_permissions(*, apps=global_apps, using: str = "default") -> None:
    """Make every role group hold exactly its declared permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role, patterns in declared_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = [available[key] for key in sorted(resolve_patterns(patterns, available))]
        group.permissions.set(wanted)


def sync_role_permissions_after_migrate(sender, using="default", apps=global_apps, **kwargs):
    if sender.name != "accounts":
        return
    # Runs once per migrate (for this app's config); by then Django has created the
    # permissions of every app because its own handler is connected first.
    from django.contrib.auth.management import create_permissions

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using, apps=global_apps)
    sync_role_permissions(apps=global_apps, using=using)



# accounts' own right: administrators create, deactivate and re-role users (audit/users.py)
PERMISSIONS = {ADMINISTRATOR: ["accounts.manage_users"]}
