"""``ContractBalance`` is kept by the database: triggers on debts and allocations recompute the
balance of every contract a statement touched, in the writing transaction, and the existing
rows are filled once here.

Why triggers: debts and allocations are written by the services, but also by the admin,
factories, COPY and SQL seeds; a trigger keeps the summary whatever wrote the row, so the
debtors list and the dashboard never read a stale sum (docs/performance.md, «Pages»).

PostgreSQL: statement-level triggers with transition tables — one set-based recompute per
statement, whatever its number of rows. The recompute first locks the touched contracts
(``FOR NO KEY UPDATE``, in id order): two transactions writing one contract's debts or
allocations recompute one after the other, each seeing the other's committed rows.
SQLite: row-level triggers (its writes are serialised anyway); sums rounded to kopecks,
as SQLite adds decimals as floating point.
"""

from django.db import migrations

# the recompute of the contracts in {ids} (a subquery of contract ids)
_PG_RECOMPUTE = """
    PERFORM 1 FROM subscribers_contract c WHERE c.id IN ({ids}) ORDER BY c.id FOR NO KEY UPDATE;
    INSERT INTO settlements_contractbalance AS b (contract_id, consumer_id, balance_due, earliest_due, open_debts)
    SELECT d.contract_id, MIN(d.consumer_id), SUM(d.amount - COALESCE(a.paid, 0)),
           MIN(CASE WHEN d.amount > COALESCE(a.paid, 0) THEN d.due_date END), COUNT(*)
    FROM settlements_debt d
    LEFT JOIN LATERAL (SELECT SUM(x.amount) AS paid FROM settlements_allocation x WHERE x.debt_id = d.id) a ON true
    WHERE d.contract_id IN ({ids}) AND d.settled_on IS NULL
    GROUP BY d.contract_id
    ON CONFLICT (contract_id) DO UPDATE SET consumer_id = EXCLUDED.consumer_id, balance_due = EXCLUDED.balance_due,
        earliest_due = EXCLUDED.earliest_due, open_debts = EXCLUDED.open_debts;
    DELETE FROM settlements_contractbalance b WHERE b.contract_id IN ({ids})
        AND NOT EXISTS (SELECT 1 FROM settlements_debt d WHERE d.contract_id = b.contract_id AND d.settled_on IS NULL);
"""

_DEBT_IDS = {
    "new": "SELECT DISTINCT contract_id FROM new_rows",
    "old": "SELECT DISTINCT contract_id FROM old_rows",
    "both": "SELECT contract_id FROM old_rows UNION SELECT contract_id FROM new_rows",
}
_ALLOCATION_IDS = {
    "new": "SELECT d.contract_id FROM settlements_debt d WHERE d.id IN (SELECT debt_id FROM new_rows)",
    "old": "SELECT d.contract_id FROM settlements_debt d WHERE d.id IN (SELECT debt_id FROM old_rows)",
    "both": ("SELECT d.contract_id FROM settlements_debt d WHERE d.id IN "
             "(SELECT debt_id FROM old_rows UNION SELECT debt_id FROM new_rows)"),
}
_EVENTS = (("ins", "INSERT", "new", "NEW TABLE AS new_rows"),
           ("upd", "UPDATE", "both", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
           ("del", "DELETE", "old", "OLD TABLE AS old_rows"))
_TABLES = (("settlements_debt", "debt", _DEBT_IDS), ("settlements_allocation", "allocation", _ALLOCATION_IDS))


def _pg_create() -> list[str]:
    statements = []
    for table, short, ids in _TABLES:
        for suffix, event, which, referencing in _EVENTS:
            name = f"settlements_balance_{short}_{suffix}"
            body = _PG_RECOMPUTE.format(ids=ids[which])
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}"
                f"    RETURN NULL;\nEND $$;"
            )
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();")
    return statements


def _pg_drop() -> list[str]:
    statements = []
    for table, short, _ids in _TABLES:
        for suffix, _event, _which, _referencing in _EVENTS:
            name = f"settlements_balance_{short}_{suffix}"
            statements += [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"]
    return statements


_PG_FILL = """
INSERT INTO settlements_contractbalance (contract_id, consumer_id, balance_due, earliest_due, open_debts)
SELECT d.contract_id, MIN(d.consumer_id), SUM(d.amount - COALESCE(a.paid, 0)),
       MIN(CASE WHEN d.amount > COALESCE(a.paid, 0) THEN d.due_date END), COUNT(*)
FROM settlements_debt d
LEFT JOIN (SELECT x.debt_id, SUM(x.amount) AS paid FROM settlements_allocation x
           JOIN settlements_debt o ON o.id = x.debt_id AND o.settled_on IS NULL GROUP BY x.debt_id) a ON a.debt_id = d.id
WHERE d.settled_on IS NULL
GROUP BY d.contract_id
"""

# SQLite: the balances of the contracts matching {where}
_SQLITE_SELECT = """
    INSERT INTO settlements_contractbalance (contract_id, consumer_id, balance_due, earliest_due, open_debts)
    SELECT d.contract_id, MIN(d.consumer_id),
           ROUND(SUM(d.amount - COALESCE((SELECT SUM(x.amount) FROM settlements_allocation x WHERE x.debt_id = d.id), 0)), 2),
           MIN(CASE WHEN ROUND(d.amount - COALESCE((SELECT SUM(x.amount) FROM settlements_allocation x
                                                    WHERE x.debt_id = d.id), 0), 2) > 0 THEN d.due_date END),
           COUNT(*)
    FROM settlements_debt d WHERE {where} AND d.settled_on IS NULL GROUP BY d.contract_id;
"""
# {cid} is an expression of the triggering row
_SQLITE_RECOMPUTE = "\n    DELETE FROM settlements_contractbalance WHERE contract_id = {cid};" + _SQLITE_SELECT.replace(
    "{where}", "d.contract_id = {cid}")
_SQLITE_CONTRACT = {
    ("debt", "NEW"): "NEW.contract_id",
    ("debt", "OLD"): "OLD.contract_id",
    ("allocation", "NEW"): "(SELECT contract_id FROM settlements_debt WHERE id = NEW.debt_id)",
    ("allocation", "OLD"): "(SELECT contract_id FROM settlements_debt WHERE id = OLD.debt_id)",
}


def _sqlite_create() -> list[str]:
    statements = []
    for table, short, _ids in _TABLES:
        for suffix, event, _which, _referencing in _EVENTS:
            rows = {"ins": ("NEW",), "upd": ("OLD", "NEW"), "del": ("OLD",)}[suffix]
            body = "".join(_SQLITE_RECOMPUTE.format(cid=_SQLITE_CONTRACT[(short, row)]) for row in rows)
            statements.append(f"CREATE TRIGGER settlements_balance_{short}_{suffix} AFTER {event} ON {table} "
                              f"FOR EACH ROW BEGIN{body}END;")
    return statements


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS settlements_balance_{short}_{suffix};"
            for _table, short, _ids in _TABLES for suffix, *_rest in _EVENTS]


_SQLITE_FILL = _SQLITE_SELECT.format(where="true")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [*_pg_create(), _PG_FILL]
    elif vendor == "sqlite":
        statements = [*_sqlite_create(), _SQLITE_FILL]
    else:  # pragma: no cover — the project runs on these two
        raise RuntimeError(f"no contract-balance triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _pg_drop() if vendor == "postgresql" else _sqlite_drop()
    for statement in [*statements, "DELETE FROM settlements_contractbalance"]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("settlements", "0005_contract_balance")]

    operations = [migrations.RunPython(create, drop)]
