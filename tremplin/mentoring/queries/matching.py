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
from django.db.models import Exists, OuterRef, Q, QuerySet

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
from tremplin.mentoring.queries.programmes import places_left_expression
from tremplin.mentoring.scoring import MenteeFeatures, MentorFeatures, Score, score
from tremplin.profiles.models import Profile

CANDIDATES = 100
SMALL_PROGRAMME = 300
BROAD_CAP = 300
GOAL_WORDS = 8
# Stands for one item's value in SQL compiled once for all the items of its shape.
_ITEM = "\x00item"
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
    alone (no join: see `candidates`), in one query: each item's lookup is a part of
    a UNION ALL (as separate queries, their round trips cost more than their reading).
    Parts of one shape share their SQL (compiled once, run with each item's values)."""
    offers = MentorOffer.objects.values_list("profile_id")
    shapes: list[tuple[QuerySet[Any, Any], list[Any]]] = []
    if mentee.wanted:
        shapes.append(
            (offers.filter(kind=OfferKind.SKILL, value__in=sorted(mentee.wanted)), [None])
        )
    words = sorted(mentee.goal_words - mentee.wanted)[:GOAL_WORDS]
    broad = offers.order_by("profile_id")
    if mentee.sectors:
        shapes.append(
            (broad.filter(kind=OfferKind.SECTOR, value=_ITEM)[:BROAD_CAP], sorted(mentee.sectors))
        )
    if words:
        trades = (OfferKind.SKILL, OfferKind.TRADE)
        shapes.append((broad.filter(kind__in=trades, value=_ITEM)[:BROAD_CAP], words))
    selects: list[str] = []
    params: list[Any] = []
    for part, items in shapes:
        sql, part_params = part.query.sql_with_params()
        for item in items:
            # A subquery each: SQLite refuses LIMIT and ORDER BY in a compound's own parts.
            selects.append(f"SELECT * FROM ({sql}) AS part_{len(selects)}")  # noqa: S608  (compiled SQL, its values in params)
            params += [item if value == _ITEM else value for value in part_params]
    if not selects:
        return Counter()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return Counter(profile_id for (profile_id,) in cursor.fetchall())


def _places_left(
    where: Q, mentee: MenteeFeatures, programme: Programme | None, viewer: Any
) -> dict[int, int]:
    """{mentor profile id: places left} for the profiles `where` selects that may be
    ranked, in one query: not paused, not the mentee, enrolled in `programme` (row by
    row, by the enrolments' user index), with a place left (`places_left_expression`),
    and, for a `viewer`, whose profile the viewer may see (`Profile.visible_to`, row by
    row: as a subquery of every visible profile it scanned all 20,000)."""
    rows = (
        MentorProfile.objects.taking()
        .filter(where)
        .exclude(user_id=mentee.user_id)
        .annotate(left=places_left_expression())
        .filter(left__gt=0)
    )
    if programme is not None:
        rows = rows.filter(Exists(_enrolled_mentors(programme).filter(user_id=OuterRef("user_id"))))
    if viewer is not None:
        seen = Profile.objects.visible_to(viewer, by_row=True).filter(user_id=OuterRef("user_id"))
        rows = rows.filter(Exists(seen))
    return dict(rows.values_list("pk", "left"))


def candidates(
    mentee: MenteeFeatures, programme: Programme | None, viewer: Any = None
) -> dict[int, int]:
    """{mentor profile id: places left} of the mentors sharing most items with the
    mentee, `CANDIDATES` at most, in that order; `viewer` as in `rank`.

    A programme with at most `SMALL_PROGRAMME` enrolled mentors: all of them (scoring
    them all costs less than looking up items). Otherwise, measured on 20,000 profiles
    (bench/mentoring_match.py): one GROUP BY over every matching item took 160 ms (a
    language or a sector is shared by thousands of mentors), and joining the enrolments
    into the item lookup made SQLite walk all 20,000 enrolments (130 ms). So the items
    are read from the index alone: the wanted skills (a few hundred mentors each) in
    full, each broad item (a sector, a word of the goals) with a LIMIT of `BROAD_CAP`;
    then one query keeps those that may be ranked (`_places_left`). Languages do not
    select (scoring counts them)."""
    if programme is not None:
        enrolled = _enrolled_mentors(programme)
        few = list(enrolled.values_list("user_id", flat=True)[: SMALL_PROGRAMME + 1])
        if len(few) <= SMALL_PROGRAMME:
            return _places_left(Q(user_id__in_ids=few), mentee, programme, viewer)
    # The best-sharing first, a few times more than kept (some are paused, full,
    # elsewhere or hidden from the viewer): checking all 2,000 ids cost more than scoring.
    best = sorted([(-count, pk) for pk, count in _shared_items(mentee).items()])
    ids = [pk for _count, pk in best[: 3 * CANDIDATES]]
    left = _places_left(Q(pk__in_ids=ids), mentee, programme, viewer)
    kept = [pk for pk in ids if pk in left][:CANDIDATES]
    return {pk: left[pk] for pk in kept}


def rank(
    mentee: MenteeFeatures,
    programme: Programme | None,
    viewer: Any = None,
    limit: int = SHOWN,
) -> list[tuple[MentorProfile, Score]]:
    """The best-fitting mentors for `mentee`, best first, with their reasons. `viewer`
    (the mentee browsing) keeps only mentors whose profile they may see; a coordinator
    ranks among the programme's enrolled mentors (their enrolments are theirs to see)."""
    places = candidates(mentee, programme, viewer)
    profiles = list(
        MentorProfile.objects.filter(pk__in_ids=list(places))
        .select_related("user__profile")
        .only(*RANKED_FIELDS)
        .order_by("pk")
    )
    weeks = weeks_of(p.user_id for p in profiles)
    scored = []
    for profile in profiles:
        features = mentor_features(profile, places[profile.pk], weeks.get(profile.user_id, ()))
        found = score(features, mentee)
        if found.fit:
            scored.append((profile, found))
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].pk))
    return scored[:limit]
