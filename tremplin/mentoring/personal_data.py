"""What the mentoring app holds about a member: their mentorships (as mentor or mentee)
and proposals, with the messages they wrote; the goals, sessions and terms of those
mentorships; the notes, ratings and survey answers they wrote (never the other party's
private notes or comments); their programme enrolments with their intake answers and
goals, and their mentor profile. All of it goes with the account (a mentor's document
access ends with it; deleting a mentorship deletes its goals, sessions, notes and
feedback); a coordinator leaves the programmes they coordinated, which stay with the
agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tremplin.core.personal_data import when
from tremplin.mentoring.models import (
    Enrolment,
    Goal,
    MentorProfile,
    Mentorship,
    Note,
    Programme,
    Rating,
    Session,
    SurveyAnswer,
)


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
        "programme_enrolments": [
            {
                "programme": e.programme.name,
                "side": e.side,
                "status": e.status,
                "intake": [{"question": q, "answer": a} for q, a in e.intake()],
                "goals": e.goals,
                "wanted_skills": e.wanted_skills,
                "sectors": e.sectors,
                "languages": e.languages,
                "region": e.region,
                "created": when(e.created),
            }
            for e in Enrolment.objects.filter(user=user).select_related("programme")
        ],
        "mentor_profile": _profile(user),
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


def _profile(user: Any) -> dict[str, Any] | None:
    found = MentorProfile.objects.filter(user=user).first()
    if found is None:
        return None
    fields = ("offer", "skills", "sectors", "trades", "languages", "region", "in_person",
              "online", "max_mentees", "paused")  # fmt: skip
    return {name: getattr(found, name) for name in fields}


def erase(user: Any) -> int:
    deleted, _by_model = _theirs(user).delete()
    deleted += Enrolment.objects.filter(user=user).delete()[0]
    deleted += MentorProfile.objects.filter(user=user).delete()[0]
    for programme in Programme.objects.filter(coordinators=user):
        programme.coordinators.remove(user)
    return deleted
