from django.core.management.base import BaseCommand

from accounts.roles import sync_role_permissions


class Command(BaseCommand):
    help = "Выдать группам ролей ровно те права, что объявлены в roles.py приложений"

    def handle(self, *args, **options):
        sync_role_permissions()
        self.stdout.write(self.style.SUCCESS("Права ролей синхронизированы"))
