"""SQLite only (a no-op on PostgreSQL, whose GIN index on the tsvector does the same):
an FTS5 index of the search documents' words, `job_alerts_postingwords` (rowid = the
posting's id), so that Jobs for you finds the postings naming one of a member's roles or
skills without testing every document (a LIKE over 50,000 documents: 70 ms and more).
Written by `documents.index_posting` with the document; filled here from the documents
there already are."""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS job_alerts_postingwords USING fts5(text)",
    "INSERT INTO job_alerts_postingwords (rowid, text) "
    "SELECT posting_id, text FROM job_alerts_postingdocument",
]
BACKWARD = ["DROP TABLE IF EXISTS job_alerts_postingwords"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("job_alerts", "0005_jobs_for_you")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
