"""Actions on forwarded postings and job applications. Pages and the API call these
functions; every rule lives here.

Forwarding (`forward_posting`): a counsellor sends one open posting to several clients
of their ACTIVE cases in one transaction: one `Forward` row and one notification
(`JOB_FORWARDED`, target: the Forward, data {"note", "excerpt"}) per client; the
notification pushes live and emails per preference after commit. All or nothing: a
client who is not one of the counsellor's active clients, a client the posting's
audience leaves out, or a client who already received it refuses the whole action with
a message that names the problem (the counsellor then unticks them).

The client answers (`respond`), opens it (`mark_opened`, `mark_posting_opened`) and
records that they applied (`apply_from_forward`), which creates an `Application` linked
to the forward. When a forwarded posting ends, `on_posting_ended` (connected in
`apps.py` to `jobs.signals.posting_ended`, inside the posting's transaction) tells
each client who has not finished with it.

Applications (`track_posting`, `add_external`, `change_status`, `edit_application`,
`delete_application`) are the client's alone: their counsellor reads them (while the
case grants the applications scope) but never changes them.

A refusal is an `ApplicationsRefusal` (a `ValidationError`) whose `code` says how the
API answers: "not_found" (404), "forbidden" (403), "not_open", "already",
"transition" (409), "not_client", "not_visible", "invalid" (422); `field` names the
form field concerned, if any.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.applications.hooks import JOB_ANSWER, JOB_FORWARDED
from tremplin.applications.models import (
    APPLIED_OR_LATER,
    EMPLOYER_MAX_LENGTH,
    EVENT_NOTE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Forward,
    NotForMeReason,
    Response,
)
from tremplin.counselling.models import Case, Scope
from tremplin.jobs.models import Posting
from tremplin.notifications.services import notify

# One action forwards to at most this many clients (a caseload is rarely larger).
MAX_CLIENTS_PER_FORWARD = 200
EXCERPT_LENGTH = 160
# Dates of an application step: fixed bounds that catch a mistyped year, the same in
# the API's schema (a bound relative to today cannot be stated there). An interview is
# often booked ahead, so future dates are allowed.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


class ApplicationsRefusal(ValidationError):
    def __init__(self, message: str, code: str, field: str | None = None):
        super().__init__(message, code=code)
        self.field = field


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else str(user.pk)


def _names(users: Iterable) -> str:
    return ", ".join(sorted(_name(u) for u in users))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _check_text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ApplicationsRefusal(_("Null characters are not allowed."), "invalid", field)
    if required and not value:
        raise ApplicationsRefusal(_("This field is required."), "invalid", field)
    if len(value) > limit:
        raise ApplicationsRefusal(
            _("This text is too long: %(max)d characters at most.") % {"max": limit},
            "invalid",
            field,
        )
    return value


def _check_date(when: datetime.date | None, field: str = "date") -> datetime.date:
    if when is None:
        return timezone.localdate()
    if not EARLIEST_DATE <= when <= LATEST_DATE:
        raise ApplicationsRefusal(
            _("Give a date between %(first)d and %(last)d.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            "invalid",
            field,
        )
    return when


# A web address as the API's schema states it (and the page's URLField is stricter):
# http or https, a host, no spaces. Anything else (javascript:, data:) is refused.
URL_PATTERN = r"^(https?://[^\s/?#\x00][^\s\x00]*)?$"


def _check_url(url: str) -> str:
    url = _check_text(url, URL_MAX_LENGTH, "url")
    if url and not re.match(URL_PATTERN, url, flags=re.ASCII):
        raise ApplicationsRefusal(
            _("Give a web address starting with https:// or http://."), "invalid", "url"
        )
    return url


# ------------------------------------------------------------------ forwarding


def not_client_message() -> str:
    return _("You can forward a posting only to the clients of your active cases.")


def forwardable_cases(counsellor) -> QuerySet[Case]:
    """The counsellor's active cases: the clients they may forward postings to."""
    if counsellor is None or not counsellor.is_authenticated:
        return Case.objects.none()
    return Case.objects.active().filter(counsellor=counsellor, client__isnull=False)


def forward_posting(counsellor, posting: Posting, clients: list, note: str = "") -> list[Forward]:
    """Send `posting` to each of `clients` with a personal note, in one transaction (see
    the module's docstring)."""
    note = _check_text(note, NOTE_MAX_LENGTH, "note")
    chosen = list({client.pk: client for client in clients}.values())
    if not chosen:
        raise ApplicationsRefusal(_("Choose at least one client."), "invalid", "clients")
    if len(chosen) > MAX_CLIENTS_PER_FORWARD:
        raise ApplicationsRefusal(
            _("Choose at most %(max)d clients at a time.") % {"max": MAX_CLIENTS_PER_FORWARD},
            "invalid",
            "clients",
        )
    with transaction.atomic():
        # Lock the posting and the cases: a close or a pause cannot slip between the
        # checks and the rows.
        locked = (
            Posting.objects.visible_to(counsellor)
            .select_for_update(of=("self",))
            .filter(pk=posting.pk)
            .first()
        )
        if locked is None:
            raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
        if not locked.is_open:
            raise ApplicationsRefusal(
                _("This posting is no longer open: it cannot be forwarded."), "not_open"
            )
        ids = [client.pk for client in chosen]
        cases = {
            case.client_id: case
            for case in forwardable_cases(counsellor)
            .select_for_update(of=("self",))
            .filter(client__in=ids)
        }
        if len(cases) < len(ids):
            # The same message whoever the others are: a forward reveals nothing about
            # people who are not the counsellor's clients.
            raise ApplicationsRefusal(not_client_message(), "not_client", "clients")
        left_out = [c for c in chosen if not Posting.objects.visible_to(c).filter(pk=locked.pk)]
        if left_out:
            raise ApplicationsRefusal(
                _("This posting is not visible to %(names)s: its audience leaves them out.")
                % {"names": _names(left_out)},
                "not_visible",
                "clients",
            )
        already = [
            f.client
            for f in Forward.objects.filter(posting=locked, client__in=ids).select_related(
                "client__profile"
            )
        ]
        if already:
            raise ApplicationsRefusal(
                _("You already sent this posting to %(names)s.") % {"names": _names(already)},
                "already",
                "clients",
            )
        made = []
        excerpt = _excerpt(note)
        now = timezone.now()
        for client in chosen:
            try:
                with transaction.atomic():
                    forward = Forward.objects.create(
                        posting=locked,
                        counsellor=counsellor,
                        client=client,
                        case=cases[client.pk],
                        note=note,
                    )
            except IntegrityError:  # the same forward sent twice at once
                raise ApplicationsRefusal(
                    _("You already sent this posting to %(names)s.") % {"names": _name(client)},
                    "already",
                    "clients",
                ) from None
            sent = notify(
                client,
                JOB_FORWARDED,
                actor=counsellor,
                target=forward,
                data={"note": excerpt, "excerpt": excerpt},
            )
            if sent is not None:
                forward.delivered_at = now
                forward.save(update_fields=["delivered_at"])
            made.append(forward)
    return made


def mark_opened(viewer, forward: Forward) -> bool:
    """The client's first opening of a forwarded posting (a conditional UPDATE: the
    first one wins, later ones change nothing). Anyone else's view records nothing."""
    if viewer is None or not viewer.is_authenticated or forward.client_id != viewer.pk:
        return False
    now = timezone.now()
    done = Forward.objects.filter(pk=forward.pk, opened_at__isnull=True).update(opened_at=now)
    if done:
        forward.opened_at = now
    return bool(done)


def mark_posting_opened(viewer, posting: Posting) -> int:
    """The posting page was shown to `viewer`: the forwards of it they received are
    opened (one UPDATE; nothing for anyone who received none)."""
    if viewer is None or not viewer.is_authenticated:
        return 0
    return Forward.objects.filter(posting=posting, client=viewer, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


def _client_only(viewer, forward: Forward) -> None:
    if viewer is None or not viewer.is_authenticated or not forward.visible_to(viewer):
        raise ApplicationsRefusal(_("This forwarded posting cannot be found."), "not_found")
    if forward.client_id != viewer.pk:
        raise ApplicationsRefusal(_("Only the client answers a forwarded posting."), "forbidden")


def respond(client, forward: Forward, response: str, reason: str = "", text: str = "") -> Forward:
    """The client's answer: interested, or not for me with a reason (and their words)."""
    _client_only(client, forward)
    if response not in (Response.INTERESTED, Response.NOT_FOR_ME):
        raise ApplicationsRefusal(_("Answer “interested” or “not for me”."), "invalid", "response")
    text = _check_text(text, REASON_TEXT_MAX_LENGTH, "text")
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


def on_posting_ended(sender, posting_id: int, status: str, **kwargs) -> int:
    """Receiver of `jobs.signals.posting_ended`, run INSIDE the posting's transaction:
    each client it was forwarded to who has not finished with it (answered "not for me",
    or an application that ended) is told, so the rows commit with the change."""
    forwards = list(
        Forward.objects.filter(posting_id=posting_id)
        .unfinished()
        .select_related("client", "counsellor", "posting")
    )
    now = timezone.now()
    for forward in forwards:
        with translation.override(forward.client.language or None):
            title = str(forward.posting.title)
        notify(
            forward.client,
            JOB_FORWARDED,
            actor=forward.counsellor,
            target=forward,
            data={"event": "ended", "excerpt": _excerpt(title)},
        )
    if forwards:
        Forward.objects.filter(pk__in=[f.pk for f in forwards]).update(ended_notified_at=now)
    return len(forwards)


# ------------------------------------------------------------------ applications


def _event(application: Application, status: str, when: datetime.date, note: str) -> None:
    ApplicationEvent.objects.create(application=application, status=status, date=when, note=note)


def _own(viewer, application: Application) -> None:
    if viewer is None or not viewer.is_authenticated or not application.visible_to(viewer):
        raise ApplicationsRefusal(_("This application cannot be found."), "not_found")
    if application.client_id != viewer.pk:
        raise ApplicationsRefusal(_("Only the job seeker changes their applications."), "forbidden")


def _status(value: str, field: str = "status") -> str:
    if value not in ApplicationStatus.values:
        raise ApplicationsRefusal(_("Choose a status from the list."), "invalid", field)
    return value


def _track(
    client,
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
    when = _check_date(when)
    note = _check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    with transaction.atomic():
        existing = (
            Application.objects.select_for_update().filter(client=client, posting=posting).first()
        )
        if existing is not None:
            if existing.status == status or not existing.allowed(status):
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
    client, posting: Posting, status: str, when: datetime.date | None = None, note: str = ""
) -> Application:
    """Save a posting to the tracker, or record that the client applied ("Save" and
    "I applied" on the posting page). Linked to the forward of it, if they received
    one."""
    if client is None or not client.is_authenticated or not posting.visible_to(client):
        raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
    return _track(client, posting, None, status, when, note)


def apply_from_forward(
    client, forward: Forward, when: datetime.date | None = None, note: str = ""
) -> Application:
    """ "I applied" on a forwarded posting: its application, linked to the forward (it
    works after the posting closed: the client may have applied before)."""
    _client_only(client, forward)
    return _track(client, forward.posting, forward, ApplicationStatus.APPLIED, when, note)


def add_external(
    client,
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
    title = _check_text(title, TITLE_MAX_LENGTH, "title", required=True)
    employer = _check_text(employer, EMPLOYER_MAX_LENGTH, "employer")
    url = _check_url(url)
    status = _status(status)
    when = _check_date(when)
    note = _check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    notes = _check_text(notes, NOTES_MAX_LENGTH, "notes")
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
    client,
    application: Application,
    status: str,
    when: datetime.date | None = None,
    note: str = "",
) -> Application:
    """Move an application along `TRANSITIONS`, with the step's date and a note."""
    _own(client, application)
    status = _status(status)
    when = _check_date(when)
    note = _check_text(note, EVENT_NOTE_MAX_LENGTH, "note")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.allowed(status):
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
    for field in ("status", "status_date", "updated"):
        setattr(application, field, getattr(locked, field))
    return application


def edit_application(client, application: Application, **changes) -> Application:
    """Change the title, employer, address or notes."""
    _own(client, application)
    checks = {
        "title": lambda v: _check_text(v, TITLE_MAX_LENGTH, "title", required=True),
        "employer": lambda v: _check_text(v, EMPLOYER_MAX_LENGTH, "employer"),
        "url": _check_url,
        "notes": lambda v: _check_text(v, NOTES_MAX_LENGTH, "notes"),
    }
    unknown = set(changes) - set(checks)
    if unknown:
        raise ApplicationsRefusal(_("These fields cannot be changed."), "invalid")
    for field, value in changes.items():
        setattr(application, field, checks[field](value))
    application.save()
    return application


def delete_application(client, application: Application) -> None:
    _own(client, application)
    application.delete()


# ------------------------------------------------------------------ reading


@dataclass
class StatusRow:
    """One line of the counsellor's per-posting table."""

    forward: Forward
    application: Application | None
    applications_shared: bool

    @property
    def delivered(self) -> bool:
        return self.forward.delivered_at is not None

    @property
    def applied(self) -> bool | None:
        """None when the client does not share their applications."""
        if not self.applications_shared:
            return None
        return self.application is not None and self.application.status in APPLIED_OR_LATER

    @property
    def outcome(self) -> str:
        if not self.applications_shared or self.application is None:
            return ""
        return str(self.application.get_status_display())


def status_rows(counsellor, posting: Posting) -> list[StatusRow]:
    """Per client the posting was forwarded to, as the case's current counsellor sees
    it: delivered, opened, the answer (with the reason), and — only where the client's
    case grants the applications scope — applied and the outcome. Three queries."""
    forwards = list(
        Forward.objects.visible_to(counsellor)
        .filter(posting=posting, case__counsellor=counsellor)
        .select_related("client__profile")
        .order_by("client__profile__display_name", "pk")
    )
    ids = [f.client_id for f in forwards]
    applications = {
        a.client_id: a
        for a in Application.objects.visible_to(counsellor).filter(posting=posting, client__in=ids)
    }
    shared = set(
        Case.objects.granting(Scope.APPLICATIONS)
        .filter(counsellor=counsellor, client__in=ids)
        .values_list("client_id", flat=True)
    )
    return [StatusRow(f, applications.get(f.client_id), f.client_id in shared) for f in forwards]


def annotate_caseload(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Caseload columns: forwards awaiting the client's answer, and not yet opened."""

    def count(extra: Q):
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
