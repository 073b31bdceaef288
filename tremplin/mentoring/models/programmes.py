"""Mentoring programmes an agency or a community runs, and who enrolled in them.

A programme (`Programme`) has a name and purpose in both languages, dates, who may join
on each side (`JoinPolicy`), an intake questionnaire per side (a few questions in both
languages; the answers are kept on the enrolment), a capacity (mentees), the length of a
mentorship in months (extendable by a coordinator) and its coordinators (staff of the
agency, or owners and moderators of the community). Lifecycle (`PROGRAMME_TRANSITIONS`):
draft → open → running → closed; a draft or an open programme may also close at once.

Who runs it: an agency (`agency`) or a community (`community`), exactly one of the two
(a database check). Communities sits above mentoring in the layers: what mentoring needs
to know of a community (its moderators, its members) is asked through
`tremplin.mentoring.community_roles`, which communities fills.

Who sees what, one rule each (deny by default):
- a programme: its coordinators always; the agency's admins, or the community's owners
  and moderators, always; once it is no longer a draft, any signed-in member for an
  agency's programme, the community's active members for a community's one, except
  where both sides join by invitation only; and, once it is no longer a draft, whoever
  is invited or enrolled (`ProgrammeQuerySet.visible_to`);
- an enrolment (with its intake answers and a mentee's goals): the person, the
  programme's coordinators, and for a mentee's enrolment the mentor of an open
  (proposed or active) mentorship with that mentee in that programme
  (`EnrolmentQuerySet.visible_to`, and `Enrolment.is_visible_to` reading the same
  relations).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of
from tremplin.mentoring.community_roles import community_roles
from tremplin.mentoring.models.mentorships import OPEN_STATUSES, Mentorship
from tremplin.organizations.models import Organization, Role

MAX_QUESTIONS = 5
ANSWER_MAX_LENGTH = 1000
GOALS_MAX_LENGTH = 1000


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


PROGRAMME_TRANSITIONS = Lifecycle(
    ProgrammeStatus,
    {
        ProgrammeStatus.DRAFT: {ProgrammeStatus.OPEN, ProgrammeStatus.CLOSED},
        ProgrammeStatus.OPEN: {ProgrammeStatus.RUNNING, ProgrammeStatus.CLOSED},
        ProgrammeStatus.RUNNING: {ProgrammeStatus.CLOSED},
        ProgrammeStatus.CLOSED: set(),
    },
)
# Enrolment is possible while open or running; matches are proposed in the same states.
ENROLLING = (ProgrammeStatus.OPEN, ProgrammeStatus.RUNNING)


class JoinPolicy(models.TextChoices):
    MEMBERS = "members", _("Any signed-in member")
    CLIENTS = "clients", _("The agency's clients")
    COMMUNITY = "community", _("The community's members")
    INVITATION = "invitation", _("By invitation of a coordinator")


# Who may join, by who runs the programme. A community's programme takes only the
# community's members, whichever policy (a coordinator invites among them).
AGENCY_POLICIES = (JoinPolicy.MEMBERS, JoinPolicy.CLIENTS, JoinPolicy.INVITATION)
COMMUNITY_POLICIES = (JoinPolicy.COMMUNITY, JoinPolicy.INVITATION)


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ENROLLED = "enrolled", _("Enrolled")
    LEFT = "left", _("Left")


ENROLMENT_TRANSITIONS = Lifecycle(
    EnrolmentStatus,
    {
        EnrolmentStatus.INVITED: {EnrolmentStatus.ENROLLED, EnrolmentStatus.LEFT},
        EnrolmentStatus.ENROLLED: {EnrolmentStatus.LEFT},
        EnrolmentStatus.LEFT: {EnrolmentStatus.ENROLLED},
    },
)


def _admin_of(viewer: Any) -> set[int]:
    return viewer_of(viewer).organization_ids(role=Role.ADMIN)


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, viewer: Any) -> ProgrammeQuerySet:
        """THE rule (see the module's docstring)."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        coordinates = Programme.coordinators.through.objects.filter(
            programme=OuterRef("pk"), user=viewer
        )
        enrolled = Enrolment.objects.filter(programme=OuterRef("pk"), user=viewer).exclude(
            status=EnrolmentStatus.LEFT
        )
        invitation_only = Q(mentor_policy=JoinPolicy.INVITATION) & Q(
            mentee_policy=JoinPolicy.INVITATION
        )
        audience = Q(agency__isnull=False) | Q(community__in=community_roles.joined_ids(viewer))
        listed = ~Q(status=ProgrammeStatus.DRAFT) & (
            (~invitation_only & audience) | Exists(enrolled)
        )
        runs = Q(agency__in=_admin_of(viewer)) | Q(
            community__in=community_roles.moderated_ids(viewer)
        )
        return self.filter(Exists(coordinates) | runs | listed)

    def for_display(self) -> ProgrammeQuerySet:
        return self.select_related("agency", "community")


class Programme(models.Model):
    # Who runs it: exactly one of the two (`programme_one_owner`).
    agency = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="mentoring_programmes",
        null=True,
        blank=True,
    )
    # A lazy reference: the programme shows the community's name through it, and asks
    # every rule about it of `community_roles`; a deleted community takes its
    # programmes with it.
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="mentoring_programmes",
        null=True,
        blank=True,
    )
    name_fr = models.CharField(_("name in French"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    purpose_fr = models.TextField(_("purpose in French"), max_length=3000, blank=True)
    purpose_en = models.TextField(_("purpose in English"), max_length=3000, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    mentor_policy = models.CharField(
        _("who may join as mentor"), max_length=12, choices=JoinPolicy, default=JoinPolicy.MEMBERS
    )
    mentee_policy = models.CharField(
        _("who may join as mentee"), max_length=12, choices=JoinPolicy, default=JoinPolicy.CLIENTS
    )
    # [{"fr": "...", "en": "..."}, ...] at most MAX_QUESTIONS per side.
    mentor_questions = models.JSONField(default=list, blank=True)
    mentee_questions = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places for mentees"), default=20)
    months = models.PositiveSmallIntegerField(_("length of a mentorship (months)"), default=6)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus, default=ProgrammeStatus.DRAFT
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_programmes", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_dates_in_order"
            ),
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(community__isnull=True))
                | (Q(agency__isnull=True) & Q(community__isnull=False)),
                name="programme_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["status", "-starts_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language, or the other one."""
        if get_language() == "en":
            return self.name_en or self.name_fr
        return self.name_fr or self.name_en

    @property
    def purpose(self) -> str:
        if get_language() == "en":
            return self.purpose_en or self.purpose_fr
        return self.purpose_fr or self.purpose_en

    @property
    def owner(self) -> Any:
        """The agency or the community that runs it (both have a `name`)."""
        return self.agency if self.agency_id is not None else self.community

    @property
    def policies(self) -> tuple[str, ...]:
        """Who may join, as this programme's owner allows it."""
        return COMMUNITY_POLICIES if self.community_id is not None else AGENCY_POLICIES

    def questions(self, side: str) -> list[str]:
        """The intake questions of one side, in the reader's language."""
        found = self.mentor_questions if side == Side.MENTOR else self.mentee_questions
        lang = "en" if get_language() == "en" else "fr"
        other = "fr" if lang == "en" else "en"
        return [q.get(lang) or q.get(other) or "" for q in found or []]

    def policy(self, side: str) -> str:
        return self.mentor_policy if side == Side.MENTOR else self.mentee_policy

    def is_coordinator(self, user: Any) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return self.coordinators.filter(pk=user.pk).exists()

    def is_visible_to(self, viewer: Any) -> bool:
        return Programme.objects.visible_to(viewer).filter(pk=self.pk).exists()


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, viewer: Any) -> EnrolmentQuerySet:
        """THE rule: the person, the programme's coordinators, and a mentee's enrolment
        for the mentor of an open mentorship with them in that programme."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        coordinates = Programme.coordinators.through.objects.filter(
            programme=OuterRef("programme"), user=viewer
        )
        matched = Mentorship.objects.filter(
            programme=OuterRef("programme"),
            mentee=OuterRef("user"),
            mentor=viewer,
            status__in=OPEN_STATUSES,
        )
        return self.filter(
            Q(user=viewer) | Exists(coordinates) | (Q(side=Side.MENTEE) & Exists(matched))
        )

    def enrolled(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def for_display(self) -> EnrolmentQuerySet:
        return self.select_related("user__profile", "programme")


class Enrolment(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_enrolments"
    )
    side = models.CharField(_("side"), max_length=6, choices=Side)
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus, default=EnrolmentStatus.ENROLLED
    )
    # Intake: answers in the order of the side's questions.
    answers = models.JSONField(default=list, blank=True)
    # A mentee's intake: what they want to work on, as words the ranking reads.
    goals = models.TextField(_("my goals"), max_length=GOALS_MAX_LENGTH, blank=True)
    wanted_skills = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    region = models.CharField(_("region"), max_length=2, blank=True)
    online = models.BooleanField(_("online is fine"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "side"], name="enrolment_once_per_side"
            ),
        ]
        indexes = [models.Index(fields=["programme", "side", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.side} in {self.programme_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if viewer.pk == self.user_id:
            return True
        return Enrolment.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def intake(self) -> list[tuple[str, str]]:
        """(question, answer) pairs in the reader's language."""
        questions = self.programme.questions(self.side)
        answers = list(self.answers or [])
        return [(q, answers[i] if i < len(answers) else "") for i, q in enumerate(questions)]
