"""What the mentoring app holds about a member: their mentorships (as mentor or mentee)
and proposals, with the messages they wrote; the goals, sessions and terms of those
mentorships; the notes, ratings and survey answers they wrote (never the other party's
private notes or comments). All of it goes with the account (a mentor's document access
ends with it; deleting a mentorship deletes its goals, sessions, notes and feedback)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tremplin.core.personal_data import when
from tremplin.mentoring.models import Goal, Mentorship, Note, Rating, Session, SurveyAnswer


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
        ],
        **_content(user),
    }


def _content(user: Any) -> dict[str, Any]:
    theirs = _theirs(user)
    return {
        "goals": [
            {"title": g.title, "met": g.done, "created": when(g.created)}
            for g in Goal.objects.filter(mentorship__in=theirs)
        ],
        "sessions": [
            {
                "starts_at": when(s.starts_at),
                "minutes": s.minutes,
                "status": s.status,
                "place": s.place,
                "link": s.link,
                "agenda": s.agenda,
            }
            for s in Session.objects.filter(mentorship__in=theirs)
        ],
        "notes": [
            {"body": n.body, "private": n.private, "created": when(n.created)}
            for n in Note.objects.filter(author=user)
        ],
        "ratings": [
            {"score": r.score, "comment": r.comment, "created": when(r.created)}
            for r in Rating.objects.filter(author=user)
        ],
        "surveys": [
            {"kind": a.kind, "answers": a.answers, "comment": a.comment, "created": when(a.created)}
            for a in SurveyAnswer.objects.filter(author=user)
        ],
    }


def erase(user: Any) -> int:
    deleted, _by_model = _theirs(user).delete()
    return deleted
