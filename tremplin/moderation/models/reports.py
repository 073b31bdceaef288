"""One report model for every kind of content, one log of decisions, and suspensions.

A report names what it is about by `kind` (a key of `moderation.reportables`, which the
apps that own the content fill from their hooks.py) and `object_id`, so moderation never
imports those apps. It also keeps `scope`: where the content lives ("" is the whole site;
a community, later, registers its own scopes). Who moderates what is one rule,
`moderated_by(viewer)`, on both querysets below: site moderators (`User.is_moderator`)
see every scope, a scoped moderator only the scopes a registered `ModeratorScope` gives
them, everyone else nothing. A report keeps its reporter for the duplicate rule and the
rate limit, but no page or answer shows the reporter to anyone: authors never learn who
reported them, and moderators judge the content, not the person who flagged it.

No copy of the reported content is kept here: the queue reads it live through the
registry, so removing it (or the author deleting their account) leaves nothing behind.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.refusals import Refusal
from tremplin.moderation import reportables

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000


class ModerationRefusal(Refusal):
    area = "moderation"


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or bullying")
    HATE = "hate", _("Hate or discrimination")
    SCAM = "scam", _("Scam or fraud")
    PRIVACY = "privacy", _("Shares someone's private information")
    IMPERSONATION = "impersonation", _("Pretends to be someone else")
    INAPPROPRIATE = "inappropriate", _("Sexual or violent content")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("waiting for a moderator")
    DISMISSED = "dismissed", _("dismissed")
    ACTIONED = "actioned", _("acted on")


class Action(models.TextChoices):
    DISMISS = "dismiss", _("Dismiss the reports")
    REMOVE = "remove", _("Remove the content")
    WARN = "warn", _("Warn the author")
    SUSPEND = "suspend", _("Suspend the author")
    LIFT = "lift", _("Lift a suspension")


# How the log and the notices say a decision once taken.
DONE = {
    Action.DISMISS: _("Reports dismissed"),
    Action.REMOVE: _("Content removed"),
    Action.WARN: _("Author warned"),
    Action.SUSPEND: _("Author suspended"),
    Action.LIFT: _("Suspension lifted"),
}

# Decisions the author is told about (and may read on their notice page).
TOLD_TO_AUTHOR = (Action.REMOVE, Action.WARN, Action.SUSPEND, Action.LIFT)


def _moderated_q(viewer: Any) -> Q | None:
    """The scopes `viewer` moderates as a filter on `scope`: every scope (an empty Q)
    for a site moderator, theirs for a scoped one, None for everyone else."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.is_moderator:
        return Q()
    scopes = reportables.scopes_moderated_by(viewer)
    return Q(scope__in=scopes) if scopes else None


def _escalated_q(viewer: Any) -> Q:
    """For a site moderator: a report in a scope with its own moderators (a community)
    only once it stayed open past the delay, or in a scope they moderate themselves."""
    prefixes = reportables.delegated_prefixes()
    if not prefixes:
        return Q()
    hours = int(
        getattr(settings, "MODERATION_ESCALATE_AFTER_HOURS", None)
        or os.environ.get("MODERATION_ESCALATE_AFTER_HOURS")
        or 24
    )
    delegated = Q()
    for prefix in prefixes:
        delegated |= Q(scope__startswith=prefix)
    fresh = Q(created__gt=timezone.now() - timedelta(hours=hours))
    own = reportables.scopes_moderated_by(viewer)
    return ~(delegated & fresh) | Q(scope__in=own)


class ReportQuerySet(models.QuerySet["Report"]):
    def moderated_by(self, viewer: Any) -> ReportQuerySet:
        """The reports in the viewer's moderation queue (deny by default). A site
        moderator's queue shows a community's reports once its own moderators left them
        open too long (`_escalated_q`)."""
        rule = _moderated_q(viewer)
        if rule is None:
            return self.none()
        if viewer.is_moderator:
            rule &= _escalated_q(viewer)
        return self.filter(rule)

    def visible_to(self, viewer: Any) -> ReportQuerySet:
        """The viewer's own reports, and those they moderate."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        rule = _moderated_q(viewer)
        mine = Q(reporter=viewer)
        return self.filter(mine if rule is None else mine | rule)

    def open(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.OPEN)


class DecisionQuerySet(models.QuerySet["Decision"]):
    def moderated_by(self, viewer: Any) -> DecisionQuerySet:
        """The log entries the viewer may read as a moderator (their scopes)."""
        rule = _moderated_q(viewer)
        return self.none() if rule is None else self.filter(rule)

    def visible_to(self, viewer: Any) -> DecisionQuerySet:
        """Decisions told to the viewer as the author (their notices), and the log of
        the scopes they moderate. Never a reporter's name: a decision has none."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        told = Q(author=viewer, action__in=TOLD_TO_AUTHOR)
        rule = _moderated_q(viewer)
        return self.filter(told if rule is None else told | rule)


class Decision(models.Model):
    """One entry of the moderation log: who decided what about which content, when and
    why. `reason` is told to the author (removal, warning, suspension)."""

    action = models.CharField(_("decision"), max_length=10, choices=Action)
    kind = models.CharField(_("kind of content"), max_length=20)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = models.CharField(max_length=64, blank=True, default="")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        indexes = [
            models.Index(fields=["scope", "-created"], name="decision_log"),
            models.Index(fields=["author", "-created"], name="decision_author"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.kind} {self.object_id}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:notice", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> Any:
        return reportables.label(self.kind)

    @property
    def done_label(self) -> Any:
        return DONE.get(Action(self.action), self.action)

    def is_visible_to(self, viewer: Any) -> bool:
        return Decision.objects.visible_to(viewer).filter(pk=self.pk).exists()


class Report(models.Model):
    """A member's report of one thing they could see. One per reporter and thing."""

    kind = models.CharField(_("kind of content"), max_length=20)
    object_id = models.PositiveBigIntegerField()
    scope = models.CharField(max_length=64, blank=True, default="")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Whose content it is, read when it was reported (a suspension needs the person
    # even once the content is gone).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    note = models.TextField(_("note for the moderators"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "kind", "object_id"], name="report_once_per_reporter"
            )
        ]
        indexes = [
            # The queue: WHERE status = 'open' [AND scope IN (...)] ORDER BY created.
            models.Index(fields=["status", "scope", "created"], name="report_queue"),
            models.Index(fields=["kind", "object_id"], name="report_target"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}: {self.kind} {self.object_id}"

    @property
    def kind_label(self) -> Any:
        return reportables.label(self.kind)

    def is_visible_to(self, viewer: Any) -> bool:
        return Report.objects.visible_to(viewer).filter(pk=self.pk).exists()


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force(self, at: Any = None) -> SuspensionQuerySet:
        now = at or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gt=now))


class Suspension(models.Model):
    """A member may not sign in or act until `until` (None: for good), unless lifted.
    Enforced by the sign-in barrier moderation registers in `accounts.standing`; the
    member's sessions, sockets and API tokens end when it starts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="suspension")
    until = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "lifted_at"], name="suspension_user")]

    def __str__(self) -> str:
        return f"suspension of {self.user_id} until {self.until or 'ever'}"
