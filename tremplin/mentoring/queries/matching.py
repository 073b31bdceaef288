"""Ranking mentors for one mentee, within a bounded candidate set.

DESIGN.md "Hot paths": rank within a bounded candidate set selected by indexed filters.
The candidates are the mentor profiles sharing at least one item with the mentee (a
wanted skill, a sector, a word of their goals) through the `mentor_offer_lookup` index
on `(kind, value, profile)`, restricted to the programme's enrolled mentors who are not
paused, ordered by how many items they share, `CANDIDATES` at most (`candidate_ids`
says how broad items are bounded). Only those are scored in Python (`scoring.score`),
so a ranking's cost does not grow with the number of mentors (bench/mentoring_match.py:
20,000 profiles).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from tremplin.availability.queries import weeks_of
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

CANDIDATES = 100
SMALL_PROGRAMME = 300
BROAD_CAP = 300
GOAL_WORDS = 8
SHOWN = 20
# What scoring and the ranked list read (not the rest of the user and profile rows).
RANKED_FIELDS = (
    "user_id", "offer", "skills", "sectors", "trades", "languages", "region", "in_person",
    "online", "paused", "user__id", "user__profile__id", "user__profile__handle",
    "user__profile__display_name",
)  # fmt: skip


def mentee_features(
    enrolment: Enrolment, week: Sequence[tuple[int, int]] | None = None
) -> MenteeFeatures:
    """The mentee's side of a score; their week is read unless the caller (a cohort,
    reading hundreds at once) passes it."""
    if week is None:
        week = weeks_of([enrolment.user_id]).get(enrolment.user_id, [])
    return MenteeFeatures(
        user_id=enrolment.user_id,
        wanted=frozenset(enrolment.wanted_skills or []),
        sectors=frozenset(enrolment.sectors or []),
        goals=enrolment.goals or "",
        languages=frozenset(enrolment.languages or []),
        region=enrolment.region or "",
        online=enrolment.online,
        week=tuple(week),
    )


def mentor_features(
    profile: MentorProfile, places: int, week: Sequence[tuple[int, int]] = ()
) -> MentorFeatures:
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
        week=tuple(week),
    )


def _enrolled_mentors(programme: Programme) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        programme=programme, side=Side.MENTOR, status=EnrolmentStatus.ENROLLED
    )


def _shared_items(mentee: MenteeFeatures) -> Counter[int]:
    """{mentor profile id: items shared}, read from the `(kind, value, profile)` index
    alone (no join: see `candidate_ids`), in one query: each item's lookup is a part of
    a UNION ALL (as separate queries, their round trips cost more than their reading)."""
    offers = MentorOffer.objects.all()
    parts: list[QuerySet[MentorOffer]] = []
    if mentee.wanted:
        parts.append(offers.filter(kind=OfferKind.SKILL, value__in=sorted(mentee.wanted)))
    lookups = [Q(kind=OfferKind.SECTOR, value=value) for value in sorted(mentee.sectors)]
    words = sorted(mentee.goal_words - mentee.wanted)[:GOAL_WORDS]
    lookups += [Q(kind__in=(OfferKind.SKILL, OfferKind.TRADE), value=w) for w in words]
    parts += [offers.filter(lookup).order_by("profile_id")[:BROAD_CAP] for lookup in lookups]
    if not parts:
        return Counter()
    selects: list[str] = []
    params: list[Any] = []
    for number, part in enumerate(parts):
        sql, part_params = part.values_list("profile_id").query.sql_with_params()
        # A subquery each: SQLite refuses LIMIT and ORDER BY in a compound's own parts.
        selects.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608  (compiled SQL, its values in params)
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return Counter(profile_id for (profile_id,) in cursor.fetchall())


def candidate_ids(mentee: MenteeFeatures, programme: Programme | None) -> list[int]:
    """Mentor profile ids sharing most items with the mentee, `CANDIDATES` at most.

    A programme with at most `SMALL_PROGRAMME` enrolled mentors: all of them (scoring
    them all costs less than looking up items). Otherwise, measured on 20,000 profiles
    (bench/mentoring_match.py): one GROUP BY over every matching item took 160 ms (a
    language or a sector is shared by thousands of mentors), and joining the enrolments
    into the item lookup made SQLite walk all 20,000 enrolments (130 ms). So the items
    are read from the index alone: the wanted skills (a few hundred mentors each) in
    full, each broad item (a sector, a word of the goals) with a LIMIT of `BROAD_CAP`;
    then one query keeps the ids that are enrolled and not paused. Languages do not
    select (scoring counts them)."""
    profiles = MentorProfile.objects.taking().exclude(user_id=mentee.user_id)
    if programme is not None:
        enrolled = _enrolled_mentors(programme)
        few = list(enrolled.values_list("user_id", flat=True)[: SMALL_PROGRAMME + 1])
        if len(few) <= SMALL_PROGRAMME:
            return list(profiles.filter(user_id__in=few).values_list("pk", flat=True))
    shared = _shared_items(mentee)
    # The best-sharing first, a few times more than kept (some are paused, elsewhere or
    # the mentee themselves): checking all 2,000 ids cost more than scoring.
    best = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[: 3 * CANDIDATES]
    rows = dict(profiles.filter(pk__in_ids=[pk for pk, _n in best]).values_list("pk", "user_id"))
    if programme is not None:
        # By the (programme, user, side) unique index, for these users only: a subquery
        # of the programme's enrolments made SQLite read all of them first (130 ms).
        inside = set(
            _enrolled_mentors(programme)
            .filter(user_id__in_ids=list(rows.values()))
            .values_list("user_id", flat=True)
        )
        rows = {pk: uid for pk, uid in rows.items() if uid in inside}
    kept = set(rows)
    return [pk for pk, _count in best if pk in kept][:CANDIDATES]


def rank(
    mentee: MenteeFeatures,
    programme: Programme | None,
    viewer: Any = None,
    limit: int = SHOWN,
) -> list[tuple[MentorProfile, Score]]:
    """The best-fitting mentors for `mentee`, best first, with their reasons. `viewer`
    (the mentee browsing) keeps only mentors whose profile they may see; a coordinator
    ranks among the programme's enrolled mentors (their enrolments are theirs to see)."""
    ids = candidate_ids(mentee, programme)
    profiles = list(
        MentorProfile.objects.filter(pk__in_ids=ids)
        .select_related("user__profile")
        .only(*RANKED_FIELDS)
        .order_by("pk")
    )
    if viewer is not None:
        # The rule asked for these users only (as a subquery of every visible profile
        # it scanned the 20,000 profiles: 435 ms).
        asked = [p.user_id for p in profiles]
        seen = set(
            Profile.objects.visible_to(viewer)
            .filter(user_id__in_ids=asked)
            .values_list("user_id", flat=True)
        )
        profiles = [p for p in profiles if p.user_id in seen]
    places = places_left([p.user_id for p in profiles])
    weeks = weeks_of(p.user_id for p in profiles)
    scored = []
    for profile in profiles:
        left = places.get(profile.user_id, 0)
        if left <= 0:
            continue
        found = score(mentor_features(profile, left, weeks.get(profile.user_id, ())), mentee)
        if found.fit:
            scored.append((profile, found))
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].pk))
    return scored[:limit]
