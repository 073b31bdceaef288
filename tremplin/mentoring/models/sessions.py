"""A mentorship's sessions: proposed by either party at one of the mentor's free times
(or a time the mentor types), accepted or declined by the other, then held or missed
once the time has passed; cancelled or rescheduled before. Online (an https link) or at
a place, with an agenda.

Lifecycle (`SESSION_TRANSITIONS`): proposed → accepted | declined | cancelled;
accepted → held | missed | cancelled | proposed (rescheduled: the other answers again).

Who may see a session: whoever may see its mentorship (its two parties, no block).
A proposed or accepted session makes both parties busy (`busy_intervals`, registered in
`tremplin.availability.busy.providers` from hooks.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tremplin.core.lifecycle import Lifecycle
from tremplin.mentoring.models.mentorships import Mentorship

AGENDA_MAX_LENGTH = 2000
PLACE_MAX_LENGTH = 200
LENGTHS = (30, 45, 60, 90)
LONGEST = max(LENGTHS)


class SessionStatus(models.TextChoices):
    # In context: in French a session (une séance) is feminine.
    PROPOSED = "proposed", pgettext_lazy("mentoring session", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("mentoring session", "Accepted")
    DECLINED = "declined", pgettext_lazy("mentoring session", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("mentoring session", "Cancelled")
    HELD = "held", pgettext_lazy("mentoring session", "Held")
    MISSED = "missed", pgettext_lazy("mentoring session", "Missed")


SESSION_TRANSITIONS = Lifecycle(
    SessionStatus,
    {
        SessionStatus.PROPOSED: {
            SessionStatus.ACCEPTED,
            SessionStatus.DECLINED,
            SessionStatus.CANCELLED,
        },
        SessionStatus.ACCEPTED: {
            SessionStatus.HELD,
            SessionStatus.MISSED,
            SessionStatus.CANCELLED,
            SessionStatus.PROPOSED,
        },
        SessionStatus.DECLINED: set(),
        SessionStatus.CANCELLED: set(),
        SessionStatus.HELD: set(),
        SessionStatus.MISSED: set(),
    },
)
BOOKED = (SessionStatus.PROPOSED, SessionStatus.ACCEPTED)


class SessionQuerySet(models.QuerySet["Session"]):
    def visible_to(self, viewer: Any) -> SessionQuerySet:
        """THE rule: the mentorship's two parties (no block)."""
        return self.filter(mentorship__in=Mentorship.objects.visible_to(viewer))

    def booked(self) -> SessionQuerySet:
        return self.filter(status__in=BOOKED)

    def held(self) -> SessionQuerySet:
        return self.filter(status=SessionStatus.HELD)


class Session(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("when"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    ends_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus, default=SessionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    link = models.URLField(_("online link"), blank=True, max_length=500)
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH, blank=True)
    agenda = models.TextField(_("agenda"), max_length=AGENDA_MAX_LENGTH, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # the .ics SEQUENCE
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring session")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=LONGEST),
                name="mentoring_session_length",
            )
        ]
        indexes = [
            models.Index(fields=["mentorship", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"session {self.pk} of {self.mentorship_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ends_at = self.starts_at + timedelta(minutes=self.minutes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "starts_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ends_at"}
        super().save(*args, **kwargs)

    def is_visible_to(self, viewer: Any) -> bool:
        return self.mentorship.is_visible_to(viewer)

    @property
    def waiting_for(self) -> int | None:
        """The party whose answer a proposal waits for (the one who did not propose)."""
        if self.status != SessionStatus.PROPOSED:
            return None
        m = self.mentorship
        return m.mentee_id if self.proposed_by_id == m.mentor_id else m.mentor_id


def busy_intervals(
    user: Any, start: datetime, end: datetime
) -> Iterable[tuple[datetime, datetime]]:
    """A member's proposed and accepted sessions overlapping [start, end), as mentor or
    mentee (the busy provider this app registers)."""
    rows = (
        Session.objects.booked()
        .filter(Q(mentorship__mentor=user) | Q(mentorship__mentee=user))
        .filter(mentorship__status="active", starts_at__lt=end, ends_at__gt=start)
        .values_list("starts_at", "ends_at")
    )
    return list(rows)
