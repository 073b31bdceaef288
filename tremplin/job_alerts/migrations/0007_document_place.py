"""The posting's place (region, workplace) copied onto its search document, so Jobs for
you keeps the documents in a member's place before it reads their postings. Existing
documents are filled from their postings; `documents.index_posting` writes both from
now on."""

from django.db import migrations, models

FILL = """
UPDATE job_alerts_postingdocument SET
    region = (SELECT p.region FROM jobs_posting p WHERE p.id = posting_id),
    workplace = (SELECT p.workplace FROM jobs_posting p WHERE p.id = posting_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("job_alerts", "0006_sqlite_word_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="postingdocument",
            name="region",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
        migrations.AddField(
            model_name="postingdocument",
            name="workplace",
            field=models.CharField(blank=True, default="", max_length=8),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
