"""Every write of billing, as keyword-only functions in a transaction with their audit event.

- ``tariffs``: ``tariff_create``, ``tariff_update``;
- ``periods``: ``period_open``, ``period_close``;
- ``runs``: ``billing_run_start`` → chunks ``billing_chunk_process`` → ``billing_run_finalize``;
- ``recalculations``: ``recalculation_queue`` (the interface other modules call),
  ``recalculation_cancel``, ``recalculation_recompute`` (a closed period of a contract
  billed again, the differences queued) and ``recalculation_for_late_reading`` (metering
  hook ``reading_accepted``).
"""
