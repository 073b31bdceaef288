"""PostgreSQL only (a no-op on SQLite): the unaccent extension and the GIN index on the
search documents' tsvector."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE INDEX IF NOT EXISTS postingdocument_vector_gin "
    "ON job_alerts_postingdocument USING gin (vector)",
]
BACKWARD = ["DROP INDEX IF EXISTS postingdocument_vector_gin"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("job_alerts", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
