from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeteringConfig(AppConfig):
    name = "metering"
    verbose_name = "Учет"

    def ready(self):
        # Reference data seeded by migration 0002 comes back after a flush (transactional tests).
        from metering.reference_data import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="metering.reference_data")
