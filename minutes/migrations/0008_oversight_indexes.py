"""Indexes for the filters of the oversight pages (see README, "Oversight across cells").

Every statistic, the follow-up board and the dashboard read "minutes in force":
approved and not superseded. A partial index holds exactly those meetings, by
cell and date (with the id, so joins to it are answered from the index). The
meeting table belongs to minutes.models.meeting, so the index is plain SQL
(both PostgreSQL and SQLite support partial indexes) and the model state does
not change.
"""

from django.db import migrations

IN_FORCE = (
    "CREATE INDEX IF NOT EXISTS meeting_in_force ON minutes_meeting (cell_id, date, id) "
    "WHERE status = 'approved' AND superseded_at IS NULL"
)
# The follow-up board's default tab: actions not yet verified. Verified ones pile
# up year after year; this index stays the size of what is still being followed.
TRACKED = (
    "CREATE INDEX IF NOT EXISTS action_tracked ON minutes_correctiveaction (deadline, id) "
    "WHERE status IN ('open', 'in_progress', 'done')"
)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0007_oversight_search_vector")]

    operations = [
        migrations.RunSQL(IN_FORCE, "DROP INDEX IF EXISTS meeting_in_force"),
        migrations.RunSQL(TRACKED, "DROP INDEX IF EXISTS action_tracked"),
    ]
