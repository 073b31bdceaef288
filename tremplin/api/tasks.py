"""The email that tells a member a token was made on their account: the task takes the
token's id and reads the rest when it runs (no secret in the task table: the raw token
is never stored anywhere)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tremplin.api.models import PersonalAccessToken
from tremplin.api.scopes import AREAS
from tremplin.core import email


def _areas(scopes: list[str]) -> list[str]:
    """Each area the token may use, with its access, in the active language."""
    lines = []
    for area, label in AREAS.items():
        if f"{area}:write" in scopes:
            lines.append(_("%(area)s: read and write") % {"area": label})
        elif f"{area}:read" in scopes:
            lines.append(_("%(area)s: read only") % {"area": label})
    return lines


@task()
def tell_token_created(token_id: int) -> None:
    token = PersonalAccessToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        return
    user = token.user
    with translation.override(user.language):
        context = {
            "name": token.name,
            "hint": token.hint,
            "areas": _areas(token.scopes),
            "created": timezone.localtime(token.created).strftime("%Y-%m-%d %H:%M %Z"),
            "expires": timezone.localtime(token.expires_at).strftime("%Y-%m-%d"),
            "tokens_path": reverse("accounts:tokens"),
        }
    email.send(user.email, "email/token_created", context, user.language)
