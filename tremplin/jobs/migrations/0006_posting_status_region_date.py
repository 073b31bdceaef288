"""The newest open postings of one region, read in order (Jobs for you walks them when
the member does not take remote work)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_posting_screening_questions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(
                fields=["status", "region", "-date_posted", "-id"],
                name="posting_status_region_date",
            ),
        ),
    ]
