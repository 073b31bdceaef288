"""What the mentoring app holds about a member: their mentorships (as mentor or mentee)
and proposals, with the messages they wrote. All of it goes with the account (a
mentor's document access ends with it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tremplin.core.personal_data import when
from tremplin.mentoring.models import Mentorship


def _theirs(user: Any) -> Any:
    return Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user) | Q(invited_by=user))


def export(user: Any) -> dict[str, Any]:
    rows = _theirs(user).select_related("mentor__profile", "mentee__profile")
    return {
        "mentorships": [
            {
                "role": "mentor" if m.mentor_id == user.pk else "mentee",
                "with": (m.mentee if m.mentor_id == user.pk else m.mentor).display_name,
                "status": m.status,
                "message": m.message if m.invited_by_id == user.pk else "",
                "created": when(m.created),
                "started_at": when(m.started_at),
                "ended_at": when(m.ended_at),
            }
            for m in rows
        ]
    }


def erase(user: Any) -> int:
    deleted, _by_model = _theirs(user).delete()
    return deleted
