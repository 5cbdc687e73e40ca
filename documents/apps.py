from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Документы"

    def ready(self):
        from . import checks  # noqa: F401 — registers the template files check
