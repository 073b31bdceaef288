"""Moderation over the API: any member reports what they can see; moderators read their
queue and the log and decide. Thin over `queries` and `services`; refusals are answered
by the global handler (core.refusals: 404 for what the caller cannot see or moderate,
409 for a second report or one's own content, 429 past the rate limit). A member who
moderates nothing gets 403 from the queue and the log. No answer names a reporter."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import StringConstraints

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, ErrorOut, StrictSchema
from tremplin.moderation import queries, reportables, services
from tremplin.moderation.models import Action, Reason, Report, ReportStatus
from tremplin.moderation.models.reports import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

router = Router(tags=["moderation"])

# The kinds the apps registered (their hooks.py ran before the URLconf imports this).
# Named apart from other apps' enums: OpenAPI components share one namespace.
Kind = StrEnum("ReportableKind", {key: key for key in reportables.kind_keys()})  # type: ignore[misc]
Decided = StrEnum(  # type: ignore[misc]
    "ModerationDecision",
    {a: a for a in (Action.DISMISS, Action.REMOVE, Action.WARN, Action.SUSPEND)},
)

MAX_ID = 9_223_372_036_854_775_807
OBJECT_ID = Path(..., ge=1, le=MAX_ID)
READ = {401: ErrorOut, 403: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
Handle = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=HANDLE_PATTERN)]


class ReportIn(StrictSchema):
    kind: Kind
    id: ObjectId | Handle = Field(
        ...,
        description="The id of what you report; for a member, their profile's handle.",
        json_schema_extra={"examples": [1, "alice-martin"]},
    )
    reason: Reason
    note: str = Field("", max_length=NOTE_MAX_LENGTH, pattern=TEXT)


class ReportOut(Schema):
    id: int
    kind: str
    object_id: int
    reason: Reason
    status: ReportStatus
    created: datetime


class ReasonCount(Schema):
    reason: Reason
    count: int


class EntryOut(Schema):
    kind: str
    object_id: int
    scope: str = Field(description='Where it lives: "" is the whole site.')
    reports: int
    first_reported: datetime
    exists: bool = Field(description="False once it was deleted.")
    removable: bool
    excerpt: str
    link: str | None
    author: str | None = Field(description="The author's display name.")
    reasons: list[ReasonCount]
    notes: list[str] = Field(description="The reporters' notes (never their names).")


class DecisionIn(StrictSchema):
    action: Decided
    reason: str = Field(
        "",
        max_length=REASON_MAX_LENGTH,
        pattern=TEXT,
        description="Told to the author; required to remove, warn or suspend.",
    )
    until: datetime | None = Field(
        None, description="For a suspension: its end (null: until a moderator lifts it)."
    )
    tell_reporters: bool = False


class DecisionOut(Schema):
    id: int
    action: Action
    kind: str
    object_id: int | None
    moderator: str | None
    author: str | None
    reason: str
    until: datetime | None
    created: datetime


def _report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "kind": report.kind,
        "object_id": report.object_id,
        "reason": report.reason,
        "status": report.status,
        "created": report.created,
    }


def _entry_out(entry: queries.Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "object_id": entry.object_id,
        "scope": entry.scope,
        "reports": entry.count,
        "first_reported": entry.first_reported,
        "exists": entry.exists,
        "removable": entry.removable,
        "excerpt": entry.excerpt,
        "link": entry.link,
        "author": entry.author_name or None,
        "reasons": [{"reason": code, "count": n} for code, _label, n in entry.reasons],
        "notes": entry.notes,
    }


def _decision_out(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "action": decision.action,
        "kind": decision.kind,
        "object_id": decision.object_id,
        "moderator": decision.moderator.display_name if decision.moderator else None,
        "author": decision.author.display_name if decision.author else None,
        "reason": decision.reason,
        "until": decision.until,
        "created": decision.created,
    }


def _moderator(request: HttpRequest) -> None:
    if not queries.may_moderate(request.user):
        raise HttpError(403, "Only moderators may do this.")


@router.post(
    "/reports",
    response={201: ReportOut, **WRITE, 429: ErrorOut},
    auth=writer,
    summary="Report a member, a post, an article, a comment or a message you can see",
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status:
    report = services.report(request.user, payload.kind, payload.id, payload.reason, payload.note)
    return Status(201, _report_out(report))


@router.get(
    "/reports/mine",
    response={200: list[ReportOut], 401: ErrorOut},
    auth=signed_in,
    summary="My reports and what became of them",
)
def my_reports(request: HttpRequest) -> list[dict[str, Any]]:
    return [_report_out(r) for r in queries.my_reports(request.user)]


@router.get(
    "/queue",
    response={200: list[EntryOut], **READ},
    auth=signed_in,
    summary="The reported things waiting in the scopes I moderate, oldest first",
)
def queue(request: HttpRequest) -> list[dict[str, Any]]:
    _moderator(request)
    return [_entry_out(e) for e in queries.queue(request.user)]


@router.post(
    "/queue/{kind}/{object_id}/decision",
    response={201: DecisionOut, **WRITE},
    auth=writer,
    summary="Decide about a reported thing: dismiss, remove, warn or suspend its author",
)
def decide(
    request: HttpRequest, payload: DecisionIn, kind: Kind, object_id: int = OBJECT_ID
) -> Status:
    _moderator(request)
    ask = services.Ask(
        action=payload.action,
        reason=payload.reason,
        until=payload.until,
        tell_reporters=payload.tell_reporters,
    )
    return Status(201, _decision_out(services.decide(request.user, kind, object_id, ask)))


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **READ},
    auth=signed_in,
    summary="The log of decisions in the scopes I moderate, newest first",
)
def decisions(request: HttpRequest) -> list[dict[str, Any]]:
    _moderator(request)
    return [_decision_out(d) for d in queries.log(request.user)]


@router.post(
    "/suspensions/{suspension_id}/lift",
    response={201: DecisionOut, **WRITE},
    auth=writer,
    summary="Lift a suspension before its end (site moderators)",
)
def lift(request: HttpRequest, suspension_id: int = OBJECT_ID) -> Status:
    suspension = queries.suspension_or_404(request.user, suspension_id)
    return Status(201, _decision_out(services.lift(request.user, suspension)))
