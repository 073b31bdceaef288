"""Emails of the communities part, queued in the database: each task takes a log row's
id and builds the email when it runs, in the member's language (no address, name or
reason sits in the task row)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task

from tremplin.communities.models import ModerationAction
from tremplin.communities.services import member_notices
from tremplin.core import email
from tremplin.notifications.services import delivery_for

TEMPLATES = {
    ModerationAction.Action.REMOVE_MEMBER: "communities/community/email/removed",
    ModerationAction.Action.BAN: "communities/community/email/banned",
}


@task()
def tell_member(action_id: int) -> bool:
    """Email a removed or banned member the community's name and the reason (never the
    moderator). Skipped when they asked for this kind's notifications by email, which
    already carry it."""
    action = (
        ModerationAction.objects.select_related("community", "target_user")
        .filter(pk=action_id, action__in=list(TEMPLATES))
        .first()
    )
    if action is None or action.target_user is None or not action.target_user.is_active:
        return False
    member = action.target_user
    if delivery_for(member, member_notices.REMOVED) == "email":
        return False
    language = member.language or settings.LANGUAGE_CODE
    with translation.override(language):
        name = action.community.name
    context = {"community": name, "reason": action.reason}
    email.send(member.email, TEMPLATES[ModerationAction.Action(action.action)], context, language)
    return True
