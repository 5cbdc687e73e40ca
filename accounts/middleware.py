"""Anonymous users are sent to the login page, not answered 403.

viewflow's SiteMiddleware raises PermissionDenied for an anonymous request; Django's
LoginRequiredMiddleware (5.1+) runs first and redirects to LOGIN_URL instead. The REST API
authenticates by token inside DRF, after middleware, so it is left to DRF (401/403).
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware


class LoginRequiredSiteMiddleware(LoginRequiredMiddleware):
    open_prefixes = ("/api/", "/static/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
