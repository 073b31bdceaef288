"""Ranking mentors for one mentee, within a bounded candidate set.

DESIGN.md "Hot paths": rank within a bounded candidate set selected by indexed filters.
The candidates are the mentor profiles sharing at least one item with the mentee (a
wanted skill, a sector, a word of their goals, a language) through the
`mentor_offer_lookup` index on `(kind, value, profile)`, restricted to the programme's
enrolled mentors who are not paused, ordered by how many items they share, `CANDIDATES`
at most. Only those are scored in Python (`scoring.score`), so a ranking's cost does not
grow with the number of mentors (bench/mentoring_match.py: 20,000 profiles).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from tremplin.mentoring.models import (
    Enrolment,
    EnrolmentStatus,
    MentorOffer,
    MentorProfile,
    OfferKind,
    Programme,
    Side,
)
from tremplin.mentoring.queries.programmes import places_left
from tremplin.mentoring.scoring import MenteeFeatures, MentorFeatures, Score, score
from tremplin.profiles.models import Profile

CANDIDATES = 200
SHOWN = 20


def mentee_features(enrolment: Enrolment) -> MenteeFeatures:
    return MenteeFeatures(
        user_id=enrolment.user_id,
        wanted=frozenset(enrolment.wanted_skills or []),
        sectors=frozenset(enrolment.sectors or []),
        goals=enrolment.goals or "",
        languages=frozenset(enrolment.languages or []),
        region=enrolment.region or "",
        online=enrolment.online,
    )


def mentor_features(profile: MentorProfile, places: int) -> MentorFeatures:
    return MentorFeatures(
        user_id=profile.user_id,
        skills=frozenset(profile.skills or []),
        sectors=frozenset(profile.sectors or []),
        trades=frozenset(profile.trades or []),
        languages=frozenset(profile.languages or []),
        region=profile.region,
        in_person=profile.in_person,
        online=profile.online,
        places_left=places,
    )


def _items_q(mentee: MenteeFeatures) -> Q:
    words = set(mentee.wanted) | set(mentee.goal_words)
    q = Q(kind__in=(OfferKind.SKILL, OfferKind.TRADE), value__in=sorted(words))
    if mentee.sectors:
        q |= Q(kind=OfferKind.SECTOR, value__in=sorted(mentee.sectors))
    if mentee.languages:
        q |= Q(kind=OfferKind.LANGUAGE, value__in=sorted(mentee.languages))
    return q


def candidate_ids(
    mentee: MenteeFeatures, programme: Programme | None, viewer: Any = None
) -> list[int]:
    """Mentor profile ids sharing most items with the mentee, `CANDIDATES` at most."""
    offers = MentorOffer.objects.filter(_items_q(mentee), profile__paused=False).exclude(
        profile__user_id=mentee.user_id
    )
    if programme is not None:
        enrolled = Enrolment.objects.filter(
            programme=programme, side=Side.MENTOR, status=EnrolmentStatus.ENROLLED
        ).values("user_id")
        offers = offers.filter(profile__user_id__in=enrolled)
    if viewer is not None:
        offers = offers.filter(
            profile__user_id__in=Profile.objects.visible_to(viewer).values("user")
        )
    rows = (
        offers.values("profile_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "profile_id")[:CANDIDATES]
    )
    return [row["profile_id"] for row in rows]


def rank(
    mentee: MenteeFeatures,
    programme: Programme | None,
    viewer: Any = None,
    limit: int = SHOWN,
) -> list[tuple[MentorProfile, Score]]:
    """The best-fitting mentors for `mentee`, best first, with their reasons. `viewer`
    (the mentee browsing) keeps only mentors whose profile they may see; a coordinator
    ranks among the programme's enrolled mentors (their enrolments are theirs to see)."""
    ids = candidate_ids(mentee, programme, viewer)
    profiles = list(
        MentorProfile.objects.filter(pk__in=ids).select_related("user__profile").order_by("pk")
    )
    places = places_left([p.user_id for p in profiles])
    scored = []
    for profile in profiles:
        left = places.get(profile.user_id, 0)
        if left <= 0:
            continue
        found = score(mentor_features(profile, left), mentee)
        if found.fit:
            scored.append((profile, found))
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].pk))
    return scored[:limit]
