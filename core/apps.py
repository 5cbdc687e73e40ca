from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Общее"

    def ready(self) -> None:
        from core.verbose_names import keep_abbreviations

        keep_abbreviations()  # «ИНН», not viewflow's «Инн» (core/verbose_names.py)
