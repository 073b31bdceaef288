"""Profiles: the read path. Every profile, list of people, skill line or recommendation
a page (`views.py`) or the API (`api.py`) shows is read here.

A profile page applies several rules to one owner (which sections, may I endorse, may I
recommend, may I open each recommender's profile): each asks the viewer's relations
(`core.viewer`, asked once per request) through `Profile.sections_visible_to`, never a
query of its own. Lists of many people filter in SQL with `Profile.objects.visible_to`.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import PROFILE_SCOPE, RECRUITERS, Audience, audience_q
from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.consent import PROFILE, refusal_sentence
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.profiles.models import (
    SECTIONS,
    Education,
    Experience,
    LanguageSkill,
    Profile,
    ProfileQuerySet,
    Recommendation,
    RecommendationQuerySet,
    RecommendationStatus,
    Skill,
    section_rows,
)

SEARCH_COUNT_CAP = 1000

# The profile section each guarded text belongs to: its audience decides whether the
# personal-data guard warns (text shown to "only me" is nobody else's business).
PII_SECTIONS = {
    "headline": "basics",
    "about": "about",
    "interests": "interests",
    "skills_text": "skills",
    "skills": "skills",
}


def shows_counsellors_only(profile: Profile, sections: set[str], viewer: Any) -> bool:
    """Whether `sections` (those of `profile` shown to `viewer`) include one the member
    keeps for her counsellors: "who saw my data" records that read."""
    if viewer is None or not viewer.is_authenticated or viewer.pk == profile.user_id:
        return False
    audiences = {getattr(profile, f"{s}_visibility") for s in sections}
    if Audience.COUNSELLORS in audiences:
        return True
    # "Recruiters" sections are her counsellors' too: a counsellor's read is recorded.
    return RECRUITERS in audiences and viewer_of(viewer).counsels(profile.user_id, PROFILE_SCOPE)


# ---------------------------------------------------------------- one profile


def _profile_at(variant: Any, handle: str) -> ProfileQuerySet:
    return Profile.objects.for_list().filter(handle=handle)[:1]


def _section_of(variant: tuple[str, bool], profile_id: int, viewer: Any) -> QuerySet:
    name, signed_in = variant
    return section_rows(viewer if signed_in else None)[name].filter(profile_id=profile_id)


# The profile page (and the API's profile) read one profile and its sections on every
# request: the querysets are compiled once per process (tremplin.core.compiled), which
# spares about 4 ms of Python a page (building them and Django's prefetching).
PROFILE_AT = CompiledQuery(_profile_at, handle=Input.text)
SECTION = CompiledQuery(_section_of, profile_id=Input.number, viewer=Input.user)


def profile_or_404(viewer: Any, handle: str, *, sections: bool = True) -> Profile:
    """The profile at `handle` if the viewer may see it (its basics section), else 404
    (never 403: a hidden profile must not be confirmed to exist). The rule is the
    profile's own `is_visible_to`, which asks the viewer's relations once per request.
    `sections=False` when the page shows only the basics (no experience, skills...);
    otherwise the sections are loaded as `Profile.objects.for_display(viewer)` does."""
    found = PROFILE_AT.run(handle=handle)
    if not found or not found[0].is_visible_to(viewer):
        raise Http404
    profile: Profile = found[0]
    if sections:
        _load_sections(profile, viewer)
    return profile


def _load_sections(profile: Profile, viewer: Any) -> None:
    """What `for_display(viewer)` prefetches (`section_rows`), read by the compiled
    twins of its querysets and kept where Django's prefetching keeps it, so that
    `profile.skills.all()` reads no more."""
    signed_in = viewer is not None and viewer.is_authenticated
    cache = profile.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in FILLED:  # the keys of `section_rows`
        rows = SECTION.run((name, signed_in), profile_id=profile.pk, viewer=viewer)
        related: Any = getattr(profile, name).all()  # filtered on the profile; not run
        related._result_cache = rows
        related._prefetch_done = True
        cache[name] = related
        for row in rows:
            row._state.fields_cache["profile"] = profile


def my_profile_or_404(user: Any, *, for_display: bool = False) -> Profile:
    """The member's own profile (with its sections loaded for a page that shows them)."""
    found = Profile.objects.for_display(user) if for_display else Profile.objects.all()
    return visible_or_404(found, user=user)


def skill_or_404(profile: Profile, skill_id: int) -> Skill:
    return visible_or_404(Skill.objects.all(), pk=skill_id, profile=profile)


def own_item_or_404(model: type[Any], profile: Profile, pk: int) -> Any:
    """One experience, education or language of the member's own profile."""
    return visible_or_404(model.objects.all(), pk=pk, profile=profile)


def profile_visible_ids(viewer: Any, user_ids: Any) -> set[int]:
    """Which of these members' profiles the viewer may open (to link names or not)."""
    return set(
        Profile.objects.visible_to(viewer).filter(user__in=user_ids).values_list("user", flat=True)
    )


# ---------------------------------------------------------------- people search


def basics_match(query: str) -> Q:
    """Profiles whose basics (name, headline, city) contain the words typed."""
    return (
        Q(display_name__icontains=query) | Q(headline__icontains=query) | Q(city__icontains=query)
    )


def search_filter(queryset: ProfileQuerySet, query: str, viewer: Any) -> ProfileQuerySet:
    """Matches on what the viewer may see: the basics, and skills only where the
    profile's skills section is shown to them."""
    # EXISTS rather than a join: no duplicate rows, so no DISTINCT over the whole result.
    has_skill = Exists(Skill.objects.filter(profile=OuterRef("pk"), name__iexact=query))
    skill_match = has_skill & audience_q(viewer, "skills_visibility", "user", sections=True)
    return queryset.filter(basics_match(query) | skill_match)


def people(viewer: Any, query: str = "", *, collaborate: bool = False) -> ProfileQuerySet:
    """People search: only profiles whose basics the viewer may see and whose owner did
    not ask to be hidden from search, matched on what the viewer may see, in name order
    (an index walks it: see `profile_name_order`); with `collaborate`, only those open
    to collaborate on projects."""
    found = Profile.objects.visible_to(viewer).findable(viewer).for_list()
    if collaborate:
        found = found.filter(open_to_collaborate=True)
    if query:
        found = search_filter(found, query, viewer)
    return found.order_by("display_name", "pk")


def capped_count(queryset: Any) -> int:
    """The number of rows, counted up to SEARCH_COUNT_CAP + 1 (which means "more")."""
    return queryset[: SEARCH_COUNT_CAP + 1].count()


class CappedPaginator(Paginator):
    """Counting every match costs as much as the search itself; count at most
    SEARCH_COUNT_CAP + 1 rows ("1000+ people") so a page's cost stays bounded."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)


# ---------------------------------------------------------------- completeness


@dataclass
class Completeness:
    percent: int
    next_step: str | None
    next_url_name: str | None


# The sections a newcomer fills in, after the basics: each a related list.
FILLED = ("experiences", "educations", "skills", "languages")

# (test, suggestion, page) in the order a newcomer should do them; `filled` says which
# of the FILLED lists have a row.
_STEPS = [
    (lambda p, filled: bool(p.headline), _("Add a headline that says what you do or look for."),
     "profiles:edit"),
    (lambda p, filled: bool(p.photo), _("Add a photo so people recognise you."), "profiles:photo"),
    (lambda p, filled: bool(p.city and p.region), _("Say which city and region you are in."),
     "profiles:edit"),
    (lambda p, filled: bool(p.about), _("Write a few lines about yourself."), "profiles:edit"),
    (lambda p, filled: "experiences" in filled, _("Add your most recent experience."),
     "profiles:experience_add"),
    (lambda p, filled: "educations" in filled, _("Add your education."), "profiles:education_add"),
    (lambda p, filled: "skills" in filled, _("List a few skills."), "profiles:edit"),
    (lambda p, filled: "languages" in filled, _("Say which languages you speak."),
     "profiles:language_add"),
]  # fmt: skip


def _with_filled(profiles: ProfileQuerySet) -> ProfileQuerySet:
    """`has_<name>` for each of the FILLED lists: an EXISTS each."""
    rows = {
        "experiences": Experience.objects,
        "educations": Education.objects,
        "skills": Skill.objects,
        "languages": LanguageSkill.objects,
    }
    return profiles.annotate(
        **{f"has_{name}": Exists(rows[name].filter(profile=OuterRef("pk"))) for name in FILLED}
    )


def _own_with_filled(variant: Any, user_id: int) -> ProfileQuerySet:
    return _with_filled(Profile.objects.filter(user_id=user_id))[:1]


# The dashboard beside the home feed reads the member's profile and which lists it has
# filled on every request: one query, compiled once per process.
OWN_WITH_FILLED = CompiledQuery(_own_with_filled, user_id=Input.number)


def my_profile_for_dashboard(user: Any) -> Profile:
    """The member's own profile, knowing which FILLED lists have a row (`completeness`
    then asks nothing more)."""
    found = OWN_WITH_FILLED.run(user_id=user.pk)
    if not found:
        raise Http404
    profile: Profile = found[0]
    return profile


def filled_sections(profile: Profile) -> set[str]:
    """Which of the FILLED lists have a row: from the lists a profile page prefetched or
    the dashboard's annotations, else in one query (an EXISTS each), not four."""
    prefetched = getattr(profile, "_prefetched_objects_cache", {})
    if all(name in prefetched for name in FILLED):
        return {name for name in FILLED if prefetched[name]}
    if all(hasattr(profile, f"has_{name}") for name in FILLED):
        return {name for name in FILLED if getattr(profile, f"has_{name}")}
    found = (
        _with_filled(Profile.objects.filter(pk=profile.pk))
        .values(*(f"has_{name}" for name in FILLED))
        .first()
    ) or {}
    return {name for name in FILLED if found.get(f"has_{name}")}


def completeness(profile: Profile) -> Completeness:
    done = 0
    first_missing = None
    filled = filled_sections(profile)
    for test, suggestion, url_name in _STEPS:
        if test(profile, filled):
            done += 1
        elif first_missing is None:
            first_missing = (str(suggestion), url_name)
    percent = round(100 * done / len(_STEPS))
    if first_missing:
        return Completeness(percent, *first_missing)
    return Completeness(percent, None, None)


# ---------------------------------------------------------------- skills


@dataclass
class SkillLine:
    skill: Skill
    count: int
    endorsed_by_me: bool


def skill_lines(profile: Profile, viewer: Any) -> list[SkillLine]:
    """The profile's skills with the endorsements the viewer may see, as the profile's
    own query read them (`Profile.objects.for_display(viewer)`); none when the skills
    section is hidden from the viewer. Endorsements follow the skills section
    (`Endorsement.is_visible_to`): once it is shown, every endorsement by an active
    member counts."""
    if "skills" not in profile.sections_visible_to(viewer):
        return []
    return [_line(skill) for skill in profile.skills.all()]


def skill_line(skill: Skill, viewer: Any) -> SkillLine:
    """One skill's line as it is now (after the viewer endorsed it or withdrew)."""
    return _line(Skill.objects.with_endorsements(viewer).get(pk=skill.pk))


def _line(skill: Skill) -> SkillLine:
    # Annotations of SkillQuerySet.with_endorsements.
    return SkillLine(skill, skill.endorsement_count, skill.endorsed_by_me)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- recommendations


RECOMMENDATIONS_SHOWN = 50


def _recommendations_on(
    variant: tuple[str | None, bool], recipient_id: int, viewer: Any
) -> RecommendationQuerySet:
    """`approved`: None (the section is hidden), "all" (the owner: what a since-
    deactivated member wrote too) or "active" (anyone else: active authors only);
    `pending`: look for the viewer's own, still waiting."""
    approved, pending = variant
    wanted: list[Q] = []
    if approved is not None:
        shown = Q(status=RecommendationStatus.APPROVED)
        wanted.append(shown if approved == "all" else shown & Q(author__is_active=True))
    if pending:
        wanted.append(Q(author=viewer, status=RecommendationStatus.PENDING))
    either = reduce(operator.or_, wanted)
    found = Recommendation.objects.filter(either, recipient_id=recipient_id).for_display()
    return found[: RECOMMENDATIONS_SHOWN + 1]


RECOMMENDATIONS_ON = CompiledQuery(
    _recommendations_on, recipient_id=Input.number, viewer=Input.user
)


def recommendations_on(profile: Profile, viewer: Any) -> tuple[list[Recommendation], bool]:
    """What the profile page shows of recommendations, in one query: the approved ones
    the viewer may see (`shown_recommendations`), and whether the viewer's own still
    waits for the owner's approval (at most one: `one_pending_recommendation_per_pair`)."""
    signed_in = viewer is not None and viewer.is_authenticated
    owner = signed_in and viewer.pk == profile.user_id
    approved = None
    if "recommendations" in profile.sections_visible_to(viewer):
        # The recipient still sees what a since-deactivated member wrote.
        approved = "all" if owner else "active"
    if approved is None and not (signed_in and not owner):
        return [], False
    rows = RECOMMENDATIONS_ON.run(
        (approved, signed_in and not owner), recipient_id=profile.user_id, viewer=viewer
    )
    pending = any(r.status == RecommendationStatus.PENDING for r in rows)
    shown = [r for r in rows if r.status == RecommendationStatus.APPROVED]
    return _with_author_links(shown[:RECOMMENDATIONS_SHOWN], viewer), pending


def shown_recommendations(profile: Profile, viewer: Any) -> list[Recommendation]:
    """Approved recommendations on the profile, as the viewer may see them (none when
    the recommendations section is hidden from the viewer): the rule of
    `Recommendation.is_visible_to`, with the viewer's relations asked once. Each carries
    `author_visible`: whether the viewer may open the author's profile (the author's
    name is part of the recommendation; the link is not)."""
    return recommendations_on(profile, viewer)[0]


def _with_author_links(shown: list[Recommendation], viewer: Any) -> list[Recommendation]:
    """Sets `author_visible` on each: only authors who show their basics to connections
    need the viewer's connections, asked in one query for them all."""
    needs_connection = [
        r.author_id for r in shown if r.author.profile.basics_visibility == Audience.CONNECTIONS
    ]
    viewer_of(viewer).connected_among(needs_connection)
    for recommendation in shown:
        author = recommendation.author.profile
        recommendation.author_visible = author.is_visible_to(viewer)  # type: ignore[attr-defined]
    return shown


def recommendations_received(user: Any) -> RecommendationQuerySet:
    """Recommendations the member received, whatever their status (newest first)."""
    return Recommendation.objects.visible_to(user).filter(recipient=user).for_display()


def recommendations_written(user: Any) -> RecommendationQuerySet:
    """Recommendations the member wrote, with their status (newest first)."""
    return Recommendation.objects.visible_to(user).filter(author=user).for_display()


def recommendation_by_pk(pk: int) -> RecommendationQuerySet:
    """One recommendation just written or decided, to answer with (the caller is its
    author or recipient, who may always see it)."""
    return Recommendation.objects.filter(pk=pk)


def counsellor_notice(profile: Profile, viewer: Any) -> str:
    """For the member's counsellor whose open case does not grant the profile scope now
    (withdrawn, or the link paused): why the sections she shows her counsellors are not
    shown (core.consent). Empty for anyone else, or when no section is for counsellors."""
    kept = (Audience.COUNSELLORS, RECRUITERS)
    if not any(getattr(profile, f"{s}_visibility") in kept for s in SECTIONS):
        return ""
    return refusal_sentence(viewer, profile.user, PROFILE)
