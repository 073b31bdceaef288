"""The email that tells a member a token was made on their account: a task takes the
token's id and reads the rest when it runs (no secret in the task table: the raw token
is never stored anywhere)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from tremplin.api.models import PersonalAccessToken
from tremplin.api.scopes import AREAS
from tremplin.core import email


@task()
def tell_token_created(token_id: int) -> None:
    token = PersonalAccessToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        return
    user = token.user
    with translation.override(user.language):
        tokens_path = reverse("accounts:tokens")
        areas = [
            f"{AREAS[area]} ({', '.join(_accesses(token.scopes, area))})"
            for area in AREAS
            if f"{area}:read" in token.scopes or f"{area}:write" in token.scopes
        ]
    context = {
        "name": token.name,
        "hint": token.hint,
        "areas": [str(a) for a in areas],
        "created": timezone.localtime(token.created).strftime("%Y-%m-%d %H:%M %Z"),
        "expires": timezone.localtime(token.expires_at).strftime("%Y-%m-%d"),
        "tokens_path": tokens_path,
    }
    email.send(user.email, "email/token_created", context, user.language)


def _accesses(scopes: list[str], area: str) -> list[str]:
    return [
        str(label)
        for access, label in (("read", translation.gettext("read")), ("write", translation.gettext("write")))
        if f"{area}:{access}" in scopes
    ]
