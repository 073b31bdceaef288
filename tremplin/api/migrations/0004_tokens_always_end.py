"""Every token has an end date now (0003 gave the old ones theirs); `can_write` is
replaced by the scopes."""

from django.db import migrations, models

import tremplin.api.models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_existing_tokens_keep_their_power_for_90_days"),
    ]

    operations = [
        migrations.AlterField(
            model_name="personalaccesstoken",
            name="expires_at",
            field=models.DateTimeField(
                default=tremplin.api.models.default_expiry, verbose_name="expires"
            ),
        ),
        migrations.RemoveField(
            model_name="personalaccesstoken",
            name="can_write",
        ),
    ]
