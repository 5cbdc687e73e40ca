"""Database guards of billing: a closed period is never edited; charge lines reference
existing invoices and recalculations.

The model layer refuses with a readable message (``billing.models.PeriodClosedError``);
these triggers refuse everything else (raw SQL, bulk statements, COPY). Charge lines have
no row-by-row foreign keys (see ``ChargeLine``): the same triggers check their references
set-based.

PostgreSQL: statement-level AFTER triggers with transition tables, so a COPY of a quarter of
a million charge lines costs one join per statement, not a lookup per row. SQLite: row
triggers (SQLite has nothing else; speed does not matter there).
"""

from django.db import migrations

MESSAGE = "billing period is closed: its charges are never edited"
MISSING = "charge line references a missing invoice or recalculation"
REFERENCED = "the row is referenced by charge lines"

PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION billing_refuse_closed_period_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

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
        IF EXISTS (SELECT 1 FROM old_rows o JOIN billing_chargeline l ON l.invoice_id = o.id) THEN
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
        IF EXISTS (
            SELECT 1 FROM (SELECT DISTINCT invoice_id FROM old_rows) r
            JOIN billing_invoice i ON i.id = r.invoice_id
            JOIN billing_billingperiod p ON p.id = i.period_id WHERE p.status = 'closed'
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT bool_or(i.id IS NULL), bool_or(p.status = 'closed') INTO missing, closed
        FROM (SELECT DISTINCT invoice_id FROM new_rows) r
        LEFT JOIN billing_invoice i ON i.id = r.invoice_id
        LEFT JOIN billing_billingperiod p ON p.id = i.period_id;
        IF closed THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF missing OR EXISTS (
            SELECT 1 FROM new_rows n LEFT JOIN billing_recalculation c ON c.id = n.recalculation_id
            WHERE n.recalculation_id IS NOT NULL AND c.id IS NULL
        ) THEN
            RAISE EXCEPTION '{MISSING}' USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION billing_refuse_closed_recalculations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM billing_billingperiod p WHERE p.id = OLD.period_id AND p.status = 'closed') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM billing_chargeline l WHERE l.recalculation_id = OLD.id) THEN
            RAISE EXCEPTION '{REFERENCED}' USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF EXISTS (SELECT 1 FROM billing_billingperiod p WHERE p.id = NEW.period_id AND p.status = 'closed') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
"""


def _pg_statement_triggers(table: str, function: str) -> str:
    return f"""
CREATE TRIGGER {table}_closed_ins AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_closed_upd AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_closed_del AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


PG_TRIGGERS = (
    PG_FUNCTIONS
    + """
CREATE TRIGGER billing_billingperiod_closed BEFORE UPDATE OR DELETE ON billing_billingperiod
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_closed_period_row();
CREATE TRIGGER billing_recalculation_closed BEFORE INSERT OR UPDATE OR DELETE ON billing_recalculation
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_closed_recalculations();
"""
    + _pg_statement_triggers("billing_invoice", "billing_refuse_closed_invoices")
    + _pg_statement_triggers("billing_chargeline", "billing_refuse_closed_lines")
)

PG_DROP = """
DROP TRIGGER IF EXISTS billing_billingperiod_closed ON billing_billingperiod;
DROP TRIGGER IF EXISTS billing_recalculation_closed ON billing_recalculation;
DROP TRIGGER IF EXISTS billing_invoice_closed_ins ON billing_invoice;
DROP TRIGGER IF EXISTS billing_invoice_closed_upd ON billing_invoice;
DROP TRIGGER IF EXISTS billing_invoice_closed_del ON billing_invoice;
DROP TRIGGER IF EXISTS billing_chargeline_closed_ins ON billing_chargeline;
DROP TRIGGER IF EXISTS billing_chargeline_closed_upd ON billing_chargeline;
DROP TRIGGER IF EXISTS billing_chargeline_closed_del ON billing_chargeline;
DROP FUNCTION IF EXISTS billing_refuse_closed_period_row();
DROP FUNCTION IF EXISTS billing_refuse_closed_invoices();
DROP FUNCTION IF EXISTS billing_refuse_closed_lines();
DROP FUNCTION IF EXISTS billing_refuse_closed_recalculations();
"""

_SQLITE_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
_INVOICE_CLOSED = "(SELECT status FROM billing_billingperiod WHERE id = {row}.period_id) = 'closed'"
_LINE_CLOSED = (
    "(SELECT p.status FROM billing_invoice i JOIN billing_billingperiod p ON p.id = i.period_id "
    "WHERE i.id = {row}.invoice_id) = 'closed'"
)

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER billing_billingperiod_closed_upd BEFORE UPDATE ON billing_billingperiod "
    f"WHEN OLD.status = 'closed' {_SQLITE_RAISE}",
    f"CREATE TRIGGER billing_billingperiod_closed_del BEFORE DELETE ON billing_billingperiod "
    f"WHEN OLD.status = 'closed' {_SQLITE_RAISE}",
]
for _table, _check in (
    ("billing_invoice", _INVOICE_CLOSED),
    ("billing_chargeline", _LINE_CLOSED),
    ("billing_recalculation", _INVOICE_CLOSED),
):
    SQLITE_TRIGGERS += [
        f"CREATE TRIGGER {_table}_closed_ins BEFORE INSERT ON {_table} WHEN {_check.format(row='NEW')} {_SQLITE_RAISE}",
        f"CREATE TRIGGER {_table}_closed_upd BEFORE UPDATE ON {_table} "
        f"WHEN {_check.format(row='OLD')} OR {_check.format(row='NEW')} {_SQLITE_RAISE}",
        f"CREATE TRIGGER {_table}_closed_del BEFORE DELETE ON {_table} WHEN {_check.format(row='OLD')} {_SQLITE_RAISE}",
    ]
SQLITE_TRIGGERS += [
    "CREATE TRIGGER billing_chargeline_refs_ins BEFORE INSERT ON billing_chargeline "
    "WHEN NOT EXISTS (SELECT 1 FROM billing_invoice WHERE id = NEW.invoice_id) OR (NEW.recalculation_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM billing_recalculation WHERE id = NEW.recalculation_id)) "
    f"BEGIN SELECT RAISE(ABORT, '{MISSING}'); END;",
    "CREATE TRIGGER billing_chargeline_refs_upd BEFORE UPDATE ON billing_chargeline "
    "WHEN NOT EXISTS (SELECT 1 FROM billing_invoice WHERE id = NEW.invoice_id) OR (NEW.recalculation_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM billing_recalculation WHERE id = NEW.recalculation_id)) "
    f"BEGIN SELECT RAISE(ABORT, '{MISSING}'); END;",
    "CREATE TRIGGER billing_invoice_refs_del BEFORE DELETE ON billing_invoice "
    "WHEN EXISTS (SELECT 1 FROM billing_chargeline WHERE invoice_id = OLD.id) "
    f"BEGIN SELECT RAISE(ABORT, '{REFERENCED}'); END;",
    "CREATE TRIGGER billing_recalculation_refs_del BEFORE DELETE ON billing_recalculation "
    "WHEN EXISTS (SELECT 1 FROM billing_chargeline WHERE recalculation_id = OLD.id) "
    f"BEGIN SELECT RAISE(ABORT, '{REFERENCED}'); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "billing_billingperiod_closed_upd", "billing_billingperiod_closed_del",
        *(f"{t}_closed_{op}" for t in ("billing_invoice", "billing_chargeline", "billing_recalculation")
          for op in ("ins", "upd", "del")),
        "billing_chargeline_refs_ins", "billing_chargeline_refs_upd", "billing_invoice_refs_del",
        "billing_recalculation_refs_del",
    )
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
