"""Store the search vector instead of recomputing it (PostgreSQL only).

Measured on 19,000 generated minutes (about 4 KB of text each), recomputing
`to_tsvector('simple', bienban_unaccent(search_document))` costs about 0.9 ms
per document: ranking the matches of a common word took 28 s, and the planner
even preferred a sequential scan for the count. The same expression is now a
stored generated column, kept in step by PostgreSQL whenever search_document
changes, with the GIN index on it; minutes.search reads the column. Django's
model does not know the column, so no Python code writes it.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS meeting_search_fts",
    """
    ALTER TABLE minutes_meeting ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', bienban_unaccent(search_document))) STORED
    """,
    "CREATE INDEX IF NOT EXISTS meeting_search_vector ON minutes_meeting USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS meeting_search_vector",
    "ALTER TABLE minutes_meeting DROP COLUMN IF EXISTS search_vector",
    """
    CREATE INDEX IF NOT EXISTS meeting_search_fts ON minutes_meeting
    USING gin (to_tsvector('simple', bienban_unaccent(search_document)))
    """,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("minutes", "0006_oversight_progress_time")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
