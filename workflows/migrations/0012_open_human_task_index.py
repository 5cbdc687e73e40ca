"""An index of the open human tasks by owner (issue 20, pages): the inbox reads the tasks of
its user and the unassigned ones (``status`` open, ``flow_task_type`` HUMAN, ``owner`` the user
or none), the dashboard counts the open ones per flow and person. viewflow's task table has no
index but its keys; this partial one holds only the open human tasks, so it stays small while
the done ones accumulate. The table is viewflow's: the index is created here in SQL (PostgreSQL
and SQLite both know partial indexes)."""

from django.db import migrations

INDEX = "workflows_open_human_task_owner"


class Migration(migrations.Migration):

    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0011_restriction_process"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON viewflow_task (owner_id, flow_task) "
            "WHERE status IN ('NEW', 'ASSIGNED', 'STARTED') AND flow_task_type = 'HUMAN'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
