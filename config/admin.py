"""The Django admin of the department: for administrators (staff) only.

Django's admin answers a logged-in user who is not staff with its own login page (to log in
as someone else). Here such a user is refused with 403, like every other page a role may not
open; anonymous users are still sent to the login page by ``LoginRequiredSiteMiddleware``.

Every model admin registered on this site — ours and the ones Django's apps bring (users,
groups) — writes an audit event for each add, change and delete it logs, in the admin's own
transaction (:class:`AuditedAdminMixin`). Money is read-only here (``core.admin.ReadOnlyAdmin``).
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import router, transaction

from audit.services import record_event


def _admin_event(request, obj, verb: str, changes) -> None:
    meta = obj._meta
    record_event(
        action=f"admin.{meta.model_name}.{verb}",
        actor=request.user,
        target=obj,
        data={"model": meta.label_lower, "object": str(obj), "changes": changes or []},
    )


class AuditedAdminMixin:
    """Django's admin logs each add, change (of the row and its inlines, in one message) and
    delete in its LogEntry; these hooks write the same to the audit trail. An add or change
    is logged inside the admin's transaction, a delete just before the row goes; a bulk
    action ("delete selected") runs in one transaction with its events, so a delete refused
    half-way leaves neither rows gone nor events written."""

    def response_action(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _admin_event(request, obj, "created", message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _admin_event(request, obj, "changed", message)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            _admin_event(request, obj, "deleted", [])
        return super().log_deletions(request, queryset)


class DepartmentAdminSite(admin.AdminSite):
    site_header = "Абонентский отдел — администрирование"
    site_title = "Абонентский отдел"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class), {
                "__module__": admin_class.__module__, "__doc__": admin_class.__doc__,
            })
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def refuse_non_staff(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_non_staff, inner)
