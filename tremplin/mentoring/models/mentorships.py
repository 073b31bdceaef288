"""Mentoring: the consented link between a mentor and a mentee.

Either member may propose (`invited_by`); the other accepts or declines; either may end
it at any time. While a mentorship is active, the mentee may share vault documents with
the mentor (`tremplin.vault.models.ShareVia.MENTOR`); ending it cuts that access on the
very next request, because the vault asks `Mentorship.objects.active()` each time.

Lifecycle (`MENTORSHIP_TRANSITIONS`): invited → active | ended; active → ended; ended is
final (propose again instead). At most one open (invited or active) mentorship exists
per pair of members, whichever way round (a conditional unique constraint).

Who may see a mentorship: the two parties only, and not across a block
(`MentorshipQuerySet.visible_to`, with `Mentorship.is_visible_to` beside it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.reversing import reverse_pk
from tremplin.core.viewer import viewer_of

MESSAGE_MAX_LENGTH = 500


class MentorshipStatus(models.TextChoices):
    INVITED = "invited", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Role(models.TextChoices):
    """The role the person proposing takes."""

    MENTOR = "mentor", _("I offer to be their mentor")
    MENTEE = "mentee", _("I ask them to be my mentor")


# Lifecycle: the only allowed moves. Declining an invitation and withdrawing one both
# end it (an ended mentorship that never started was declined or withdrawn). A
# coordinator's match stays "invited" until BOTH parties accepted (each acceptance is a
# timestamp, `mentor_accepted_at` / `mentee_accepted_at`); the second acceptance moves it
# to "active"; a refusal by either ends it.
MENTORSHIP_TRANSITIONS = Lifecycle(
    MentorshipStatus,
    {
        MentorshipStatus.INVITED: {MentorshipStatus.ACTIVE, MentorshipStatus.ENDED},
        MentorshipStatus.ACTIVE: {MentorshipStatus.ENDED},
        MentorshipStatus.ENDED: set(),
    },
)
OPEN_STATUSES = (MentorshipStatus.INVITED, MentorshipStatus.ACTIVE)


def _blocked_pairs_q(viewer: Any) -> Q:
    """Mentorships whose other party is in a block with `viewer`, either way."""
    asking = viewer_of(viewer)
    return asking.relation("blocked_q", "mentor") | asking.relation("blocked_q", "mentee")


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def visible_to(self, viewer: Any) -> MentorshipQuerySet:
        """THE rule: the mentor and the mentee, never anyone else; a block hides it."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(Q(mentor=viewer) | Q(mentee=viewer)).exclude(_blocked_pairs_q(viewer))

    def for_display(self) -> MentorshipQuerySet:
        """Mentorships as the lists show them: both parties' names."""
        return self.select_related("mentor__profile", "mentee__profile")

    def open(self) -> MentorshipQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def active(self) -> MentorshipQuerySet:
        return self.filter(status=MentorshipStatus.ACTIVE)

    def ended(self) -> MentorshipQuerySet:
        return self.filter(status=MentorshipStatus.ENDED)

    def between(self, a: Any, b: Any) -> MentorshipQuerySet:
        """Either way round."""
        return self.filter(Q(mentor=a, mentee=b) | Q(mentor=b, mentee=a))


class EndReason(models.TextChoices):
    """Why a mentorship ended before its planned end (a short list, plus a note)."""

    GOALS_MET = "goals_met", _("Our goals are met")
    FOUND_WORK = "found_work", _("The mentee found work or started training")
    NO_TIME = "no_time", _("Not enough time")
    NOT_A_FIT = "not_a_fit", _("Not a good fit")
    NO_CONTACT = "no_contact", _("No longer in contact")
    OTHER = "other", _("Other")


class Mentorship(models.Model):
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MentorshipStatus, default=MentorshipStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    message = models.CharField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Why an active mentorship ended early, and an optional word.
    ended_reason = models.CharField(max_length=20, choices=EndReason, blank=True)
    ended_note = models.CharField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # A programme's match (models/programmes.py). A coordinator's proposal is
    # `coordinated`: `invited_by` is then the mentor (a party, as the constraint wants),
    # and it starts only once both sides accepted (`mentor_accepted_at`,
    # `mentee_accepted_at`); either may decline, with no reason.
    programme = models.ForeignKey(
        "mentoring.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships",
    )
    coordinated = models.BooleanField(default=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    # When both parties were told they are halfway through their agreed dates (claimed
    # once by tasks.tell_midpoint; an extension does not tell them again).
    midpoint_told_at = models.DateTimeField(null=True, blank=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentorship_not_self"),
            models.CheckConstraint(
                condition=Q(invited_by=F("mentor")) | Q(invited_by=F("mentee")),
                name="mentorship_invited_by_a_party",
            ),
            # One open mentorship per pair, whichever of the two is the mentor.
            models.UniqueConstraint(
                Least("mentor", "mentee"),
                Greatest("mentor", "mentee"),
                condition=Q(status__in=["invited", "active"]),
                name="mentorship_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["programme", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.mentee_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse_pk("mentoring:hub", self.pk)

    def is_visible_to(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if viewer.pk not in (self.mentor_id, self.mentee_id):
            return False
        other = self.mentee_id if viewer.pk == self.mentor_id else self.mentor_id
        return not viewer_of(viewer).blocks_either_way(other)

    def other_party(self, user: Any) -> Any:
        return self.mentee if user.pk == self.mentor_id else self.mentor

    def role_of(self, user: Any) -> str:
        return Role.MENTOR if user.pk == self.mentor_id else Role.MENTEE

    def waits_for(self, user: Any) -> bool:
        """Whether this proposal waits for `user`'s answer."""
        if self.status != MentorshipStatus.INVITED:
            return False
        if self.coordinated:
            mine = self.mentor_accepted_at if user.pk == self.mentor_id else self.mentee_accepted_at
            return mine is None
        return self.invited_by_id != user.pk

    @property
    def invited_party(self) -> Any:
        """The member a proposal waits for (the one who did not propose)."""
        return self.mentee if self.invited_by_id == self.mentor_id else self.mentor


def is_mentor_of(mentor: Any, mentee: Any) -> bool:
    """Whether `mentor` is `mentee`'s mentor right now (an active mentorship, no block)."""
    if mentor is None or mentee is None or mentor.pk == mentee.pk:
        return False
    if viewer_of(mentor).blocks_either_way(mentee.pk):
        return False
    return Mentorship.objects.active().filter(mentor=mentor, mentee=mentee).exists()
