"""PostgreSQL only (a no-op on SQLite): a covering index for job search.

A search for a rare word starts from the matching documents and looks each posting up
by id to test the visibility rule and the filters (job_alerts.search). With the columns
those tests read included, each look-up is an index-only scan instead of a visit to the
posting's row, which holds the long descriptions: "comptable" with a region and a
salary went from 9 ms to 7.3 ms in PostgreSQL on the benchmark's data (bench/README.md).
SQLite has no covering indexes (and no such search plan).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS posting_search_cover ON jobs_posting (id) INCLUDE "
    "(status, audience, region, salary_min_yearly, date_posted, agency_id, "
    "organization_id, posted_by_id, workplace, employment_type)",
]
BACKWARD = ["DROP INDEX IF EXISTS posting_search_cover"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
