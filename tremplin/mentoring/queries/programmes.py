"""The read path of programmes: the lists and single objects pages and API share, each
found through its model's `visible_to` (anything else: 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    MentorProfile,
    Mentorship,
    MentorshipStatus,
    Programme,
    ProgrammeQuerySet,
    Side,
)
from tremplin.organizations.models import Organization, Role

LIST_CAP = 100
ROSTER_CAP = 1000


def programmes_for(viewer: Any) -> ProgrammeQuerySet:
    return Programme.objects.visible_to(viewer).for_display()


def programme_list(viewer: Any) -> list[Programme]:
    return list(programmes_for(viewer).order_by("-starts_on", "-pk")[:LIST_CAP])


def programme_or_404(viewer: Any, pk: int) -> Programme:
    return visible_or_404(programmes_for(viewer), pk=pk)


def coordinated_or_404(viewer: Any, pk: int) -> Programme:
    """A programme the viewer coordinates (its coordinator pages), else 404."""
    return visible_or_404(programmes_for(viewer).filter(coordinators=viewer), pk=pk)


def my_enrolments(viewer: Any, programme: Programme) -> dict[str, Enrolment]:
    """{side: the viewer's enrolment} in `programme`."""
    rows = Enrolment.objects.visible_to(viewer).filter(programme=programme, user=viewer)
    return {e.side: e for e in rows}


def enrolment_or_404(viewer: Any, pk: int) -> Enrolment:
    return visible_or_404(Enrolment.objects.visible_to(viewer).for_display(), pk=pk)


def roster(viewer: Any, programme: Programme, side: str) -> list[Enrolment]:
    """The enrolled members of one side, as its coordinators see them."""
    rows = (
        Enrolment.objects.visible_to(viewer)
        .for_display()
        .filter(programme=programme, side=side, status=EnrolmentStatus.ENROLLED)
        .order_by("user__profile__display_name", "pk")
    )
    return list(rows[:ROSTER_CAP])


def programme_matches(viewer: Any, programme: Programme) -> QuerySet[Mentorship]:
    """The programme's mentorships as its coordinators see them (not a party's rule:
    a coordinator is not a party, so this is only for `coordinated_or_404` programmes)."""
    if not programme.is_coordinator(viewer):
        return Mentorship.objects.none()
    return Mentorship.objects.filter(programme=programme).for_display()


def matched_mentees(programme: Programme) -> set[int]:
    """Mentees with an open mentorship in the programme (not to be matched again)."""
    return set(
        Mentorship.objects.filter(programme=programme, status__in=OPEN_STATUSES).values_list(
            "mentee_id", flat=True
        )
    )


def places_left_expression() -> Any:
    """On mentor profile rows: `max_mentees` less their open mentorships as mentor (every
    programme and none), negative when over; a subquery per row, so that a ranking can
    filter on it in the query that reads its candidates."""
    taken = (
        Mentorship.objects.filter(mentor=OuterRef("user_id"), status__in=OPEN_STATUSES)
        .order_by()
        .values("mentor")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return F("max_mentees") - Coalesce(Subquery(taken), 0)


def places_left(user_ids: list[int]) -> dict[int, int]:
    """{mentor id: places left} (`places_left_expression`), one query."""
    profiles = (
        MentorProfile.objects.filter(user_id__in_ids=user_ids)
        .annotate(left=places_left_expression())
        .values_list("user_id", "left")
    )
    return {uid: max(0, left) for uid, left in profiles}


def mentor_profile_of(user: Any) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).first()


def dashboard_counts(programme: Programme) -> dict[str, int]:
    """The coordinator's figures (their own programme; not published, not suppressed)."""
    rows = Mentorship.objects.filter(programme=programme).aggregate(
        waiting=Count("pk", filter=Q(status=MentorshipStatus.INVITED)),
        active=Count("pk", filter=Q(status=MentorshipStatus.ACTIVE)),
        ended=Count("pk", filter=Q(status=MentorshipStatus.ENDED, started_at__isnull=False)),
        refused=Count("pk", filter=Q(status=MentorshipStatus.ENDED, started_at__isnull=True)),
    )
    enrolled = programme.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    rows["mentors"] = enrolled.filter(side=Side.MENTOR).count()
    rows["mentees"] = enrolled.filter(side=Side.MENTEE).count()
    return rows


def enrolled_member(programme: Programme, handle: str, side: str) -> Any:
    """The member behind `handle` enrolled on `side` of `programme`, or None."""
    found = (
        Enrolment.objects.enrolled()
        .filter(programme=programme, side=side, user__profile__handle=handle)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def mentor_profile_initial(found: MentorProfile | None) -> dict[str, Any]:
    """The mentor profile form's values (lists joined by commas)."""
    if found is None:
        return {"in_person": True, "online": True, "max_mentees": 2, "languages": ["fr"]}
    return {
        "offer": found.offer,
        "skills": ", ".join(found.skills),
        "trades": ", ".join(found.trades),
        "sectors": found.sectors,
        "languages": found.languages,
        "region": found.region,
        "in_person": found.in_person,
        "online": found.online,
        "max_mentees": found.max_mentees,
        "paused": found.paused,
    }


def waiting_matches(viewer: Any, programme: Programme) -> list[Mentorship]:
    return list(
        programme_matches(viewer, programme)
        .filter(status=MentorshipStatus.INVITED)
        .order_by("-created", "-pk")[:ROSTER_CAP]
    )


def mentee_enrolment_or_404(viewer: Any, programme: Programme, user_id: int) -> Enrolment:
    """An enrolled mentee's enrolment in `programme`, as the viewer may see it, or 404."""
    rows = Enrolment.objects.visible_to(viewer).for_display().enrolled()
    return visible_or_404(rows, programme=programme, side=Side.MENTEE, user_id=user_id)


def staff_agencies(user: Any) -> list[Organization]:
    """The agencies where `user` is staff (admin or counsellor): where they may run a
    programme."""
    viewer = viewer_of(user)
    ids = viewer.organization_ids(role=Role.ADMIN) | viewer.organization_ids(role=Role.COUNSELLOR)
    return list(Organization.objects.agencies().filter(pk__in=ids).order_by("name"))


def staff_agency(user: Any, slug: str) -> Organization | None:
    return next((a for a in staff_agencies(user) if a.slug == slug), None)


def matches_for_display(ids: list[int]) -> list[Mentorship]:
    return list(Mentorship.objects.filter(pk__in=ids).for_display().order_by("pk"))
