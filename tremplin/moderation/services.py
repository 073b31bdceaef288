"""The actions of moderation: a member reports something; a moderator decides.

- `report`: a member reports what they can see (the content's own `visible_to`, through
  `moderation.reportables`), once per thing, never themselves, at most
  `REPORTS_PER_HOUR` an hour.
- `decide`: a moderator of the content's scope dismisses the open reports on it, removes
  it (the owning app's soft or hard removal), warns its author or suspends them (site
  moderators only: a suspension bars the whole site). Every decision is one row of the
  log (`Decision`); the open reports on the thing are closed with it; the author is told
  (a notification and an email in their language) and, when the moderator asks, the
  reporters are told that their report was handled — never by whom, and the author
  never learns who reported them.
- `lift`: a site moderator ends a suspension early.

A suspension ends the member's sessions (their open sockets close with them,
accounts.signals) and revokes their API tokens after commit; signing in again is refused
by the barrier moderation registers in `accounts.standing` (hooks.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.accounts.services import end_sessions
from tremplin.api.services import revoke_all_tokens
from tremplin.core.cache import count_hit
from tremplin.moderation import notices, reportables, tasks
from tremplin.moderation.models import (
    Action,
    Decision,
    ModerationRefusal,
    Reason,
    Report,
    ReportStatus,
    Suspension,
)
from tremplin.moderation.models.reports import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from tremplin.notifications.services import notify

REPORTS_PER_HOUR = 20

# Who may take which decision: scoped moderators handle their scope's content; barring
# someone from the whole site is for site moderators.
SITE_ONLY = {Action.SUSPEND, Action.LIFT}
NEEDS_REASON = {Action.REMOVE, Action.WARN, Action.SUSPEND}
LONGEST_SUSPENSION = timedelta(days=5 * 366)


def _reportable(kind: object) -> reportables.Reportable:
    found = reportables.get(kind)
    if found is None:
        raise ModerationRefusal(_("This cannot be reported."), code="not_found", field="kind")
    return found


def _clean(text: str, limit: int, field: str) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ModerationRefusal(
            _("Write at most %(limit)d characters.") % {"limit": limit}, field=field
        )
    return text


# ------------------------------------------------------------------ reporting


def _reported_object(reporter: Any, reportable: reportables.Reportable, ref: int | str) -> Any:
    """The object the reporter may see, else a 404-like refusal (its existence is not
    confirmed)."""
    visible = reportable.visible(reporter)
    if isinstance(ref, str) and reportable.named_by:
        found = visible.filter(**{reportable.named_by: ref.strip()}).first()
    elif isinstance(ref, int):
        found = visible.filter(pk=ref).first()
    else:
        found = None
    if found is None:
        raise ModerationRefusal(_("There is nothing here you can report."), code="not_found")
    return found


@transaction.atomic
def report(reporter: Any, kind: str, ref: int | str, reason: str, note: str = "") -> Report:
    """`reporter` reports the `kind` object `ref` (its id, or the name the kind is
    `named_by`, a handle) for `reason`, with an optional note for the moderators."""
    reportable = _reportable(kind)
    if reason not in Reason.values:
        raise ModerationRefusal(_("Choose a reason."), field="reason")
    note = _clean(note, NOTE_MAX_LENGTH, "note")
    obj = _reported_object(reporter, reportable, ref)
    author = reportable.author(obj)
    if author is not None and author.pk == reporter.pk:
        raise ModerationRefusal(_("You cannot report yourself."), code="self")
    if Report.objects.filter(reporter=reporter, kind=kind, object_id=obj.pk).exists():
        raise ModerationRefusal(_("You have already reported this."), code="already")
    if count_hit(f"moderation-report:{reporter.pk}", window=3600) > REPORTS_PER_HOUR:
        raise ModerationRefusal(
            _("You have sent many reports in the last hour. Try again later."),
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            return Report.objects.create(
                kind=kind,
                object_id=obj.pk,
                scope=reportable.scope(obj),
                reporter=reporter,
                author=author,
                reason=reason,
                note=note,
            )
    except IntegrityError:  # the same report, sent twice at once
        raise ModerationRefusal(_("You have already reported this."), code="already") from None


# ------------------------------------------------------------------ deciding


@dataclass(frozen=True)
class Ask:
    """What a moderator decided about one reported thing."""

    action: str
    reason: str = ""
    until: datetime | None = None
    tell_reporters: bool = False


def _until(ask: Ask) -> datetime | None:
    """A suspension's end: in the future and within `LONGEST_SUSPENSION` (beyond that, a
    suspension until lifted says it; a date near year 9999 could not even be stored)."""
    if ask.action != Action.SUSPEND or ask.until is None:
        return None
    far = ModerationRefusal(
        _("Choose a date within five years, or a suspension until it is lifted."),
        field="until",
    )
    try:
        until = timezone.make_aware(ask.until) if timezone.is_naive(ask.until) else ask.until
        ahead = until - timezone.now()
    except (OverflowError, ValueError):
        raise far from None
    if ahead <= timedelta(0):
        raise ModerationRefusal(_("Choose a date in the future."), field="until")
    if ahead > LONGEST_SUSPENSION:
        raise far
    return until


def _check(moderator: Any, reportable: reportables.Reportable, ask: Ask) -> str:
    if ask.action not in Action.values or ask.action == Action.LIFT:
        raise ModerationRefusal(_("Choose a decision."), field="action")
    if ask.action in SITE_ONLY and not moderator.is_moderator:
        raise ModerationRefusal(
            _("Only site moderators may suspend a member."), code="forbidden", field="action"
        )
    if ask.action == Action.REMOVE and not reportable.removable:
        raise ModerationRefusal(
            _("This cannot be removed: warn or suspend its author instead."), field="action"
        )
    reason = _clean(ask.reason, REASON_MAX_LENGTH, "reason")
    if ask.action in NEEDS_REASON and not reason:
        raise ModerationRefusal(_("Say why: the author is told."), field="reason")
    return reason


@transaction.atomic
def decide(moderator: Any, kind: str, object_id: int, ask: Ask) -> Decision:
    """Decide about the open reports on one thing (in the moderator's scopes)."""
    reportable = _reportable(kind)
    reason = _check(moderator, reportable, ask)
    until = _until(ask)
    reports = list(
        Report.objects.moderated_by(moderator)
        .open()
        .filter(kind=kind, object_id=object_id)
        .select_for_update()
    )
    if not reports:
        raise ModerationRefusal(_("There is no open report on this."), code="not_found")
    obj = reportable.every().filter(pk=object_id).first()
    author = next((r.author for r in reports if r.author_id), None)
    if author is None and obj is not None:
        author = reportable.author(obj)
    if author is not None and author.pk == moderator.pk:
        raise ModerationRefusal(
            _("Another moderator must decide about your own content."), code="self"
        )
    if ask.action == Action.SUSPEND:
        _check_suspendable(moderator, author)
    if ask.action == Action.REMOVE and obj is None:
        raise ModerationRefusal(
            _("It is no longer there: dismiss the reports, or warn its author."),
            code="conflict",
            field="action",
        )
    decision = Decision.objects.create(
        action=ask.action,
        kind=kind,
        object_id=object_id,
        scope=reports[0].scope,
        moderator=moderator,
        author=author,
        reason=reason,
        until=until,
    )
    status = ReportStatus.DISMISSED if ask.action == Action.DISMISS else ReportStatus.ACTIONED
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(status=status, decision=decision)
    _carry_out(decision, reportable, obj, author)
    if ask.tell_reporters:
        _tell_reporters(decision, {r.reporter_id for r in reports if r.reporter_id})
    return decision


def _check_suspendable(moderator: Any, author: Any) -> None:
    if author is None:
        raise ModerationRefusal(_("Nobody to suspend: the author is gone."), code="conflict")


def _carry_out(
    decision: Decision, reportable: reportables.Reportable, obj: Any, author: Any
) -> None:
    if decision.action == Action.REMOVE:
        reportable.do_remove(obj)
    if decision.action == Action.SUSPEND:
        Suspension.objects.create(user=author, decision=decision, until=decision.until)
        user_id = author.pk
        transaction.on_commit(lambda: cut_off(user_id))
    if decision.action in (Action.REMOVE, Action.WARN) and author is not None:
        _notify_author(decision, author)
    if decision.action in (Action.REMOVE, Action.WARN, Action.SUSPEND) and author is not None:
        decision_id = decision.pk
        transaction.on_commit(lambda: tasks.tell_author.enqueue(decision_id))


def _notify_author(decision: Decision, author: Any) -> None:
    notify(
        author,
        notices.CONTENT_REMOVED if decision.action == Action.REMOVE else notices.WARNED,
        target=decision,
        data={"kind": decision.kind, "excerpt": decision.reason},
    )


def _tell_reporters(decision: Decision, reporter_ids: set[int]) -> None:
    outcome = "dismissed" if decision.action == Action.DISMISS else "acted"
    for reporter in User.objects.filter(pk__in=reporter_ids):
        notify(reporter, notices.REPORT_HANDLED, data={"kind": decision.kind, "outcome": outcome})


def cut_off(user_id: int) -> int:
    """End every session of the member (their sockets close with them) and revoke their
    API tokens. Returns how many sessions ended."""
    ended = end_sessions(user_id)
    revoke_all_tokens(user_id)
    return ended


@transaction.atomic
def lift(moderator: Any, suspension: Suspension, reason: str = "") -> Decision:
    """A site moderator ends a suspension before its date; the log records it and the
    member is told by email."""
    if not moderator.is_moderator:
        raise ModerationRefusal(_("Only site moderators may lift a suspension."), code="forbidden")
    locked = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if locked.lifted_at is not None or not Suspension.objects.in_force().filter(pk=locked.pk):
        raise ModerationRefusal(_("This suspension has already ended."), code="already")
    locked.lifted_at = timezone.now()
    locked.save(update_fields=["lifted_at"])
    decision = Decision.objects.create(
        action=Action.LIFT,
        kind="member",
        object_id=None,
        moderator=moderator,
        author=locked.user,
        reason=_clean(reason, REASON_MAX_LENGTH, "reason"),
    )
    decision_id = decision.pk
    transaction.on_commit(lambda: tasks.tell_author.enqueue(decision_id))
    return decision


def barrier(user: Any) -> str | None:
    """The sign-in barrier (accounts.standing): the sentence for a suspended member."""
    ends = list(
        Suspension.objects.in_force().filter(user_id=user.pk).values_list("until", flat=True)
    )
    if not ends:
        return None
    if None in ends:
        return _("A moderator has suspended your account.")
    when = date_format(timezone.localtime(max(e for e in ends if e is not None)), "DATETIME_FORMAT")
    return _("A moderator has suspended your account until %(date)s.") % {"date": when}
