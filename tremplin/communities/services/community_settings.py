"""A community's settings as the table keeps them: validated (`clean_settings`, a
refusal naming the field), and the directory's `search_text` made from them
(`search_text_of`: both names and descriptions, the topics, the region's name in both
languages, folded to lower case without accents)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.communities.models import MAX_JOIN_QUESTIONS, Community, JoinPolicy, Visibility
from tremplin.communities.models.community import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    RULES_MAX_LENGTH,
)
from tremplin.communities.queries.directory import fold
from tremplin.communities.refusals import CommunityRefusal
from tremplin.core.regions import Region
from tremplin.profiles.models import Sector

TEXT_LIMITS = {
    "name_fr": NAME_MAX_LENGTH,
    "name_en": NAME_MAX_LENGTH,
    "description_fr": DESCRIPTION_MAX_LENGTH,
    "description_en": DESCRIPTION_MAX_LENGTH,
    "rules_fr": RULES_MAX_LENGTH,
    "rules_en": RULES_MAX_LENGTH,
    "topics": 300,
}
SETTINGS = (
    *TEXT_LIMITS,
    "languages",
    "region",
    "sector",
    "visibility",
    "join_policy",
    "join_questions",
    "preapprove_first_posts",
    "slow_mode_seconds",
)
LANGUAGES = ("fr", "en")
SLOW_MODE_MAX = 24 * 3600


def search_text_of(community: Community) -> str:
    """What the directory searches: both names and descriptions, the topics and the
    region's name in both languages, folded."""
    region = ""
    if community.region in Region.values:
        names = []
        for language in LANGUAGES:
            with translation.override(language):
                names.append(str(Region(community.region).label))
        region = " ".join(names)
    parts = [
        community.name_fr,
        community.name_en,
        community.description_fr,
        community.description_en,
        community.topics,
        region,
    ]
    return " ".join(fold(" ".join(p.split())) for p in parts if p)


# ------------------------------------------------------------------ validation


def _clean_topics(value: str) -> str:
    topics = [" ".join(t.split()) for t in (value or "").split(",")]
    return ", ".join(t for t in topics if t)


def _clean_questions(questions: Any) -> list[str]:
    if not isinstance(questions, list | tuple):
        raise CommunityRefusal(_("The join questions must be a list."), "invalid")
    cleaned = [" ".join(str(q).split()) for q in questions]
    cleaned = [q for q in cleaned if q]
    if len(cleaned) > MAX_JOIN_QUESTIONS:
        raise CommunityRefusal(
            _("Ask %(max)d questions at most.") % {"max": MAX_JOIN_QUESTIONS},
            "invalid",
            field="join_questions",
        )
    if any(len(q) > QUESTION_MAX_LENGTH for q in cleaned):
        raise CommunityRefusal(
            _("A question may have %(max)d characters at most.") % {"max": QUESTION_MAX_LENGTH},
            "invalid",
            field="join_questions",
        )
    return cleaned


def _clean_languages(value: Any) -> str:
    chosen = value if isinstance(value, list | tuple) else str(value or "").split(",")
    kept = [code for code in LANGUAGES if code in {str(c).strip() for c in chosen}]
    if not kept:
        raise CommunityRefusal(
            _("Choose at least one language its members write in."), "invalid", field="languages"
        )
    return ",".join(kept)


def _check_choice(value: Any, allowed: list[str], field: str, blank: bool = False) -> None:
    if (blank and value == "") or value in allowed:
        return
    raise CommunityRefusal(_("Choose one of the options offered."), "invalid", field=field)


def _check_texts(fields: dict[str, Any]) -> None:
    for name, limit in TEXT_LIMITS.items():
        value = fields.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise CommunityRefusal(_("Write text here."), "invalid", field=name)
        if len(value) > limit:
            raise CommunityRefusal(
                _("%(max)d characters at most.") % {"max": limit}, "invalid", field=name
            )


def clean_settings(fields: dict[str, Any]) -> dict[str, Any]:
    """The settings as the table keeps them, or a refusal naming the field."""
    unknown = set(fields) - set(SETTINGS)
    if unknown:
        raise CommunityRefusal(_("Unknown setting: %(name)s.") % {"name": min(unknown)})
    _check_texts(fields)
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "topics" in cleaned:
        cleaned["topics"] = _clean_topics(cleaned["topics"])
    if "join_questions" in cleaned:
        cleaned["join_questions"] = _clean_questions(cleaned["join_questions"])
    if "languages" in cleaned:
        cleaned["languages"] = _clean_languages(cleaned["languages"])
    checks = {
        "visibility": (Visibility.values, False),
        "join_policy": (JoinPolicy.values, False),
        "region": (Region.values, True),
        "sector": (Sector.values, True),
    }
    for name, (allowed, blank) in checks.items():
        if name in cleaned:
            _check_choice(cleaned[name], allowed, name, blank)
    slow = cleaned.get("slow_mode_seconds", 0)
    if not isinstance(slow, int) or isinstance(slow, bool) or not 0 <= slow <= SLOW_MODE_MAX:
        raise CommunityRefusal(
            _("Slow mode: between 0 and %(max)d seconds.") % {"max": SLOW_MODE_MAX},
            "invalid",
            field="slow_mode_seconds",
        )
    return cleaned


def check_named(community: Community) -> None:
    if not (community.name_fr or community.name_en):
        raise CommunityRefusal(
            _("Give the community a name, in French or in English."), "invalid", field="name_fr"
        )
