"""Creating a project, changing it, moving its status; the search text it is found by.

A team project (visibility "team") is made by an agency's counsellor or admin for that
agency (`organization`); any other project belongs to no organisation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.communities.queries.directory import fold
from tremplin.core.regions import Region
from tremplin.organizations.models import Organization
from tremplin.projects.models import (
    STATUS_TRANSITIONS,
    Member,
    MemberStatus,
    Project,
    Role,
    Visibility,
)
from tremplin.projects.models.project import HOURS_MAX, SKILLS_MAX_LENGTH, staffed_agencies
from tremplin.projects.refusals import ProjectRefusal
from tremplin.projects.services.log import log
from tremplin.projects.services.text import trimmed

EDITABLE = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "skills",
    "region",
    "remote",
    "hours_per_week",
    "kind",
    "visibility",
)
MAX_SKILLS = 12


def skills_of(value: str) -> list[str]:
    """The skills as typed, cleaned: trimmed, without duplicates (folded)."""
    seen: set[str] = set()
    found = []
    for raw in (value or "").split(","):
        skill = " ".join(raw.split())
        if skill and fold(skill) not in seen:
            seen.add(fold(skill))
            found.append(skill)
    return found


def search_text_of(project: Project) -> str:
    """Both titles and descriptions and the region's names in both languages, folded,
    then the skills as "|skill|" markers (the skill filter matches a whole skill)."""
    region = ""
    if project.region in Region.values:
        names = []
        for language in ("fr", "en"):
            with translation.override(language):
                names.append(str(Region(project.region).label))
        region = " ".join(names)
    parts = [project.title_fr, project.title_en, project.description_fr, project.description_en]
    words = " ".join(fold(" ".join(p.split())) for p in [*parts, region] if p)
    skills = "|".join(fold(s) for s in project.skill_list)
    return f"{words} |{skills}|" if skills else words


def _validate(fields: dict[str, Any]) -> dict[str, Any]:
    if not trimmed(fields.get("title_fr")) and not trimmed(fields.get("title_en")):
        raise ProjectRefusal(
            _("Give the project a title, in French or in English."), field="title_fr"
        )
    skills = skills_of(fields.get("skills") or "")
    if len(skills) > MAX_SKILLS:
        raise ProjectRefusal(
            _("Name at most %(count)d skills.") % {"count": MAX_SKILLS}, field="skills"
        )
    fields["skills"] = ", ".join(skills)
    if len(fields["skills"]) > SKILLS_MAX_LENGTH:
        raise ProjectRefusal(
            _("The skills are too long: %(max)d characters at most.") % {"max": SKILLS_MAX_LENGTH},
            field="skills",
        )
    hours = fields.get("hours_per_week")
    if hours is not None and not 1 <= int(hours) <= HOURS_MAX:
        raise ProjectRefusal(
            _("Hours a week: between 1 and %(max)d.") % {"max": HOURS_MAX}, field="hours_per_week"
        )
    for name in ("title_fr", "title_en", "description_fr", "description_en"):
        fields[name] = trimmed(fields.get(name))
    return fields


def team_agencies(user: Any) -> list[Organization]:
    """The agencies for which `user` may make team projects (where they are staff)."""
    ids = staffed_agencies(user)
    return list(Organization.objects.filter(pk__in=ids).order_by("name")) if ids else []


def _team_organization(user: Any, visibility: str, organization: Organization | None) -> Any:
    if visibility != Visibility.TEAM:
        return None
    if organization is None:
        choices = team_agencies(user)
        organization = choices[0] if len(choices) == 1 else None
    if organization is None or organization.pk not in staffed_agencies(user):
        raise ProjectRefusal(
            _("Only counsellors and admins of an agency make team projects, for their agency."),
            "forbidden",
            field="visibility",
        )
    return organization


@transaction.atomic
def create_project(
    user: Any, *, organization: Organization | None = None, **fields: Any
) -> Project:
    fields = _validate({k: v for k, v in fields.items() if k in EDITABLE})
    visibility = fields.get("visibility") or Visibility.MEMBERS
    project = Project(lead=user, **fields)
    project.organization = _team_organization(user, visibility, organization)
    project.search_text = search_text_of(project)
    project.save()
    Member.objects.create(project=project, user=user, role=Role.LEAD, status=MemberStatus.ACTIVE)
    log(project, user, "created")
    return project


def require_lead(user: Any, project: Project) -> Member:
    row = project.member_row(user)
    if row is None or not row.leads:
        raise ProjectRefusal(_("Only the project's lead may do this."), "forbidden")
    return row


@transaction.atomic
def update_project(user: Any, project: Project, **fields: Any) -> Project:
    require_lead(user, project)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    current = {name: getattr(locked, name) for name in EDITABLE}
    current.update({k: v for k, v in fields.items() if k in EDITABLE})
    current = _validate(current)
    if (current["visibility"] == Visibility.TEAM) != locked.is_team:
        raise ProjectRefusal(
            _("A team project stays a team project, and another project cannot become one."),
            "conflict",
            field="visibility",
        )
    for name, value in current.items():
        setattr(locked, name, value)
    locked.search_text = search_text_of(locked)
    locked.save()
    return locked


@transaction.atomic
def set_status(user: Any, project: Project, status: str) -> Project:
    require_lead(user, project)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    STATUS_TRANSITIONS.check(locked.status, status, ProjectRefusal)
    locked.status = status
    locked.save(update_fields=["status", "updated"])
    log(locked, user, "status", status=status)
    return locked
