"""Actions on forwarded postings and job applications. Pages and the API call these
functions; every rule lives here.

Forwarding (`forward_posting`): a counsellor sends one open posting to several clients
of their ACTIVE cases in one transaction: one `Forward` row and one notification
(`JOB_FORWARDED`, target: the Forward, data {"note", "excerpt"}) per client; the
notification pushes live and emails per preference after commit. All or nothing: a
client who is not one of the counsellor's active clients, a client the posting's
audience leaves out, or a client who already received it refuses the whole action with
a message that names the problem (the counsellor then unticks them).

The client answers (`respond`), opens it (`mark_opened`, POSTed by the posting page) and
records that they applied (`apply_from_forward`), which creates an `Application` linked
to the forward. When a forwarded posting ends, `tell_posting_ended` (our handler of
jobs' `posting_ended_on_commit`, see hooks.py, once the ending committed) tells each
client who has not finished with it, once per ending; `tell_lost_endings` (periodic)
does it for an ending whose event a crash lost.

Applications (`track_posting`, `add_external`, `change_status`, `edit_application`,
`delete_application`) are the client's alone: their counsellor reads them (while the
case grants the applications scope) but never changes them.

A refusal is an `ApplicationsRefusal` (a `core.refusals.Refusal`, area "applications")
whose `code` gives its status from the one table (`core.refusals.STATUSES`):
"not_found" (404), "forbidden" (403), "not_open", "already", "transition" (409),
"not_client" (404 in the API, 400 on pages), "not_visible", "invalid" (422, 400 on
pages); `field` names the form field concerned, if any. The reads (lists, the
counsellor's status table) are in `queries.py`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.applications import forward_checks
from tremplin.applications.hooks import JOB_ANSWER, JOB_FORWARDED
from tremplin.applications.inputs import (
    ApplicationsRefusal,
    check_date,
    check_text,
    check_url,
    excerpt,
)
from tremplin.applications.models import (
    EMPLOYER_MAX_LENGTH,
    EVENT_NOTE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Forward,
    NotForMeReason,
    Response,
    Submission,
)
from tremplin.counselling.models import Case, Scope
from tremplin.counselling.sections import Moment
from tremplin.jobs.models import Posting
from tremplin.notifications.services import notify

# ------------------------------------------------------------------ forwarding


def forward_posting(
    counsellor: Any, posting: Posting, clients: list[Any], note: str = ""
) -> list[Forward]:
    """Send `posting` to each of `clients` with a personal note, in one transaction (see
    the module's docstring)."""
    note = check_text(note, NOTE_MAX_LENGTH, "note")
    chosen = forward_checks.chosen(clients)
    with transaction.atomic():
        # Lock the posting and the cases: a close or a pause cannot slip between the
        # checks and the rows.
        locked = forward_checks.open_posting(counsellor, posting)
        cases = forward_checks.cases_of(counsellor, chosen)
        forward_checks.refuse_left_out(locked, chosen)
        forward_checks.refuse_already_sent(locked, chosen)
        said = excerpt(note)
        now = timezone.now()
        return [
            _send(counsellor, locked, client, cases[client.pk], note, said, now)
            for client in chosen
        ]


def _send(
    counsellor: Any,
    posting: Posting,
    client: Any,
    case: Case,
    note: str,
    said: str,
    now: datetime.datetime,
) -> Forward:
    """One forward and its notification (`delivered_at` when the notification was
    written: a client who turned forwarded jobs off still has the forward)."""
    try:
        with transaction.atomic():
            forward = Forward.objects.create(
                posting=posting, counsellor=counsellor, client=client, case=case, note=note
            )
    except IntegrityError:  # the same forward sent twice at once
        raise ApplicationsRefusal(
            _("You already sent this posting to %(names)s.")
            % {"names": forward_checks.names([client])},
            "already",
            "clients",
        ) from None
    sent = notify(
        client,
        JOB_FORWARDED,
        actor=counsellor,
        target=forward,
        data={"note": said, "excerpt": said},
    )
    if sent is not None:
        forward.delivered_at = now
        forward.save(update_fields=["delivered_at"])
    return forward


def mark_opened(viewer: Any, forward: Forward) -> bool:
    """The client's first opening of a forwarded posting (a conditional UPDATE: the
    first one wins, later ones change nothing). Anyone else's view records nothing."""
    if viewer is None or not viewer.is_authenticated or forward.client_id != viewer.pk:
        return False
    now = timezone.now()
    done = Forward.objects.filter(pk=forward.pk, opened_at__isnull=True).update(opened_at=now)
    if done:
        forward.opened_at = now
    return bool(done)


def _client_only(viewer: Any, forward: Forward) -> None:
    if viewer is None or not viewer.is_authenticated or not forward.is_visible_to(viewer):
        raise ApplicationsRefusal(_("This forwarded posting cannot be found."), "not_found")
    if forward.client_id != viewer.pk:
        raise ApplicationsRefusal(_("Only the client answers a forwarded posting."), "forbidden")


def respond(
    client: Any, forward: Forward, response: str, reason: str = "", text: str = ""
) -> Forward:
    """The client's answer: interested, or not for me with a reason (and their words)."""
    _client_only(client, forward)
    if response not in (Response.INTERESTED, Response.NOT_FOR_ME):
        raise ApplicationsRefusal(_("Answer “interested” or “not for me”."), "invalid", "response")
    text = check_text(text, REASON_TEXT_MAX_LENGTH, "text")
    if response == Response.NOT_FOR_ME:
        if reason not in NotForMeReason.values:
            raise ApplicationsRefusal(
                _("Tell your counsellor why this job is not for you."), "invalid", "reason"
            )
    else:
        reason = ""
    now = timezone.now()
    with transaction.atomic():
        forward = Forward.objects.select_for_update().get(pk=forward.pk)
        forward.response = response
        forward.response_reason = reason
        forward.response_text = text
        forward.responded_at = now
        forward.opened_at = forward.opened_at or now
        forward.save(
            update_fields=[
                "response",
                "response_reason",
                "response_text",
                "responded_at",
                "opened_at",
            ]
        )
        _tell_counsellor(forward, response)
    return forward


def _tell_counsellor(forward: Forward, event: str) -> None:
    """The client answered a forwarded posting (interested, not for me, applied): the
    counsellor of the case hears of it, while the case is active, and of "applied" only
    while the case grants the applications scope (as for what they may see). Answers
    to the same forward merge into one notification."""
    case = Case.objects.active().filter(pk=forward.case_id).select_related("counsellor").first()
    if case is None or case.counsellor_id is None:
        return
    if event == "applied" and not case.grants(Scope.APPLICATIONS):
        return
    notify(
        case.counsellor,
        JOB_ANSWER,
        actor=forward.client,
        target=forward.posting,
        group_key=f"job-answer:{forward.pk}",
        data={"event": event},
    )


# ------------------------------------------------------------------ applications


def _event(application: Application, status: str, when: datetime.date, note: str) -> None:
    ApplicationEvent.objects.create(application=application, status=status, date=when, note=note)


def _own(viewer: Any, application: Application) -> None:
    if viewer is None or not viewer.is_authenticated or not application.is_visible_to(viewer):
        raise ApplicationsRefusal(_("This application cannot be found."), "not_found")
    if application.client_id != viewer.pk:
        raise ApplicationsRefusal(_("Only the job seeker changes their applications."), "forbidden")


def _status(value: str, field: str = "status") -> str:
    if value not in ApplicationStatus.values:
        raise ApplicationsRefusal(_("Choose a status from the list."), "invalid", field)
    return value


def _track(
    client: Any,
    posting: Posting,
    forward: Forward | None,
    status: str,
    when: datetime.date | None,
    note: str,
) -> Application:
    status = _status(status)
    if status not in (ApplicationStatus.SAVED, ApplicationStatus.APPLIED):
        raise ApplicationsRefusal(
            _("A job enters the tracker as saved or applied."), "invalid", "status"
        )
    when = check_date(when)
    note = check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    with transaction.atomic():
        existing = (
            Application.objects.select_for_update().filter(client=client, posting=posting).first()
        )
        if existing is not None:
            if existing.status == status or not TRANSITIONS.allows(existing.status, status):
                raise ApplicationsRefusal(
                    _("This job is already in your tracker (%(status)s).")
                    % {"status": existing.get_status_display()},
                    "already",
                )
            if forward is not None and existing.forward_id is None:
                existing.forward = forward
            return _applied_told(_move(existing, status, when, note))
        if forward is None:
            forward = Forward.objects.filter(client=client, posting=posting).first()
        with translation.override(client.language or None):
            title = str(posting.title)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    client=client,
                    posting=posting,
                    forward=forward,
                    title=title[:TITLE_MAX_LENGTH],
                    employer=posting.hiring_organization_name[:EMPLOYER_MAX_LENGTH],
                    status=status,
                    status_date=when,
                )
        except IntegrityError:  # the same button pressed twice at once
            raise ApplicationsRefusal(
                _("This job is already in your tracker."), "already"
            ) from None
        _event(application, status, when, note)
        return _applied_told(application)


def _applied_told(application: Application) -> Application:
    """A forwarded posting the client applied to: their counsellor hears of it."""
    if application.status == ApplicationStatus.APPLIED and application.forward is not None:
        _tell_counsellor(application.forward, "applied")
    return application


def track_posting(
    client: Any,
    posting: Posting,
    status: str,
    when: datetime.date | None = None,
    note: str = "",
) -> Application:
    """Save a posting to the tracker, or record that the client applied ("Save" and
    "I applied" on the posting page). Linked to the forward of it, if they received
    one."""
    if client is None or not client.is_authenticated or not posting.is_visible_to(client):
        raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
    return _track(client, posting, None, status, when, note)


def apply_from_forward(
    client: Any, forward: Forward, when: datetime.date | None = None, note: str = ""
) -> Application:
    """ "I applied" on a forwarded posting: its application, linked to the forward (it
    works after the posting closed: the client may have applied before)."""
    _client_only(client, forward)
    return _track(client, forward.posting, forward, ApplicationStatus.APPLIED, when, note)


def add_external(
    client: Any,
    *,
    title: str,
    employer: str = "",
    url: str = "",
    status: str = ApplicationStatus.SAVED,
    when: datetime.date | None = None,
    note: str = "",
    notes: str = "",
) -> Application:
    """A job found elsewhere; it may enter the tracker at any step (an interview
    booked before the client started tracking)."""
    if client is None or not client.is_authenticated:
        raise ApplicationsRefusal(_("Sign in to track your applications."), "forbidden")
    title = check_text(title, TITLE_MAX_LENGTH, "title", required=True)
    employer = check_text(employer, EMPLOYER_MAX_LENGTH, "employer")
    url = check_url(url)
    status = _status(status)
    when = check_date(when)
    note = check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    notes = check_text(notes, NOTES_MAX_LENGTH, "notes")
    with transaction.atomic():
        application = Application.objects.create(
            client=client,
            title=title,
            employer=employer,
            url=url,
            status=status,
            status_date=when,
            notes=notes,
        )
        _event(application, status, when, note)
    return application


def _move(application: Application, status: str, when: datetime.date, note: str) -> Application:
    application.status = status
    application.status_date = when
    application.save()
    _event(application, status, when, note)
    return application


def change_status(
    client: Any,
    application: Application,
    status: str,
    when: datetime.date | None = None,
    note: str = "",
) -> Application:
    """Move an application along `models.TRANSITIONS`, with the step's date and a note."""
    _own(client, application)
    status = _status(status)
    when = check_date(when)
    note = check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not TRANSITIONS.allows(locked.status, status):
            raise ApplicationsRefusal(
                _("An application cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": locked.get_status_display(),
                    "to": ApplicationStatus(status).label,
                },
                "transition",
                "status",
            )
        _move(locked, status, when, note)
        if status == ApplicationStatus.WITHDRAWN:  # an application sent on Tremplin too
            Submission.objects.filter(application=locked, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now()
            )
    for field in ("status", "status_date", "updated"):
        setattr(application, field, getattr(locked, field))
    return application


def edit_application(client: Any, application: Application, **changes: str) -> Application:
    """Change the title, employer, address or notes."""
    _own(client, application)
    checks = {
        "title": lambda v: check_text(v, TITLE_MAX_LENGTH, "title", required=True),
        "employer": lambda v: check_text(v, EMPLOYER_MAX_LENGTH, "employer"),
        "url": check_url,
        "notes": lambda v: check_text(v, NOTES_MAX_LENGTH, "notes"),
    }
    unknown = set(changes) - set(checks)
    if unknown:
        raise ApplicationsRefusal(_("These fields cannot be changed."), "invalid")
    for field, value in changes.items():
        setattr(application, field, checks[field](value))
    application.save()
    return application


def delete_application(client: Any, application: Application) -> None:
    _own(client, application)
    application.delete()


# ------------------------------------------------------------------ the caseload


def annotate_caseload(cases: QuerySet[Case], moment: Moment | None = None) -> QuerySet[Case]:
    """Caseload columns: forwards awaiting the client's answer, and not yet opened
    (`moment` is not needed: nothing here depends on the time)."""

    def count(extra: Q) -> Coalesce:
        rows = (
            Forward.objects.filter(Q(case=OuterRef("pk")) & extra)
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return cases.annotate(
        forwards_awaiting=count(Q(response=Response.NONE)),
        forwards_unopened=count(Q(opened_at__isnull=True)),
    )
