"""Collaboration projects: who may see one, who belongs to it and in which role.

Visibility (`Visibility`), decided in ONE place, `ProjectQuerySet.visible_to(viewer)`,
with its single-object twin `Project.is_visible_to(viewer)` (the same query on one row,
so the two cannot disagree):
- public: anyone, visitors included;
- members: signed-in members of Tremplin;
- connections: the lead's connections (`core.viewer` relation "connections");
- invitation: nobody but the project's members, applicants and invited people — to
  everyone else it does not exist (404 in pages and API, absent from search);
- team: a team project of an agency, seen by that agency's staff (admins and
  counsellors, `core.viewer` memberships) and nobody else, whatever the membership rows
  say (a counsellor who leaves the agency loses it).
Members, applicants and invited people of a non-team project always see it. A block
either way with the lead hides the project from a viewer who is not an active member.

Membership lifecycle (`MEMBER_TRANSITIONS`): applied → active | declined | left (the
application withdrawn); invited → active | declined | left (withdrawn); active → left |
removed; declined/left → applied | invited; removed → invited (only the lead brings
someone back). Roles: one lead (`Project.lead`, also an active "lead" row) and members.

Project status (`STATUS_TRANSITIONS`): open for collaborators ⇄ in progress → closed,
closed → open (reopened).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.regions import Region
from tremplin.core.viewer import viewer_of

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 5000
SKILLS_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 1000
HOURS_MAX = 60
# Agency roles that make someone "staff" for team projects (organizations.Role values).
STAFF_ROLES = ("admin", "counsellor")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see it")
    MEMBERS = "members", _("Members of Tremplin: signed-in members can see it")
    CONNECTIONS = "connections", _("My connections: the lead's connections can see it")
    INVITATION = "invitation", _("Invitation only: only its members and invited people")
    TEAM = "team", _("Team project: the staff of my agency only")


class Kind(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portfolio piece")
    STARTUP = "startup", _("Start-up")
    VOLUNTEER = "volunteer", _("Volunteer initiative")
    STUDY_GROUP = "study_group", _("Study group")
    PROFESSIONAL = "professional", _("Other professional project")
    PERSONAL = "personal", _("Other personal project")


class Status(models.TextChoices):
    OPEN = "open", _("Open for collaborators")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


STATUS_TRANSITIONS = Lifecycle(
    Status,
    {
        Status.OPEN: {Status.IN_PROGRESS, Status.CLOSED},
        Status.IN_PROGRESS: {Status.OPEN, Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
    },
)


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class MemberStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


MEMBER_TRANSITIONS = Lifecycle(
    MemberStatus,
    {
        MemberStatus.APPLIED: {MemberStatus.ACTIVE, MemberStatus.DECLINED, MemberStatus.LEFT},
        MemberStatus.INVITED: {MemberStatus.ACTIVE, MemberStatus.DECLINED, MemberStatus.LEFT},
        MemberStatus.ACTIVE: {MemberStatus.LEFT, MemberStatus.REMOVED},
        MemberStatus.DECLINED: {MemberStatus.APPLIED, MemberStatus.INVITED},
        MemberStatus.LEFT: {MemberStatus.APPLIED, MemberStatus.INVITED},
        MemberStatus.REMOVED: {MemberStatus.INVITED},
    },
)
# The rows that let a viewer see a non-team project.
SEEING = (MemberStatus.APPLIED, MemberStatus.INVITED, MemberStatus.ACTIVE)


def in_language(french: str, english: str) -> str:
    """The text in the active language, else in the other one."""
    if (get_language() or "en").startswith("fr"):
        return french or english
    return english or french


def signed_in(viewer: Any) -> bool:
    return viewer is not None and bool(getattr(viewer, "is_authenticated", False))


def staffed_agencies(viewer: Any) -> set[int]:
    """The agencies whose team projects the viewer sees (admin or counsellor there)."""
    asking = viewer_of(viewer)
    return {
        m.organization_id
        for m in asking.memberships
        if m.kind == "agency" and m.role in STAFF_ROLES
    }


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, viewer: Any) -> ProjectQuerySet:
        """THE rule (see the module's docstring)."""
        if not signed_in(viewer):
            return self.filter(visibility=Visibility.PUBLIC)
        asking = viewer_of(viewer)
        rows = Member.objects.filter(user_id=viewer.pk)
        seeing = rows.filter(status__in=SEEING).values("project_id")
        rule = (
            Q(visibility__in=(Visibility.PUBLIC, Visibility.MEMBERS))
            | Q(visibility=Visibility.CONNECTIONS, lead_id__in=asking.relation("connections"))
            | (~Q(visibility=Visibility.TEAM) & Q(pk__in=seeing))
        )
        agencies = staffed_agencies(viewer)
        if agencies:
            rule |= Q(visibility=Visibility.TEAM, organization_id__in=agencies)
        found = self.filter(rule)
        if asking.blocked_ids:
            active = rows.filter(status=MemberStatus.ACTIVE).values("project_id")
            found = found.exclude(Q(lead_id__in=asking.blocked_ids) & ~Q(pk__in=active))
        return found

    def worked_on_by(self, viewer: Any) -> ProjectQuerySet:
        """THE inside rule: projects whose board, files, discussion and activity the
        viewer may read: those they see AND are an active member of."""
        if not signed_in(viewer):
            return self.none()
        active = Member.objects.filter(user_id=viewer.pk, status=MemberStatus.ACTIVE)
        return self.visible_to(viewer).filter(pk__in=active.values("project_id"))

    def for_card(self) -> ProjectQuerySet:
        """Projects as the lists show them: the lead's name, no long texts."""
        return self.select_related("lead__profile", "organization").defer("search_text")


class Project(models.Model):
    """A project people build together. Title and description in French and/or English
    (at least one title): the text carries its language."""

    title_fr = models.CharField(_("title (French)"), max_length=TITLE_MAX_LENGTH, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    description_fr = models.TextField(
        _("description (French)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    description_en = models.TextField(
        _("description (English)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    skills = models.CharField(
        _("skills wanted"),
        max_length=SKILLS_MAX_LENGTH,
        blank=True,
        help_text=_("Separated by commas."),
    )
    region = models.CharField(_("region"), max_length=2, choices=Region, blank=True)
    remote = models.BooleanField(_("can be done remotely"), default=False)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    kind = models.CharField(_("kind of project"), max_length=16, choices=Kind)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    visibility = models.CharField(
        _("who can see it"), max_length=12, choices=Visibility, default=Visibility.MEMBERS
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects_led"
    )
    # Team projects only: the agency whose staff see it.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_projects",
    )
    # Folded words of both titles, descriptions and the region's names, then "|skill|"
    # markers: what the search matches (LIKE, a trigram index on PostgreSQL).
    search_text = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            # The search's page: open projects, newest first (keyset on id).
            models.Index(fields=["status", "-id"], name="project_status_newest"),
            models.Index(fields=["organization", "-id"], name="project_team_newest"),
            models.Index(fields=["lead", "-id"], name="project_lead_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(visibility="team") & Q(organization__isnull=False))
                | (~Q(visibility="team") & Q(organization__isnull=True)),
                name="project_team_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def title_lang(self) -> str:
        """The language of `title` as shown now (for the lang attribute)."""
        return "fr" if self.title == self.title_fr and self.title_fr else "en"

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def languages(self) -> list[str]:
        found = []
        if self.title_fr or self.description_fr:
            found.append("fr")
        if self.title_en or self.description_en:
            found.append("en")
        return found

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    @property
    def is_team(self) -> bool:
        return self.visibility == Visibility.TEAM

    def is_visible_to(self, viewer: Any) -> bool:
        return Project.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def is_worked_on_by(self, viewer: Any) -> bool:
        return Project.objects.worked_on_by(viewer).filter(pk=self.pk).exists()

    def member_row(self, viewer: Any) -> Member | None:
        """The viewer's own row (any status), or None."""
        if not signed_in(viewer):
            return None
        return Member.objects.filter(project=self, user_id=viewer.pk).first()


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> MemberQuerySet:
        return self.filter(status=MemberStatus.ACTIVE)

    def for_display(self) -> MemberQuerySet:
        return self.select_related("user__profile")


class Member(models.Model):
    """A person's place in a project: applied, invited, active (with a role)..."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus)
    message = models.TextField(_("message"), blank=True, max_length=MESSAGE_MAX_LENGTH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    changed = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_member_once"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="project_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.project_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def leads(self) -> bool:
        return self.is_active and self.role == Role.LEAD
