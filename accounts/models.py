"""Users and groups are Django's (see roles.py); accounts only declares the right to manage them."""

from django.db import models


class UserManagement(models.Model):
    """No table: the carrier of ``accounts.manage_users`` (the «Пользователи» page, audit/users.py)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("manage_users", "Управление пользователями и их ролями")]
        verbose_name = "управление пользователями"

    def __str__(self) -> str:
        return "управление пользователями"
