"""Type aliases shared by the services and selectors (checked by mypy, see docs/setup.md).

Nothing here is imported from the apps at run time: the names behind the aliases are
imported for the type checker only, so ``core`` stays below every app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Who performs an action: a user (the project's users are Django's, see accounts/roles.py)
# or None — the system itself (a Celery step, a management command, the demo data). The
# views pass ``request.user`` behind a login; a service that must name a person refuses None.
Actor: TypeAlias = "User | None"
