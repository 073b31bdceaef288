"""PostgreSQL only (a no-op on SQLite): the trigram indexes that serve the person
picker's match, `UPPER(display_name::text) LIKE '%WORD%'` or `UPPER(handle::text) LIKE
'WORD%'` (the SQL Django writes for `icontains` and `istartswith`), so that a rare name
is found without reading every profile (tremplin.profiles.picker)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS profile_name_trgm "
    "ON profiles_profile USING gin ((UPPER(display_name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS profile_handle_trgm "
    "ON profiles_profile USING gin ((UPPER(handle::text)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS profile_name_trgm",
    "DROP INDEX IF EXISTS profile_handle_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_profile_open_to_collaborate")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
