from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        # Model permissions only exist after every app has migrated (Django creates them
        # in its own post_migrate handler), so the role → permission grants are synced then.
        from accounts.roles import sync_role_permissions_after_migrate

        post_migrate.connect(sync_role_permissions_after_migrate, dispatch_uid="accounts.sync_roles")
