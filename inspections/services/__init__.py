"""Every write of inspections and acts (docs/inspections.md): keyword-only services that check
the actor's right, validate everything first, write in one transaction and audit it.

- ``inspections``: ``inspection_report``, ``route_create``, ``route_sheet_issue``, ``inspection_no_violation``;
- ``acts``: ``act_fill``, ``act_issue``, ``act_return``, ``act_accept``;
- ``act_data``: the act's input (``ActData`` and its rows) and its checks by kind;
- ``photos``: photos in the archive with their SHA-256;
- ``unit_failure``: ``act_unit_faulty`` — an accepted unmetered act makes the unit faulty and queues
  the recalculations of closed months.
"""
