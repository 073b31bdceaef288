"""The read path of mentoring: the viewer's mentorships (found only through
`Mentorship.objects.visible_to`), as the page and the API list them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.mentoring.models import Mentorship, MentorshipQuerySet, MentorshipStatus
from tremplin.mentoring.scoring import reason_sentences
from tremplin.profiles.models import Profile

LIST_CAP = 100
PAST_CAP = 50
API_CAP = 200


def mentorships_of(viewer: Any) -> MentorshipQuerySet:
    """Every mentorship the viewer may see, with both parties' names."""
    return Mentorship.objects.visible_to(viewer).for_display()


def mentorship_or_404(viewer: Any, pk: int) -> Mentorship:
    return visible_or_404(mentorships_of(viewer), pk=pk)


def listed(viewer: Any) -> QuerySet[Mentorship]:
    """The API's list: newest first."""
    return mentorships_of(viewer).order_by("-created", "-pk")[:API_CAP]


def member_or_none(viewer: Any, handle: str) -> Any:
    """The member behind a profile address the viewer may see, or None."""
    found = Profile.objects.visible_to(viewer).select_related("user").filter(handle=handle).first()
    return found.user if found else None


def home(user: Any) -> dict[str, Any]:
    """The "My mentoring" page's lists, and which other parties' profiles may be linked."""
    open_ = mentorships_of(user).open()
    invited = open_.filter(status=MentorshipStatus.INVITED).order_by("-created")
    waiting = list(invited.filter(coordinated=False).exclude(invited_by=user)[:LIST_CAP])
    proposed = list(invited.filter(invited_by=user, coordinated=False)[:LIST_CAP])
    # A programme coordinator's matches: both sides answer (see models/mentorships.py).
    matches = list(invited.filter(coordinated=True).select_related("programme")[:LIST_CAP])
    active = open_.filter(status=MentorshipStatus.ACTIVE).order_by("-started_at")
    mentors = list(active.filter(mentee=user)[:LIST_CAP])
    mentees = list(active.filter(mentor=user)[:LIST_CAP])
    past = list(mentorships_of(user).ended().order_by("-ended_at", "-pk")[:PAST_CAP])
    listed = waiting + proposed + matches + mentors + mentees + past
    others = {m.other_party(user).pk for m in listed}
    linkable = set(
        Profile.objects.visible_to(user).filter(user__in=others).values_list("user", flat=True)
    )
    return {
        "waiting": waiting,
        "matches": [(m, reason_sentences(m.match_reasons)) for m in matches],
        "proposed": proposed,
        "mentors": mentors,
        "mentees": mentees,
        "past": past,
        "linkable": linkable,
    }
