"""Every write of billing, as keyword-only functions in a transaction with their audit event.

- ``tariffs``: ``tariff_create``, ``tariff_update``;
- ``periods``: ``period_open``, ``period_close``;
- ``runs``: ``billing_run_start`` → chunks ``billing_chunk_process`` → ``billing_run_finalize``;
- ``run_recovery``: a run whose worker died — the watchdog's ``billing_runs_requeue_stalled``,
  ``billing_run_resume`` and ``billing_run_cancel`` (its page);
- ``recalculations``: ``recalculation_queue`` (the interface other modules call),
  ``recalculation_cancel``, ``recalculation_recompute`` (a closed period of a contract
  billed again, the differences queued) and ``recalculation_for_late_reading`` (metering
  hook ``reading_accepted``).
"""
