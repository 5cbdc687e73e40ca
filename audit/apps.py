from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Журнал аудита"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from audit import logins

        signals.user_logged_in.connect(logins.on_logged_in, dispatch_uid="audit.login")
        signals.user_logged_out.connect(logins.on_logged_out, dispatch_uid="audit.logout")
        signals.user_login_failed.connect(logins.on_login_failed, dispatch_uid="audit.login_failed")
        user_locked_out.connect(logins.on_locked_out, dispatch_uid="audit.locked_out")
