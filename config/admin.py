"""The Django admin of the department: for administrators (staff) only.

Django's admin answers a logged-in user who is not staff with its own login page (to log in
as someone else). Here such a user is refused with 403, like every other page a role may not
open; anonymous users are still sent to the login page by ``LoginRequiredSiteMiddleware``.
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied


class DepartmentAdminSite(admin.AdminSite):
    site_header = "Абонентский отдел — администрирование"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def refuse_non_staff(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_non_staff, inner)
