"""The tokens made before issue 15 keep the power they had, spelled in scopes, and end
90 days after the migration (api/migrations/0003)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory

BEFORE = [("api", "0001_initial")]
AFTER = [("api", "0004_tokens_always_end")]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_old_tokens_get_their_power_as_scopes_and_an_end():
    member = UserFactory(email="ancien@example.org")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("api", "PersonalAccessToken")
    old.objects.create(user_id=member.pk, name="r", hint="trp_r", token_hash="r" * 64)
    old.objects.create(
        user_id=member.pk, name="w", hint="trp_w", token_hash="w" * 64, can_write=True
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from tremplin.api.models import PersonalAccessToken

    # The areas as the migration froze them (later areas are not given to old tokens).
    AREAS = importlib.import_module(
        "tremplin.api.migrations.0003_existing_tokens_keep_their_power_for_90_days"
    ).AREAS

    reader = PersonalAccessToken.objects.get(name="r")
    writer = PersonalAccessToken.objects.get(name="w")
    assert reader.scopes == [f"{area}:read" for area in AREAS]
    assert writer.scopes == [f"{area}:{a}" for area in AREAS for a in ("read", "write")]
    in_90_days = timezone.now() + datetime.timedelta(days=90)
    for token in (reader, writer):
        assert abs(token.expires_at - in_90_days) < datetime.timedelta(minutes=5)
