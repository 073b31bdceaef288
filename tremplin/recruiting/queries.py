"""The recruiter search: members who show "open to work" to recruiters, as a recruiter
of a verified employer may find them.

Nothing here decides who sees what: the candidates are `Profile.objects
.open_to_work_shown_to(viewer)` (the SQL twin of `Profile.open_to_work_visible_to`,
which asks `core.audience`), minus members hidden from search and those who keep their
"recruiters" audience from the viewer's employers (`core.audience.recruiter_q`, also
applied when she shows "open to work" to everyone: her employer's recruiters never find
her here). A filter on skills or languages matches only where that section is shown to
the viewer (`audience_q`), so a filter cannot reveal a hidden section.

Cost: a page is one query over the partial index `profile_open_to_work_order` (members
open to work, not hidden, in name order) with LIMIT 20, one capped count, and one query
each for the page's skills and languages: no query per card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import audience_q, recruiter_q
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import Organization
from tremplin.profiles.choices import LANGUAGE_NAMES
from tremplin.profiles.models import LanguageSkill, OpenToWorkAudience, Profile, Skill
from tremplin.recruiting.errors import RecruitingRefusal

PAGE_SIZE = 20
MAX_SKILLS = 5


def language_names(typed: str) -> list[str]:
    """A language typed in either language finds the members who wrote it in either."""
    wanted = typed.strip().casefold()
    for names in LANGUAGE_NAMES.values():
        if wanted in names:
            return [n for n in names if len(n) > 2]
    return [typed.strip()]


@dataclass
class Filters:
    skills: list[str] = field(default_factory=list)
    region: str = ""
    language: str = ""


def parse_skills(text: str) -> list[str]:
    """Skills typed as "python, excel": each once, at most MAX_SKILLS."""
    found: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())[:60]
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())[:MAX_SKILLS]


def require_recruiter(viewer: Any) -> None:
    """The search and the contact are for recruiters and administrators of verified
    employers; anyone else signed in is told so (a 403: the page is no secret)."""
    if not viewer_of(viewer).is_verified_recruiter:
        raise RecruitingRefusal(
            _("Only recruiters and administrators of verified employers can search candidates."),
            code="forbidden",
        )


def _shown(viewer: Any, section: str) -> ExpressionWrapper:
    return ExpressionWrapper(
        audience_q(viewer, f"{section}_visibility", "user", sections=True),
        output_field=BooleanField(),
    )


def candidates(viewer: Any, filters: Filters | None = None) -> Any:
    """The candidates the viewer may find, in name order, each with `shows_skills` and
    `shows_languages` (whether those sections are shown to the viewer), their rows
    prefetched for the page."""
    require_recruiter(viewer)
    asking = viewer_of(viewer)
    filters = filters or Filters()
    found = (
        Profile.objects.open_to_work_shown_to(asking)
        .filter(
            recruiter_q(asking, "user"),
            hidden_from_search=False,
            open_to_work_audience__in=[OpenToWorkAudience.RECRUITERS, OpenToWorkAudience.EVERYONE],
        )
        .exclude(user_id=asking.id)
    )
    for skill in filters.skills:
        has = Exists(Skill.objects.filter(profile=OuterRef("pk"), name__iexact=skill))
        found = found.filter(has, audience_q(asking, "skills_visibility", "user", sections=True))
    if filters.region:
        found = found.filter(region=filters.region)
    if filters.language:
        spoken = Q()
        for name in language_names(filters.language):
            spoken |= Q(language__iexact=name)
        has = Exists(LanguageSkill.objects.filter(spoken, profile=OuterRef("pk")))
        found = found.filter(has, audience_q(asking, "languages_visibility", "user", sections=True))
    return (
        found.annotate(
            shows_skills=_shown(asking, "skills"), shows_languages=_shown(asking, "languages")
        )
        .select_related("user")
        .prefetch_related(
            Prefetch("skills", Skill.objects.all()),
            Prefetch("languages", LanguageSkill.objects.all()),
        )
        .order_by("display_name", "pk")
    )


def candidate_or_404(viewer: Any, handle: str) -> Profile:
    """One candidate of the viewer's search (a 404 for anyone the search would not list:
    it must not confirm that a member exists or is looking)."""
    found = candidates(viewer).filter(handle=handle).first()
    if found is None:
        raise Http404
    return found


def recruiting_organizations(viewer: Any) -> Any:
    """The verified employers the viewer may write in the name of, by name."""
    ids = viewer_of(viewer).recruiting_organization_ids
    return Organization.objects.filter(pk__in=ids).order_by("name", "pk")
