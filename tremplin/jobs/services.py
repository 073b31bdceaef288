"""Actions on job postings, shared by the pages, the API and the other jobs apps.

Every change of status goes through `transition` (the lifecycle is declared in
`tremplin.jobs.models.TRANSITIONS`); it sends `posting_opened_on_commit` /
`posting_ended_on_commit` (`tremplin.jobs.events`) and records the event on the posting,
in the transaction. Content edits of an open posting send `posting_updated_on_commit`
the same way. What a valid posting is lives in `content`, who may do what in
`permissions`, an agency's imports in `imported`, the review notifications in
`notices`.

Refusals are `PostingError`s (a `core.refusals.Refusal`, area "jobs"): either a dict of
field → messages (bad content: forms show them beside the fields) or a message with a
`code` (`forbidden`, `transition`, `rate_limited`, `invalid`) whose status the one table
gives (`core.refusals.STATUSES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.cache import count_hit
from tremplin.core.refusals import Refusal
from tremplin.jobs import content, events, notices
from tremplin.jobs.models import (
    TRANSITIONS,
    Posting,
    PostingEvent,
    PostingReport,
    PostingSource,
    PostingStatus,
    ReportReason,
    moderates_postings,
)
from tremplin.jobs.permissions import (
    can_manage,
    can_remove,
    is_agency_staff,
    is_employer_staff,
    is_reviewer,
    is_trusted,
    posting_homes,
)
from tremplin.organizations.models import Organization, OrgKind

ENDED = {PostingStatus.CLOSED, PostingStatus.EXPIRED, PostingStatus.REMOVED}
# Reports: at most this many an hour from one member or one address.
REPORTS_PER_HOUR = 10


class PostingError(Refusal):
    """A refusal: bad content (a dict of field errors) or a rule (`code`)."""

    area = "jobs"


# ------------------------------------------------------------------ lifecycle


def transition(posting: Posting, to: str, *, by: Any = None, note: str = "") -> Posting:
    """Move `posting` to status `to` (the declared lifecycle), in one transaction; an
    opening, or the end of an open posting, is recorded on it and sent after commit."""
    with transaction.atomic():
        locked = Posting.objects.select_for_update(of=("self",)).get(pk=posting.pk)
        TRANSITIONS.check(
            locked.status,
            to,
            PostingError,
            _("A posting cannot go from “%(from)s” to “%(to)s”.")
            % {"from": locked.get_status_display(), "to": PostingStatus(to).label},
        )
        was = locked.status
        now = timezone.now()
        locked.status = to
        fields = ["status", "updated"]
        if to == PostingStatus.OPEN and locked.date_posted is None:
            locked.date_posted = now
            fields.append("date_posted")
        if to in ENDED:
            locked.closed_at = now
            fields.append("closed_at")
        elif to == PostingStatus.OPEN:
            locked.closed_at = None
            fields.append("closed_at")
        if note:
            locked.review_note = note
            fields.append("review_note")
        sent = _event_of(was, to)
        if sent:
            locked.last_event, locked.last_event_at = sent, now
            fields += ["last_event", "last_event_at"]
        locked.save(update_fields=fields)
        if sent == PostingEvent.OPENED:
            events.posting_opened_on_commit.send_on_commit(
                posting_id=locked.pk,
                reopened=was not in (PostingStatus.DRAFT, PostingStatus.REVIEW),
            )
        elif sent == PostingEvent.ENDED:
            events.posting_ended_on_commit.send_on_commit(posting_id=locked.pk, status=to)
    for field in fields:
        setattr(posting, field, getattr(locked, field))
    return posting


def _event_of(was: str, to: str) -> str:
    """The event a move sends: an opening, the end of an open posting, or none."""
    if to == PostingStatus.OPEN:
        return PostingEvent.OPENED
    if was == PostingStatus.OPEN and to in ENDED:
        return PostingEvent.ENDED
    return ""


def announce_update(posting: Posting) -> None:
    """The content of an open posting changed: recorded, and sent after commit."""
    now = timezone.now()
    Posting.objects.filter(pk=posting.pk).update(last_event=PostingEvent.UPDATED, last_event_at=now)
    posting.last_event, posting.last_event_at = PostingEvent.UPDATED, now
    events.posting_updated_on_commit.send_on_commit(posting_id=posting.pk)


# ------------------------------------------------------------------ checks


def _require_manager(user: Any, posting: Posting) -> None:
    if not can_manage(user, posting):
        raise PermissionDenied(_("You cannot change this posting."))


def _require_reviewer(reviewer: Any, posting: Posting) -> None:
    if not is_reviewer(reviewer):
        raise PermissionDenied(_("Only agency administrators review postings."))
    if posting.posted_by_id == reviewer.pk:
        raise forbidden(_("Another administrator must review your own posting."))


def forbidden(message: str) -> PostingError:
    return PostingError(message, code="forbidden")


def prepare(
    posting: Posting,
    data: Mapping[str, Any],
    *,
    allowed: tuple[str, ...],
    imported: bool = False,
) -> tuple[dict[str, Any], set[str]]:
    """Merge `data` over the posting's values, check them, and return (values, the
    fields whose value changed). Raises PostingError with field errors."""
    unknown = content.unknown_fields(data, allowed)
    if unknown:
        raise PostingError(
            {NON_FIELD_ERRORS: [_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}]}
        )
    values, changed = content.merge(posting, data)
    errors = content.problems(
        values,
        changed=changed,
        organization=posting.organization,
        agency=posting.agency,
        imported=imported,
    )
    if errors:
        raise PostingError(errors)
    return values, content.still_changed(posting, values, changed)


def _require_future(posting: Posting) -> None:
    if posting.valid_through is not None and posting.valid_through <= timezone.now():
        raise PostingError({"valid_through": [_("The closing date has passed: choose a new one.")]})


def to_review(posting: Posting, *, by: Any = None) -> None:
    """Send `posting` to the review queue; its author hears why if the scam guard held
    it, and the agency admins who review it that it waits."""
    transition(posting, PostingStatus.REVIEW, by=by)
    if posting.hold_reasons:
        notices.tell_author(posting, "held")
    notices.tell_reviewers(posting, actor=by)


def go_live(posting: Posting, user: Any) -> Posting:
    """Open `posting` now if `user` may publish it directly and the scam guard let it
    through; otherwise send it to the review queue."""
    if posting.hold_reasons or not is_trusted(user, posting):
        to_review(posting, by=user)
    else:
        transition(posting, PostingStatus.OPEN, by=user)
    return posting


# ------------------------------------------------------------------ writing


def _home_of(
    author: Any, organization: Organization | None, agency: Organization | None
) -> tuple[Organization | None, Organization | None]:
    """(employer, agency) a new posting is for; without either, the first organisation
    the author may post for. Refuses an author who may not post for it."""
    if organization is None and agency is None:
        homes = posting_homes(author)
        if not homes:
            raise forbidden(_("Only employers and agency staff can post jobs."))
        if homes[0].kind == OrgKind.AGENCY:
            agency = homes[0]
        else:
            organization = homes[0]
    if agency is not None:
        if not is_agency_staff(author, agency):
            raise forbidden(_("Only this agency's staff can post jobs for it."))
    elif not is_employer_staff(author, organization):
        raise forbidden(_("Only this employer's administrators and recruiters can post jobs."))
    if organization is not None and organization.kind != OrgKind.EMPLOYER:
        raise forbidden(_("Only an employer can be named as the employer."))
    return organization, agency


def create_posting(
    author: Any,
    data: Mapping[str, Any],
    *,
    organization: Organization | None = None,
    agency: Organization | None = None,
    publish: bool = False,
) -> Posting:
    """A new posting by `author` for `organization` (an employer) and/or `agency`.

    Without either, the first organisation the author may post for is used. Checks the
    content (PostingError with field errors), runs the scam guard (a hit is recorded in
    `hold_reasons`), saves a draft, and with `publish=True` opens it at once for agency
    staff and a verified employer's admins and recruiters, or sends it to review.
    """
    organization, agency = _home_of(author, organization, agency)
    posting = Posting(
        organization=organization,
        agency=agency,
        posted_by=author,
        source=PostingSource.DIRECT,
        status=PostingStatus.DRAFT,
    )
    values, _changed = prepare(
        posting, data, allowed=(*content.CONTENT_FIELDS, *content.SETTING_FIELDS)
    )
    content.apply(posting, values)
    if organization is not None:
        posting.hiring_organization_name = organization.name
        if not posting.hiring_organization_url and organization.website:
            posting.hiring_organization_url = organization.website
    with transaction.atomic():
        posting.hold_reasons = content.scan(posting)
        posting.save()
        if publish:
            go_live(posting, author)
    return posting


def update_posting(editor: Any, posting: Posting, data: Mapping[str, Any]) -> Posting:
    """Change a posting's content (only the fields in `data`). An open posting whose text
    trips the scam guard goes back to review; an open posting whose content changed
    sends `posting_updated_on_commit`."""
    _require_manager(editor, posting)
    with transaction.atomic():
        posting = Posting.objects.select_for_update(of=("self",)).get(pk=posting.pk)
        was_held = bool(posting.hold_reasons)
        if posting.status == PostingStatus.REMOVED:
            raise PostingError(_("A removed posting cannot be changed."), code="transition")
        values, changed = prepare(
            posting, data, allowed=(*content.CONTENT_FIELDS, *content.SETTING_FIELDS)
        )
        if not changed:
            return posting
        content.apply(posting, values)
        if posting.organization is not None:
            posting.hiring_organization_name = posting.organization.name
        posting.hold_reasons = content.scan(posting)
        posting.save()
        if posting.status == PostingStatus.OPEN:
            if posting.hold_reasons:
                to_review(posting, by=editor)
            else:
                announce_update(posting)
        elif (
            posting.status == PostingStatus.REVIEW
            and was_held
            and not posting.hold_reasons
            and is_trusted(editor, posting)
        ):
            # Held only by the scam guard, and the author fixed the text: it opens.
            transition(posting, PostingStatus.OPEN, by=editor)
    return posting


# ------------------------------------------------------------------ status changes


def publish(user: Any, posting: Posting) -> Posting:
    """Draft (or rejected, after changes) → open, or → review for an unverified employer
    or a posting the scam guard holds."""
    _require_manager(user, posting)
    if posting.status not in (PostingStatus.DRAFT, PostingStatus.REJECTED):
        raise PostingError(_("This posting has already been published."), code="transition")
    _require_future(posting)
    with transaction.atomic():
        posting.hold_reasons = content.scan(posting)
        Posting.objects.filter(pk=posting.pk).update(hold_reasons=posting.hold_reasons)
        if posting.status == PostingStatus.REJECTED:
            to_review(posting, by=user)
        else:
            go_live(posting, user)
    return posting


def approve(reviewer: Any, posting: Posting, note: str = "") -> Posting:
    """An agency admin opens a posting waiting for review and tells its author."""
    _require_reviewer(reviewer, posting)
    if posting.status != PostingStatus.REVIEW:
        raise PostingError(_("This posting is not waiting for review."), code="transition")
    _require_future(posting)
    with transaction.atomic():
        transition(posting, PostingStatus.OPEN, by=reviewer, note=note.strip())
        posting.reviewed_by = reviewer
        posting.reviewed_at = timezone.now()
        posting.hold_reasons = []
        posting.save(update_fields=["reviewed_by", "reviewed_at", "hold_reasons", "updated"])
        notices.tell_author(posting, "approved", actor=reviewer)
    return posting


def reject(reviewer: Any, posting: Posting, note: str) -> Posting:
    """An agency admin refuses a posting waiting for review, saying why."""
    _require_reviewer(reviewer, posting)
    note = (note or "").strip()
    if not note:
        raise PostingError({"note": [_("Tell the author why the posting is refused.")]})
    if len(note) > 2000:
        raise PostingError({"note": [_("2,000 characters at most.")]})
    if posting.status != PostingStatus.REVIEW:
        raise PostingError(_("This posting is not waiting for review."), code="transition")
    with transaction.atomic():
        transition(posting, PostingStatus.REJECTED, by=reviewer, note=note)
        posting.reviewed_by = reviewer
        posting.reviewed_at = timezone.now()
        posting.save(update_fields=["reviewed_by", "reviewed_at", "updated"])
        notices.tell_author(posting, "rejected", actor=reviewer, note=note)
    return posting


def close(user: Any, posting: Posting) -> Posting:
    """The employer or agency stops taking applications."""
    _require_manager(user, posting)
    if posting.status != PostingStatus.OPEN:
        raise PostingError(_("Only an open posting can be closed."), code="transition")
    return transition(posting, PostingStatus.CLOSED, by=user)


def reopen(user: Any, posting: Posting, valid_through: Any = None) -> Posting:
    """A closed or expired posting opens again (a new closing date is needed once the
    old one has passed); an unverified employer's goes through review again."""
    _require_manager(user, posting)
    if posting.status not in (PostingStatus.CLOSED, PostingStatus.EXPIRED):
        raise PostingError(
            _("Only a closed or expired posting can be reopened."), code="transition"
        )
    with transaction.atomic():
        if valid_through not in (None, ""):
            update_posting(user, posting, {"valid_through": valid_through})
            posting.refresh_from_db()
        _require_future(posting)
        posting.hold_reasons = content.scan(posting)
        Posting.objects.filter(pk=posting.pk).update(hold_reasons=posting.hold_reasons)
        go_live(posting, user)
    return posting


def remove(user: Any, posting: Posting, note: str = "") -> Posting:
    """Take a posting down for good (after reports); its reports are resolved."""
    if not can_remove(user, posting):
        raise PermissionDenied(_("You cannot remove this posting."))
    with transaction.atomic():
        note = (note or "").strip()[:2000]
        transition(posting, PostingStatus.REMOVED, by=user, note=note)
        posting.reports.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        # The author hears of it, with the reason; not who removed it (moderation
        # speaks as the site, so that no moderator is singled out).
        notices.tell_author(posting, "removed", note=note)
    return posting


def dismiss_reports(user: Any, posting: Posting) -> int:
    """The reports were unfounded: resolve them and leave the posting as it is."""
    if not moderates_postings(user):
        raise PermissionDenied(_("Only moderators and agency administrators handle reports."))
    return posting.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )


def report(
    reporter: Any, posting: Posting, reason: str, details: str = "", *, ip: str = ""
) -> PostingReport:
    """Anyone who can see a posting may report it (visitors too), a few times an hour;
    a member's second report of the same posting returns the first."""
    if reason not in ReportReason.values:
        raise PostingError({"reason": [_("Pick one of the choices offered.")]})
    details = (details or "").strip()
    if len(details) > 2000:
        raise PostingError({"details": [_("2,000 characters at most.")]})
    signed_in = reporter is not None and reporter.is_authenticated
    if signed_in:
        earlier = posting.reports.filter(reporter=reporter, resolved_at__isnull=True).first()
        if earlier is not None:
            return earlier
    key = f"jobs-report:user:{reporter.pk}" if signed_in else f"jobs-report:ip:{ip or '-'}"
    if count_hit(key, window=3600) > REPORTS_PER_HOUR:
        raise PostingError(
            _("You have sent many reports in the last hour. Try again later."),
            code="rate_limited",
        )
    return PostingReport.objects.create(
        posting=posting,
        reporter=reporter if signed_in else None,
        reason=reason,
        details=details,
    )


# ------------------------------------------------------------------ periodic


def expire_due(batch: int = 500) -> int:
    """Periodic: open postings past their valid_through become expired, each in its own
    transaction (so each sends `posting_ended_on_commit` when it commits). Idempotent;
    returns how many expired."""
    expired = 0
    while True:
        before = expired
        now = timezone.now()
        due = list(
            Posting.objects.open()
            .filter(valid_through__lte=now)
            .order_by("valid_through", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        for pk in due:
            try:
                transition(Posting(pk=pk), PostingStatus.EXPIRED)
            except (PostingError, Posting.DoesNotExist):
                continue  # closed or removed meanwhile
            expired += 1
        # A full batch with no progress (every one refused): stop, the next run retries.
        if len(due) < batch or expired == before:
            return expired
