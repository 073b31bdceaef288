"""PostgreSQL only (a no-op on SQLite): the trigram index that serves the directory's
search, `search_text LIKE '%word%'`, and one partial index per order of the directory
over the listed communities, so that a page (LIMIT 25) walks the order and stops, where a
sort would read every listed community (tremplin.communities.queries.directory)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS community_search_trgm "
    "ON communities_community USING gin (search_text gin_trgm_ops)",
    *(
        f"CREATE INDEX IF NOT EXISTS community_listed_{name} ON communities_community "
        f"({columns}) WHERE archived IS NULL "
        "AND visibility IN ('public', 'members', 'private')"
        for name, columns in (
            ("largest", "member_count DESC, id"),
            ("active", "last_activity DESC, id DESC"),
            ("newest", "created DESC, id DESC"),
        )
    ),
]
BACKWARD = [
    "DROP INDEX IF EXISTS community_search_trgm",
    *(f"DROP INDEX IF EXISTS community_listed_{name}" for name in ("largest", "active", "newest")),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
