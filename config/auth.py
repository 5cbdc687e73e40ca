"""Signing in and out and changing one's password (``/accounts/``): viewflow's views, with the
password change in the site's own frame (its menu, the project's form look, Russian) instead of
the Django admin's page that the template name ``registration/password_change_form.html``
brings (the admin keeps that one for its own password change). The password reset by e-mail
is drawn like the login page, in Russian (templates/accounts/password_reset_*.html), for the
same reason: the admin's ``registration/`` templates come first by that name."""

from django.contrib.auth import views as auth_views
from viewflow.contrib.auth import AuthViewset

from config.site import site


class SiteFrameMixin:
    """A page outside the site's applications that still shows the site's menu: the frame
    (templates/viewflow/base.html) reads the site from the request's URL match, where
    viewflow's ``SiteMiddleware`` puts it for the site's own pages."""

    def dispatch(self, request, *args, **kwargs):
        request.resolver_match.site = site
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordChangeView(SiteFrameMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    title = "Смена пароля"


class PasswordChangeDoneView(SiteFrameMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    title = "Пароль изменен"


class DepartmentAuthViewset(AuthViewset):
    pass_change_view_class = PasswordChangeView
    pass_change_done_view_class = PasswordChangeDoneView

    def get_pass_reset_view_kwargs(self, **kwargs):
        return super().get_pass_reset_view_kwargs(template_name="accounts/password_reset_form.html", **kwargs)

    def get_pass_reset_done_view_kwargs(self, **kwargs):
        return super().get_pass_reset_done_view_kwargs(template_name="accounts/password_reset_done.html", **kwargs)

    def get_pass_reset_confirm_view_kwargs(self, **kwargs):
        return super().get_pass_reset_confirm_view_kwargs(template_name="accounts/password_reset_confirm.html", **kwargs)

    def get_pass_reset_complete_view_kwargs(self, **kwargs):
        return super().get_pass_reset_complete_view_kwargs(template_name="accounts/password_reset_complete.html", **kwargs)
