"""Every write of metering, as keyword-only functions in transactions with their audit event.

Split by subdomain: ``units`` (units, status history, devices, seals), ``weather``
(outdoor temperatures), ``readings`` (entry, validation, review), ``exports`` (the audit
event of a report download). The import of readings from files is ``metering.imports``; it
records each reading through ``readings``.
"""
