from django.contrib import admin
from django.urls import include, path
from viewflow.contrib.auth import AuthViewset

from config.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("api/", include("config.api_urls")),
    path("", site.urls),
]
