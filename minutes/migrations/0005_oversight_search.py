"""Accent-insensitive full-text search on PostgreSQL (minutes.search).

`unaccent()` is only STABLE (its dictionary could change), so an index cannot
use it directly: `bienban_unaccent` wraps it with the dictionary named, as
IMMUTABLE. The GIN index is on exactly the expression minutes.search queries.
Other databases get nothing here: they search `SearchEntry.folded`.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE OR REPLACE FUNCTION bienban_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
    """
    CREATE INDEX IF NOT EXISTS meeting_search_fts ON minutes_meeting
    USING gin (to_tsvector('simple', bienban_unaccent(search_document)))
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS meeting_search_fts",
    "DROP FUNCTION IF EXISTS bienban_unaccent(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("minutes", "0004_oversight_campaigns_progress_figures")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
