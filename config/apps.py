from django.contrib.admin.apps import AdminConfig


class DepartmentAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the department's site (see ``config.admin``)."""

    default_site = "config.admin.DepartmentAdminSite"
