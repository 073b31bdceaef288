"""Tokens end and are scoped per area (issue 15).

Existing tokens keep the power they had, spelled in the new scopes (a read token reads
every area, a write token reads and writes every area), and end 90 days after this
migration, so that no token lives forever; their owners can replace them with narrower
ones. The area list is copied here on purpose: a migration must not change when the
code's list does."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


AREAS = [
    "profile",
    "network",
    "feed",
    "messages",
    "vault",
    "counselling",
    "casework",
    "jobs",
    "applications",
]


def forwards(apps, schema_editor):
    Token = apps.get_model("api", "PersonalAccessToken")
    ends = timezone.now() + timedelta(days=90)
    for token in Token.objects.all().iterator():
        accesses = ["read", "write"] if token.can_write else ["read"]
        token.scopes = [f"{area}:{access}" for area in AREAS for access in accesses]
        token.expires_at = ends
        token.save(update_fields=["scopes", "expires_at"])


def backwards(apps, schema_editor):
    Token = apps.get_model("api", "PersonalAccessToken")
    for token in Token.objects.all().iterator():
        token.can_write = any(scope.endswith(":write") for scope in token.scopes or [])
        token.save(update_fields=["can_write"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_tokens_end_and_have_scopes_per_area"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
