"""Every periodic schedule of the system, in one place (Celery beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "fire-flow-timers": {
        "task": "workflows.tasks.fire_due_timers",
        "schedule": crontab(minute="*/5"),
    },
}
