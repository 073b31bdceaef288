"""Events: job fairs, workshops, information sessions.

An event is organised by a community (`community`), or by an agency or an employer
(`organization`, no community). In person (`venue`, `city`) or online (`online_url`,
shown to registered people only). Capacity with a waiting list: a "going" registration
beyond capacity waits (`waitlisted`) and moves up, in order, when a place frees.

THE rule (`EventQuerySet.visible_to`): a community's event is seen by whoever may read
the community's content; an organisation's event by its `audience` (public: anyone;
members: signed-in members); never once a moderator removed it (`removed`). A cancelled
event stays visible (marked cancelled) to those who could see it. Its online link:
registered people (going or maybe, not waiting) and its organisers only
(`Event.link_visible_to`).

Registration lifecycle: going ⇄ maybe ⇄ not_going (a member changes their answer);
`waitlisted` is set on "going" beyond capacity and cleared when a place frees.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models.community import Community, content_q
from tremplin.core.viewer import viewer_of

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000
MAX_QUESTIONS = 5
DEFAULT_TIME_ZONE = "America/Toronto"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventKind(models.TextChoices):
    JOB_FAIR = "job_fair", _("Job fair")
    WORKSHOP = "workshop", _("Workshop")
    INFORMATION = "information", _("Information session")
    MEETUP = "meetup", _("Meetup")
    OTHER = "other", _("Other")


class EventAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members")


class Rsvp(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, viewer: Any) -> EventQuerySet:
        """THE event rule (see the module's docstring)."""
        of_community = Q(community__isnull=False) & content_q(viewer)
        of_organization = Q(community__isnull=True) & Q(audience=EventAudience.PUBLIC)
        if _signed_in(viewer):
            of_organization = Q(community__isnull=True)
        # A moderator's removal hides it from everyone (its author is told why).
        return self.filter(of_community | of_organization, removed__isnull=True)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends__gte=timezone.now()).order_by("starts", "pk")

    def organised_by(self, user: Any) -> EventQuerySet:
        """The events `user` organises: their community's (as its moderator) and their
        organisation's (as its staff, see `organising_organizations`)."""
        if not _signed_in(user):
            return self.none()
        moderated = Community.objects.moderated_by(user).values("pk")
        return self.filter(
            Q(community__in=moderated)
            | Q(community__isnull=True, organization__in=organising_organizations(user))
        )


def organising_organizations(user: Any) -> set[int]:
    """The organisations whose events `user` may organise: an agency's staff (any
    role), a VERIFIED employer's staff (read once per request, `core.viewer`)."""
    if not _signed_in(user):
        return set()
    return {
        fact.organization_id
        for fact in viewer_of(user).memberships
        if fact.kind == "agency" or (fact.kind == "employer" and fact.verified)
    }


class Event(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community_events",
        verbose_name=_("organised by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind, default=EventKind.OTHER)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text=_("Markdown.")
    )
    language = models.CharField(_("language"), max_length=2, default="fr")
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat, default=EventFormat.IN_PERSON
    )
    venue = models.CharField(_("place"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    # The zone the organiser gave the times in (the venue's): pages show the times in it
    # and, when it differs, in the site's zone too.
    time_zone = models.CharField(_("time zone"), max_length=40, default=DEFAULT_TIME_ZONE)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    # Up to MAX_QUESTIONS questions asked at registration: [{"label": str, "required": bool}].
    questions = models.JSONField(_("registration questions"), default=list, blank=True)
    audience = models.CharField(
        _("who can see it"), max_length=8, choices=EventAudience, default=EventAudience.MEMBERS
    )
    cancelled = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(blank=True, max_length=1000)
    # Removed by a moderator (restorable): seen by no one.
    removed = models.DateTimeField(null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    reminded = models.DateTimeField(null=True, blank=True)
    # Bumped on each change, the .ics SEQUENCE (calendars replace the earlier version).
    sequence = models.PositiveIntegerField(default=0)
    uid = models.CharField(max_length=80, unique=True, default="", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(organization__isnull=False),
                name="event_has_an_organiser",
            ),
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="event_ends_after"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts"], name="event_community"),
            models.Index(fields=["organization", "starts"], name="event_organization"),
            models.Index(fields=["starts"], name="event_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.uid:
            self.uid = f"{secrets.token_hex(16)}@tremplin"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communities:event", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled is not None

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity

    def is_visible_to(self, viewer: Any) -> bool:
        return Event.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def is_organised_by(self, user: Any) -> bool:
        """The single-object twin of `EventQuerySet.organised_by`."""
        if not _signed_in(user):
            return False
        if self.community is not None:
            return self.community.is_moderated_by(user)
        return self.organization_id in organising_organizations(user)

    def link_visible_to(self, viewer: Any, registration: Registration | None = None) -> bool:
        """The online link: its organisers, and people registered going or maybe (not
        waiting); never anyone else (lists, feeds, notifications and emails to others
        never carry it). `registration` is the viewer's, when the caller has it."""
        if not self.online_url or not _signed_in(viewer):
            return False
        if registration is None:
            registration = Registration.objects.filter(event=self, user=viewer).first()
        if registration is not None and registration.holds_place:
            return True
        return self.is_organised_by(viewer)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def visible_to(self, viewer: Any) -> RegistrationQuerySet:
        """The person registered sees their registration; an event's organisers read the
        list through `queries` (who organises: the community's moderators, or the
        organisation's staff), never through this rule."""
        if not _signed_in(viewer):
            return self.none()
        return self.filter(user=viewer)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    rsvp = models.CharField(max_length=10, choices=Rsvp, default=Rsvp.GOING)
    waitlisted = models.BooleanField(default=False)
    # When this "going" joined the waiting list: the list's order (a member who changes
    # "maybe" to "going" on a full event waits behind those already waiting).
    waiting_since = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once"),
        ]
        indexes = [
            models.Index(
                fields=["event", "rsvp", "waitlisted", "created"], name="registration_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.rsvp} {self.event_id}"

    @property
    def holds_place(self) -> bool:
        """Going (with a place) or maybe: registered, shown the online link."""
        return self.rsvp in (Rsvp.GOING, Rsvp.MAYBE) and not self.waitlisted


class CalendarFeed(models.Model):
    """A member's private calendar address (the events they registered for), a secret
    token they can renew."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"
