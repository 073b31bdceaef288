"""Appointments between a counsellor and a client, inside a counselling case.

Only the case's client and its CURRENT counsellor see an appointment (after a
reassignment the new counsellor does, the old one no longer does); nobody sees the
appointments of an invitation. Every change bumps `sequence`, the SEQUENCE of the .ics
invitation, so calendars replace the old version; `uid` never changes.

Lifecycle (`APPOINTMENT_TRANSITIONS`): scheduled → cancelled, held or missed; the three
are final (rescheduling keeps it scheduled and bumps the sequence). A client's request
starts as requested → scheduled (the counsellor confirms: only then does the .ics go
out), declined (by the counsellor), cancelled (the client withdraws) or expired (nobody
answered before its start).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.counselling.models import case_url, parties_q

MIN_DURATION = 15
MAX_DURATION = 240
DEFAULT_DURATION = 60


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


# The states that hold the counsellor's time: free times never offer them, and no
# booking or request may overlap them.
TAKEN = (AppointmentStatus.SCHEDULED, AppointmentStatus.REQUESTED)
# A client's request may last this long (minutes).
REQUEST_LENGTHS = (30, 60)
REQUEST_MESSAGE_MAX = 500


# Lifecycle: the only allowed moves.
APPOINTMENT_TRANSITIONS = Lifecycle(
    AppointmentStatus,
    {
        AppointmentStatus.REQUESTED: {
            AppointmentStatus.SCHEDULED,
            AppointmentStatus.DECLINED,
            AppointmentStatus.CANCELLED,
            AppointmentStatus.EXPIRED,
        },
        AppointmentStatus.SCHEDULED: {
            AppointmentStatus.CANCELLED,
            AppointmentStatus.HELD,
            AppointmentStatus.MISSED,
        },
        AppointmentStatus.CANCELLED: set(),
        AppointmentStatus.HELD: set(),
        AppointmentStatus.MISSED: set(),
        AppointmentStatus.DECLINED: set(),
        AppointmentStatus.EXPIRED: set(),
    },
)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, viewer: Any) -> AppointmentQuerySet:
        """The case's client and its current counsellor, never for an invitation.
        Admins, other counsellors, moderators and staff see nothing."""
        rule = parties_q(viewer, "case__")
        return self.none() if rule is None else self.filter(rule)

    def scheduled(self) -> AppointmentQuerySet:
        return self.filter(status=AppointmentStatus.SCHEDULED)

    def requested(self) -> AppointmentQuerySet:
        return self.filter(status=AppointmentStatus.REQUESTED)

    def taken(self) -> AppointmentQuerySet:
        """What holds the counsellor's time: scheduled, or asked for and not answered."""
        return self.filter(status__in=TAKEN)

    def with_people(self) -> AppointmentQuerySet:
        """One appointment with both parties' names and the agency (its page, the API,
        its emails and their .ics organiser)."""
        return self.select_related(
            "case__client__profile", "case__counsellor__profile", "case__agency"
        )


class Appointment(models.Model):
    case = models.ForeignKey(
        "counselling.Case", on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_DURATION,
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode, default=Mode.IN_PERSON)
    location = models.CharField(_("address"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    phone_details = models.CharField(_("phone details"), max_length=300, blank=True)
    agenda = models.CharField(_("agenda"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=AppointmentStatus, default=AppointmentStatus.SCHEDULED
    )
    cancelled_reason = models.CharField(_("reason"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The .ics SEQUENCE: bumped at every change the invitation must carry.
    sequence = models.PositiveIntegerField(default=0)
    # The .ics UID: stable for the appointment's whole life.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # A client's request: who asked, what they want to discuss (the counsellor reads it),
    # and when the counsellor confirmed it (the invitation goes out only then).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    request_message = models.CharField(
        _("what I would like to discuss"), max_length=REQUEST_MESSAGE_MAX, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["case", "status", "starts_at"]),
            # The reminder sweep: scheduled, not reminded, by start.
            models.Index(fields=["status", "reminder_sent_at", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gte=MIN_DURATION) & Q(duration__lte=MAX_DURATION),
                name="appointment_duration_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return f"{case_url(self.case_id)}#appointment-{self.pk}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration)

    def is_visible_to(self, viewer: Any) -> bool:
        return Appointment.objects.visible_to(viewer).filter(pk=self.pk).exists()

    @property
    def invited(self) -> bool:
        """Whether calendars ever got it: booked by the counsellor, or a confirmed
        request. Nothing else has an .ics."""
        if self.status in (AppointmentStatus.REQUESTED, AppointmentStatus.DECLINED):
            return False
        return self.requested_by_id is None or self.confirmed_at is not None

    @property
    def place(self) -> str:
        """Where it happens, as one line: the address, the link or the phone details."""
        if self.mode == Mode.VIDEO:
            return self.video_url
        if self.mode == Mode.PHONE:
            return self.phone_details
        return self.location
