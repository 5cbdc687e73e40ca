from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from config.auth import DepartmentAuthViewset
from config.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", DepartmentAuthViewset(with_profile_view=False).urls),
    path("api/", include("config.api_urls")),
    # the Russian words of viewflow's scripts (locale/ru/LC_MESSAGES/djangojs.po); its base template loads it,
    # the login page too
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("", site.urls),
]
