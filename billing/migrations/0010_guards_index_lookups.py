"""The charge-line and invoice guards (migration 0002) look rows up by index, one probe per
distinct referenced row, instead of joining the whole referenced table.

The statement-level triggers joined the transition table to ``billing_invoice`` (and to
``billing_chargeline`` on deleting invoices, to ``billing_recalculation`` on inserting
lines); the planner answered with a hash join over a sequential scan of that table — on
every chunk of a billing run, so the run's cost grew with the number of invoices already
written (docs/performance.md, «Billing»). A scalar subquery in the select list or WHERE is
never turned into a join: it stays a per-row index lookup, whatever the table's size and
statistics. What the guards refuse is unchanged. PostgreSQL only (SQLite has row triggers).
"""

import importlib

from django.db import migrations

_0002 = importlib.import_module("billing.migrations.0002_database_guards")
MESSAGE, MISSING, REFERENCED = _0002.MESSAGE, _0002.MISSING, _0002.REFERENCED

PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION billing_refuse_closed_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- transition tables exist only for their events: each is read in its own branch
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (
            SELECT 1 FROM (SELECT DISTINCT period_id FROM old_rows) r
            JOIN billing_billingperiod p ON p.id = r.period_id WHERE p.status = 'closed'
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- one index probe per deleted invoice
        IF EXISTS (
            SELECT 1 FROM old_rows o
            WHERE (SELECT true FROM billing_chargeline l WHERE l.invoice_id = o.id LIMIT 1)
        ) THEN
            RAISE EXCEPTION '{REFERENCED}' USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF EXISTS (SELECT 1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL) THEN
            RAISE EXCEPTION 'invoice ids never change' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF EXISTS (
            SELECT 1 FROM (SELECT DISTINCT period_id FROM new_rows) r
            JOIN billing_billingperiod p ON p.id = r.period_id WHERE p.status = 'closed'
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION billing_refuse_closed_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing boolean;
    closed boolean;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- the period's status of each distinct invoice by one index probe
        IF EXISTS (
            SELECT 1 FROM (SELECT DISTINCT invoice_id FROM old_rows) r
            WHERE (
                SELECT p.status FROM billing_invoice i JOIN billing_billingperiod p ON p.id = i.period_id
                WHERE i.id = r.invoice_id
            ) = 'closed'
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        -- NULL status: no such invoice (its period is a foreign key)
        SELECT bool_or(s.status IS NULL), bool_or(s.status = 'closed') INTO missing, closed
        FROM (
            SELECT (
                SELECT p.status FROM billing_invoice i JOIN billing_billingperiod p ON p.id = i.period_id
                WHERE i.id = r.invoice_id
            ) AS status
            FROM (SELECT DISTINCT invoice_id FROM new_rows) r
            OFFSET 0  -- a fence: the subquery is not pulled up, each invoice is probed once
        ) s;
        IF closed THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF missing OR EXISTS (
            SELECT 1 FROM (SELECT DISTINCT recalculation_id FROM new_rows WHERE recalculation_id IS NOT NULL) n
            WHERE (SELECT true FROM billing_recalculation c WHERE c.id = n.recalculation_id) IS NULL
        ) THEN
            RAISE EXCEPTION '{MISSING}' USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_0002.PG_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [("billing", "0009_refused_recalculation")]

    operations = [migrations.RunPython(forwards, backwards)]
