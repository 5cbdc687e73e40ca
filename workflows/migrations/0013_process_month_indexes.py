"""Indexes of the processes by flow and the day they were started or finished (issue 20,
pages): the dashboard counts each flow's processes started and finished this month over a
range of instants, so it reads the month's processes only, not every process ever run.
viewflow's process table has no such index: created here in SQL, like 0012."""

from django.db import migrations

INDEXES = {
    "workflows_process_flow_created": "viewflow_process (flow_class, created)",
    "workflows_process_flow_finished": "viewflow_process (flow_class, finished)",
}


class Migration(migrations.Migration):

    dependencies = [
        ("workflows", "0012_open_human_task_index"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table}", f"DROP INDEX IF EXISTS {name}")
        for name, table in INDEXES.items()
    ]
