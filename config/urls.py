from django.contrib import admin
from django.urls import include, path

from config.auth import DepartmentAuthViewset
from config.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", DepartmentAuthViewset(with_profile_view=False).urls),
    path("api/", include("config.api_urls")),
    path("", site.urls),
]
