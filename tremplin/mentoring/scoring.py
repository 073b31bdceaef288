"""The matching score: how well a mentor fits a mentee, and the reasons why.

Pure functions over two small feature records (`MentorFeatures`, `MenteeFeatures`), so
that one ranking, a coordinator's suggestion and a whole cohort's assignment score a pair
the same way, and the reasons shown are exactly what made the score.

Points (a fit of 0 means "nothing in common" and is never proposed):
- shared skills (the mentee's wanted skills among the mentor's): 3 each, 3 at most;
- shared sectors: 2 each, 2 at most;
- the mentee's goals (their intake text) naming a skill or trade the mentor offers and
  not already counted: 1 each, 3 at most;
- a shared language: 2;
- the same region with the mentor able to meet in person, or both fine online: 1;
- availability overlap: `availability_overlap`, 0 to 2 (the share of the mentee's
  weekly open hours the mentor is open too, from tremplin.availability);
- capacity left (places the mentor still has): 1 per place, 2 at most. Capacity orders
  mentors who fit alike; it alone is not a fit.

Reasons are stored as data (`{"code": ..., "items": [...], "count": n}`) and turned
into sentences only when read (`reason_sentences`), in the reader's language: a match
proposed by a French-speaking coordinator reads in English to an English-speaking mentee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from tremplin.availability.queries import overlap_minutes
from tremplin.core.regions import Region
from tremplin.profiles.models import Sector

WORD = re.compile(r"\w{3,}")


@dataclass
class MentorFeatures:
    user_id: int
    skills: frozenset[str]
    sectors: frozenset[str]
    trades: frozenset[str]
    languages: frozenset[str]
    region: str
    in_person: bool
    online: bool
    places_left: int
    # The mentor's open hours as minutes of a UTC week (availability.queries.week_minutes).
    week: tuple[tuple[int, int], ...] = ()
    # (item, its words) of every skill and trade, read once: the goals test needs them
    # for every pair of a cohort (150,000 pairs: a regex per pair cost seconds).
    item_words: tuple[tuple[str, frozenset[str]], ...] = field(init=False)

    def __post_init__(self) -> None:
        self.item_words = tuple(
            (item, frozenset(WORD.findall(item))) for item in sorted(self.skills | self.trades)
        )


@dataclass
class MenteeFeatures:
    user_id: int
    wanted: frozenset[str]
    sectors: frozenset[str]
    goals: str
    languages: frozenset[str]
    region: str
    online: bool
    week: tuple[tuple[int, int], ...] = ()
    goal_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.goal_words = frozenset(WORD.findall(self.goals.casefold()))


@dataclass
class Score:
    fit: int  # what the two have in common
    total: int  # fit plus capacity left: the order of a ranking
    reasons: list[dict[str, Any]]


def availability_overlap(mentor: MentorFeatures, mentee: MenteeFeatures) -> float:
    """Share (0..1) of the mentee's weekly open hours in which the mentor is open too
    (0 when either has set none: no hours is not a mismatch, it is unknown)."""
    wanted = sum(high - low for low, high in mentee.week)
    if not wanted or not mentor.week:
        return 0.0
    return overlap_minutes(mentor.week, mentee.week) / wanted


def _goal_items(mentor: MentorFeatures, mentee: MenteeFeatures, counted: set[str]) -> list[str]:
    if not mentee.goal_words:
        return []
    goal_words = mentee.goal_words
    return [
        item
        for item, words in mentor.item_words
        if words and item not in counted and words <= goal_words
    ]


def fit_of(mentor: MentorFeatures, mentee: MenteeFeatures) -> int:
    """`score(mentor, mentee).fit` without building the reasons: what a cohort computes
    for every pair (the reasons are built only for the pairs it keeps). A test checks
    that the two agree."""
    skills = len(mentor.skills & mentee.wanted)
    fit = 3 * min(skills, 3) + 2 * min(len(mentor.sectors & mentee.sectors), 2)
    if mentee.goal_words:
        counted = set(sorted(mentor.skills & mentee.wanted)[:3]) if skills else set()
        fit += min(len(_goal_items(mentor, mentee, counted)), 3)
    if not mentor.languages.isdisjoint(mentee.languages):
        fit += 2
    if (
        mentor.in_person
        and mentee.region
        and mentor.region == mentee.region
        or mentor.online
        and mentee.online
    ):
        fit += 1
    overlap = availability_overlap(mentor, mentee)
    if overlap > 0:
        fit += round(2 * overlap)
    return fit


def total_of(mentor: MentorFeatures, fit: int) -> int:
    """The ranking's order: fit plus capacity left (2 at most), 0 without a fit."""
    return fit + max(0, min(mentor.places_left, 2)) if fit else 0


def score(mentor: MentorFeatures, mentee: MenteeFeatures) -> Score:
    reasons: list[dict[str, Any]] = []
    fit = 0
    skills = sorted(mentor.skills & mentee.wanted)[:3]
    if skills:
        fit += 3 * len(skills)
        reasons.append({"code": "skills", "items": skills})
    sectors = sorted(mentor.sectors & mentee.sectors)[:2]
    if sectors:
        fit += 2 * len(sectors)
        reasons.append({"code": "sectors", "items": sectors})
    goals = _goal_items(mentor, mentee, set(skills))[:3]
    if goals:
        fit += len(goals)
        reasons.append({"code": "goals", "items": goals})
    languages = sorted(mentor.languages & mentee.languages)
    if languages:
        fit += 2
        reasons.append({"code": "language", "items": languages})
    if mentor.in_person and mentee.region and mentor.region == mentee.region:
        fit += 1
        reasons.append({"code": "region", "items": [mentee.region]})
    elif mentor.online and mentee.online:
        fit += 1
        reasons.append({"code": "online", "items": []})
    overlap = availability_overlap(mentor, mentee)
    if overlap > 0:
        fit += round(2 * overlap)
        reasons.append({"code": "availability", "count": round(100 * overlap)})
    if fit and mentor.places_left > 0:
        reasons.append({"code": "capacity", "count": mentor.places_left})
    return Score(fit, total_of(mentor, fit), reasons)


def _names(codes: list[str], labels: dict[str, Any]) -> str:
    return ", ".join(str(labels.get(code, code)) for code in codes)


def reason_sentences(reasons: list[dict[str, Any]]) -> list[str]:
    """The reasons as sentences in the active language (the reader's)."""
    # Language names are common nouns in French ("Parle français.").
    lower = get_language() == "fr"
    languages = {
        code: str(name).lower() if lower else str(name) for code, name in settings.LANGUAGES
    }
    regions = dict(Region.choices)
    sectors = dict(Sector.choices)
    out = []
    for reason in reasons or []:
        code, items = reason.get("code"), list(reason.get("items") or [])
        count = int(reason.get("count") or len(items))
        joined = ", ".join(items)
        if code == "skills":
            text = ngettext("Shared skill: %(items)s.", "Shared skills: %(items)s.", count)
        elif code == "sectors":
            joined = _names(items, sectors)
            text = ngettext("Shared sector: %(items)s.", "Shared sectors: %(items)s.", count)
        elif code == "goals":
            text = _("Offers what the mentee's goals name: %(items)s.")
        elif code == "language":
            joined = _names(items, languages)
            text = _("Speaks %(items)s.")
        elif code == "region":
            joined = _names(items, regions)
            text = _("Can meet in person in %(items)s.")
        elif code == "online":
            text = _("Both can meet online.")
        elif code == "availability":
            text = _("Free for %(count)d%% of the mentee's weekly slots.")
        elif code == "capacity":
            text = ngettext(
                "Has %(count)d place left for a mentee.",
                "Has %(count)d places left for mentees.",
                count,
            )
        else:
            continue
        out.append(text % {"items": joined, "count": count})
    return out
