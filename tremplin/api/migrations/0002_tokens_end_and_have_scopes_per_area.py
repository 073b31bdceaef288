"""Tokens end and are scoped per area (issue 15): the new columns. 0003 fills them for the
existing tokens, 0004 makes the end date required and drops `can_write` (separate
migrations, so PostgreSQL never alters a table with row changes pending)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="personalaccesstoken",
            name="scopes",
            field=models.JSONField(default=list, verbose_name="scopes"),
        ),
        migrations.AddField(
            model_name="personalaccesstoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="personalaccesstoken",
            name="last_used_ip",
            field=models.GenericIPAddressField(
                blank=True, null=True, verbose_name="last used from"
            ),
        ),
    ]
