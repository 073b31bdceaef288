"""What the notifications app holds about a member: the notifications they received
and their preferences. Erased: those, and every notification they caused in others'
lists (an excerpt of their words, their name as the actor)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tremplin.core.personal_data import plain_rows
from tremplin.notifications.models import Notification, Preference


def export(user: Any) -> dict[str, Any]:
    received = Notification.objects.filter(recipient=user).order_by("created", "pk")
    return {
        "notifications": plain_rows(
            received,
            exclude=("recipient", "recent_actor_ids", "email_claimed_at", "email_round"),
        ),
        "preferences": plain_rows(Preference.objects.filter(user=user), exclude=("user",)),
    }


def erase(user: Any) -> int:
    changed = Notification.objects.filter(Q(recipient=user) | Q(actor=user)).delete()[0]
    changed += Preference.objects.filter(user=user).delete()[0]
    return changed
