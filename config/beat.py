"""Every periodic schedule of the system, in one place (Celery beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "fire-flow-timers": {
        "task": "workflows.tasks.fire_due_timers",
        "schedule": crontab(minute="*/5"),
    },
    "track-verification": {  # metering: faulty units after expired verification, notices 60/30 days before
        "task": "metering.tasks.track_verification",
        "schedule": crontab(hour=6, minute=0),
    },
    # Watchdog: background work whose worker died (no progress for WATCHDOG_STALL_MINUTES)
    # is queued again; every re-queue is idempotent (what is done is skipped).
    "requeue-stalled-flow-handles": {  # documents of flows whose background run failed
        "task": "workflows.tasks.requeue_stalled_handles",
        "schedule": crontab(minute="*/10"),
    },
    "requeue-stalled-billing-runs": {
        "task": "billing.tasks.requeue_stalled_runs",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-stalled-output-jobs": {
        "task": "billing.invoices.tasks.requeue_stalled_output_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-stalled-penalty-accruals": {
        "task": "settlements.tasks.requeue_stalled_accruals",
        "schedule": crontab(minute="*/10"),
    },
    "requeue-stalled-reconciliation-jobs": {
        "task": "reconciliation.tasks.requeue_stalled_bulk_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-stalled-pdf": {
        "task": "documents.tasks.requeue_stalled_pdf",
        "schedule": crontab(minute="*/15"),
    },
    "verify-audit-chain": {
        "task": "audit.tasks.verify_audit_chain",
        "schedule": crontab(hour=2, minute=15),
    },
    # Penalties on every overdue debt as of the last day of the previous month. The 5th
    # leaves the first working days of the month for the bank statements of its last days.
    # Debts of the invoices of closed billing periods (billing does not call settlements).
    "settlements-debts-from-invoices": {
        "task": "settlements.tasks.debts_from_invoices",
        "schedule": crontab(minute="20"),
    },
    "settlements-accrue-penalties": {
        "task": "settlements.tasks.accrue_monthly_penalties",
        "schedule": crontab(day_of_month="5", hour="2", minute="30"),
    },
    "verify-document-archive": {
        "task": "documents.tasks.verify_archive",
        "schedule": crontab(hour=2, minute=45),
    },
    # The month's planned consumption and cost (ПП 808 advances: 35 % by the 18th) is fixed
    # on the 1st, before any advance falls due.
    "billing-freeze-month-plans": {
        "task": "billing.forecast.tasks.freeze_month_plans",
        "schedule": crontab(day_of_month="1", hour="3", minute="0"),
    },
}
