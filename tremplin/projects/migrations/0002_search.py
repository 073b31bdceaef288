"""PostgreSQL only (a no-op on SQLite): the trigram index that serves the search's
`search_text LIKE '%word%'` (and "|skill|") when a word is rare, and a partial index
over open projects in id order, so that a page (LIMIT 21) walks it and stops
(tremplin.projects.queries.search; measured in bench/projects_search.py)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS project_search_trgm "
    "ON projects_project USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS project_open_newest ON projects_project (id DESC) "
    "WHERE status = 'open'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS project_search_trgm",
    "DROP INDEX IF EXISTS project_open_newest",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
