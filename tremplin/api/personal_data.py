"""What the API app holds about a member: their personal access tokens (never the
token or its digest)."""

from __future__ import annotations

from typing import Any

from tremplin.api.models import PersonalAccessToken
from tremplin.core.personal_data import plain_rows


def export(user: Any) -> dict[str, Any]:
    tokens = PersonalAccessToken.objects.filter(user=user).order_by("created")
    return {"tokens": plain_rows(tokens, exclude=("user",))}


def erase(user: Any) -> int:
    deleted, _by_model = PersonalAccessToken.objects.filter(user=user).delete()
    return deleted
