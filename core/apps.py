from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Общее"

    def ready(self) -> None:
        from core.verbose_names import keep_abbreviations

        keep_abbreviations()  # «ИНН», not viewflow's «Инн» (core/verbose_names.py)

        # A user reads as a person wherever a page writes one — «Петров Сергей», not the login
        # «tech» of Django's ``str`` (viewflow's task owners, list columns, choices of a user).
        from django.contrib.auth import get_user_model

        from core.display import user_name

        get_user_model().__str__ = user_name  # type: ignore[assignment,method-assign]
