"""Every periodic schedule of the system, in one place (Celery beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "fire-flow-timers": {
        "task": "workflows.tasks.fire_due_timers",
        "schedule": crontab(minute="*/5"),
    },
    "verify-audit-chain": {
        "task": "audit.tasks.verify_audit_chain",
        "schedule": crontab(hour=2, minute=15),
    },
}
