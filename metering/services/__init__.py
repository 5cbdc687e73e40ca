"""Every write of metering, as keyword-only functions in transactions with their audit event.

Split by subdomain: ``units`` (units, status history, devices, seals), ``weather``
(outdoor temperatures), ``readings`` (entry, import, validation, review).
"""
