"""The directory's reads: search with filters and an order, a page of cards with the
viewer's status in each, "Communities for you", and the public communities a search
engine may index. Every list starts from `Community.objects.visible_to(viewer)` and
`listed()`: secret communities are never listed here (their members find them in "My
communities"), archived ones neither.

Search matches each word of the query (and the topic) inside `Community.search_text`
("name description topics region", folded to lower case without accents by the
services that write a community). On PostgreSQL a trigram index
(`community_search_trgm`, migration 0002) serves `LIKE '%word%'`; SQLite scans.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse

from tremplin.communities.models import Community, Membership, MembershipStatus, Visibility
from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.regions import Region
from tremplin.core.viewer import viewer_of
from tremplin.profiles.models import Profile, Skill

DIRECTORY_PAGE = 24
MAX_PAGE = 400  # deeper pages are a crawl, not a search
MAX_WORDS = 8
SUGGESTIONS = 6
# "Your connections are in it": the communities most of them are in, at most this many.
CONNECTION_CANDIDATES = 30
SKILLS_ASKED = 5
SITEMAP_COMMUNITIES = 25_000

ORDERS = {
    "largest": ("-member_count", "pk"),
    "active": ("-last_activity", "-pk"),
    "newest": ("-created", "-pk"),
}
LISTED_VISIBILITIES = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE)
CARD_DEFERRED = ("rules_fr", "rules_en", "join_questions", "search_text")


def fold(text: str) -> str:
    """Lower case without accents (é → e, œ → oe): how `search_text` is written and
    how a query is compared to it."""
    text = (text or "").casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def region_label(code: str) -> str:
    return str(Region(code).label) if code in Region.values else code


def community_url(community: Community) -> str:
    """The community's page; its posts page while the page is not installed."""
    try:
        return community.get_absolute_url()
    except NoReverseMatch:  # the community page is another part's (communities:detail)
        return reverse("communities:posts", args=[community.slug])


# ------------------------------------------------------------------ the directory


@dataclass(frozen=True)
class Search:
    q: str = ""
    topic: str = ""
    region: str = ""
    language: str = ""
    visibility: str = ""
    official: bool = False
    order: str = "largest"
    page: int = 1

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.topic or self.region or self.language or self.visibility) or (
            self.official
        )


@dataclass
class DirectoryPage:
    communities: list[Community]
    number: int
    has_next: bool
    statuses: dict[int, str] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def listed_to(viewer: Any) -> QuerySet[Community]:
    """The communities the directory may show the viewer: visible to them and listed."""
    return Community.objects.visible_to(viewer).listed()


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w][:MAX_WORDS]


def _matching(
    viewer: Any,
    *,
    words: list[str],
    topic: str,
    region: str,
    language: str,
    visibility: str,
    official: bool,
    order: str,
) -> QuerySet[Community]:
    found = listed_to(viewer)
    for word in words:
        found = found.filter(search_text__contains=word)
    if topic:
        found = found.filter(search_text__contains=topic)
    if region:
        found = found.filter(region=region)
    if language:
        found = found.filter(languages__contains=language)
    if visibility:
        found = found.filter(visibility=visibility)
    if official:
        found = found.filter(organization__isnull=False)
    return found.order_by(*ORDERS.get(order, ORDERS["largest"]))


def _page(variant: tuple, viewer: Any, **texts: str) -> QuerySet[Community]:
    """One page of the communities matching a search (LIMIT n+1: no count), in its order,
    with the viewer's membership status in each community (`my_status`). `variant` is
    the search's shape: (signed in, number of words, topic?, region?, language?,
    visibility?, official, order, page)."""
    signed, count, *asked, official, order, number = variant
    topic, region, language, visibility = (
        texts[name] if wanted else ""
        for name, wanted in zip(("topic", "region", "language", "visibility"), asked, strict=True)
    )
    found = _matching(
        viewer if signed else None,
        words=[texts[f"w{i}"] for i in range(count)],
        topic=topic,
        region=region,
        language=language,
        visibility=visibility,
        official=official,
        order=order,
    )
    if signed:
        mine = Membership.objects.filter(user=viewer, community=OuterRef("pk"))
        found = found.annotate(my_status=Subquery(mine.values("status")[:1]))
    start = (number - 1) * DIRECTORY_PAGE
    rows = found.select_related("organization").defer(*CARD_DEFERRED)
    return rows[start : start + DIRECTORY_PAGE + 1]


# Every directory visit builds this queryset: compiled once per shape and process
# (tremplin.core.compiled), building it cost more than PostgreSQL's 0.1-1.3 ms to run it.
# Not prepared: a common word wants the `member_count` order's index, a rare one the
# trigram index, and a prepared statement's generic plan serves both alike (15 ms).
PAGE = CompiledQuery(
    _page,
    prepared=False,
    viewer=Input.user,
    topic=Input.text,
    region=Input.text,
    language=Input.text,
    visibility=Input.text,
    **{f"w{i}": Input.text for i in range(MAX_WORDS)},
)


def directory_page(viewer: Any, wanted: Search) -> DirectoryPage:
    """One page of the directory (page numbers, LIMIT n+1: no count), each card with
    the viewer's status: one query."""
    number = min(max(wanted.page, 1), MAX_PAGE)
    signed = bool(viewer_of(viewer).is_authenticated)
    words = _words(wanted.q)
    texts = {
        "topic": " ".join(_words(wanted.topic)),
        "region": wanted.region,
        "language": wanted.language,
        "visibility": wanted.visibility if wanted.visibility in LISTED_VISIBILITIES else "",
    }
    shape = tuple(bool(value) for value in texts.values())
    order = wanted.order if wanted.order in ORDERS else "largest"
    variant = (signed, len(words), *shape, wanted.official, order, number)
    rows = PAGE.run(
        variant,
        viewer=viewer,
        **texts,
        **{f"w{i}": words[i] if i < len(words) else "" for i in range(MAX_WORDS)},
    )
    page = DirectoryPage(rows[:DIRECTORY_PAGE], number, len(rows) > DIRECTORY_PAGE)
    page.statuses = {
        c.pk: status for c in page.communities if (status := getattr(c, "my_status", None))
    }
    return page


# ------------------------------------------------------------------ suggestions


@dataclass
class Suggestion:
    community: Community
    connections: int = 0
    region: bool = False
    sector: bool = False
    skills: list[str] = field(default_factory=list)


def _by_connections(viewer: Any) -> dict[int, int]:
    """Listed communities the viewer's connections are active in, with how many of
    them, most first (bounded: CONNECTION_CANDIDATES)."""
    friends = viewer_of(viewer).relation("connections")
    if isinstance(friends, list) and not friends:
        return {}
    rows = (
        Membership.objects.filter(
            status=MembershipStatus.ACTIVE,
            user__in=friends,
            community__visibility__in=LISTED_VISIBILITIES,
            community__archived__isnull=True,
        )
        .values("community")
        .annotate(n=Count("pk"))
        .order_by("-n", "community")[:CONNECTION_CANDIDATES]
    )
    return {row["community"]: row["n"] for row in rows}


@dataclass(frozen=True)
class _Facts:
    """What suggestions match: the viewer's region, sector and first skills (folded)."""

    region: str
    sector: str
    skills: list[str]


def _facts_of(viewer: Any) -> _Facts:
    profile = Profile.objects.filter(user=viewer).only("region", "sector").first()
    names = (
        Skill.objects.filter(profile__user=viewer)
        .order_by("pk")
        .values_list("name", flat=True)[:SKILLS_ASKED]
    )
    return _Facts(
        region=profile.region if profile else "",
        sector=profile.sector if profile else "",
        skills=[s for s in (fold(n) for n in names) if len(s) >= 3],
    )


def _points(condition: Q, weight: int) -> Case:
    return Case(When(condition, then=Value(weight)), default=Value(0))


def _match_and_score(friends: dict[int, int], facts: _Facts) -> tuple[Q, Any]:
    """One filter (any reason) and one score: a connection counts 4, the region and
    the sector 2 each, each skill 1."""
    match = Q(pk__in=list(friends))
    score: Any = _points(Q(pk__in=list(friends)), 4)
    for condition, weight in (
        (Q(region=facts.region) if facts.region else None, 2),
        (Q(sector=facts.sector) if facts.sector else None, 2),
        *((Q(search_text__contains=skill), 1) for skill in facts.skills),
    ):
        if condition is not None:
            match |= condition
            score += _points(condition, weight)
    return match, score


def suggestions(viewer: Any, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """ "Communities for you": those my connections are in, in my region, my sector or
    matching my skills; never one I am in, asked to join, was invited to, left, was
    declined, removed or banned from (any membership row). Four bounded queries."""
    if not viewer_of(viewer).is_authenticated:
        return []
    facts = _facts_of(viewer)
    friends = _by_connections(viewer)
    if not (friends or facts.region or facts.sector or facts.skills):
        return []
    match, score = _match_and_score(friends, facts)
    found = (
        listed_to(viewer)
        .filter(match)
        .exclude(pk__in=Membership.objects.filter(user=viewer).values("community"))
        .annotate(score=ExpressionWrapper(score, output_field=IntegerField()))
        .select_related("organization")
        .defer("rules_fr", "rules_en", "join_questions")
        .order_by("-score", "-member_count", "pk")[:limit]
    )
    return [
        Suggestion(
            community=c,
            connections=friends.get(c.pk, 0),
            region=bool(facts.region) and c.region == facts.region,
            sector=bool(facts.sector) and c.sector == facts.sector,
            skills=[s for s in facts.skills if s in c.search_text],
        )
        for c in found
    ]


# ------------------------------------------------------------------ search engines


def public_communities() -> QuerySet[Community]:
    """What a visitor may read and a search engine may index: public, listed, not
    archived (`visible_to(None)` is exactly that)."""
    return Community.objects.visible_to(None).order_by("-member_count", "pk")
