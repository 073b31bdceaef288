"""Matching over the API: a mentee's ranked mentors and asking one, a coordinator's
suggestions for one mentee, one match, the whole cohort, and the programme's report.
Accepting or declining a match is `POST /mentorships/{id}/accept|decline`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.pii import kinds
from tremplin.core.small_cells import Figure
from tremplin.mentoring import report
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.queries.matching import mentee_features, rank
from tremplin.mentoring.scoring import Score, reason_sentences
from tremplin.mentoring.services import matching

router = Router()

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2_147_483_647)
HANDLE = Field(..., min_length=1, max_length=60, pattern=HANDLE_PATTERN)


class MentoringCandidateOut(Schema):
    handle: str
    display_name: str
    offer: str
    score: int
    reasons: list[str] = Field(description="Why, in the caller's language.")


class MentoringAskIn(StrictSchema):
    mentor: str = HANDLE
    message: str = Field("", max_length=500, pattern=TEXT)
    confirm_pii: StrictBool = False


class MentoringMatchIn(StrictSchema):
    mentee: str = HANDLE
    mentor: str = HANDLE


class MentoringMatchOut(Schema):
    id: int
    mentor: str
    mentee: str
    score: int | None
    reasons: list[str]


class MentoringCohortOut(Schema):
    proposed: int
    matches: list[MentoringMatchOut]


class MentoringFigureOut(Schema):
    key: str
    label: str
    value: int | None = Field(description="Null when suppressed (fewer than 5).")
    suppressed: bool


def candidates_out(ranked: list[tuple[Any, Score]]) -> list[dict[str, Any]]:
    return [
        {
            "handle": p.user.profile.handle,
            "display_name": p.user.profile.display_name,
            "offer": p.offer,
            "score": found.total,
            "reasons": reason_sentences(found.reasons),
        }
        for p, found in ranked
    ]


def match_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "mentor": m.mentor.profile.handle,
        "mentee": m.mentee.profile.handle,
        "score": m.match_score,
        "reasons": reason_sentences(m.match_reasons),
    }


@router.get(
    "/programmes/{programme_id}/mentors",
    response={200: list[MentoringCandidateOut], **READ},
    auth=signed_in,
    summary="The mentors who fit me best in a programme I am a mentee of, with why",
)
def my_mentors(request: HttpRequest, programme_id: int = ID) -> list[dict[str, Any]]:
    programme = queries.programme_or_404(request.user, programme_id)
    mine = queries.my_enrolments(request.user, programme).get("mentee")
    if mine is None or mine.status != "enrolled":
        raise Http404
    return candidates_out(rank(mentee_features(mine), programme, viewer=request.user))


@router.post(
    "/programmes/{programme_id}/asks",
    response={201: MentoringMatchOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Ask an enrolled mentor to mentor me in the programme",
)
def ask(request: HttpRequest, payload: MentoringAskIn, programme_id: int = ID) -> Status:
    programme = queries.programme_or_404(request.user, programme_id)
    mentor = queries.enrolled_member(programme, payload.mentor.strip(), "mentor")
    if mentor is None:
        raise Http404
    found = kinds(payload.message)
    if found and not payload.confirm_pii:
        detail = "The message seems to contain personal data; edit it or send confirm_pii."
        return Status(422, {"detail": detail, "pii": {"message": found}})
    made = matching.ask(request.user, programme, mentor, payload.message)
    return Status(201, match_out(made))


@router.get(
    "/programmes/{programme_id}/suggestions/{mentee_id}",
    response={200: list[MentoringCandidateOut], **READ},
    auth=signed_in,
    summary="Ranked mentors for one enrolled mentee (the programme's coordinators)",
)
def suggestions(
    request: HttpRequest, programme_id: int = ID, mentee_id: int = ID
) -> list[dict[str, Any]]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    enrolment = queries.mentee_enrolment_or_404(request.user, programme, mentee_id)
    return candidates_out(rank(mentee_features(enrolment), programme))


@router.post(
    "/programmes/{programme_id}/matches",
    response={201: MentoringMatchOut, **WRITE},
    auth=writer,
    summary="Propose one match (the programme's coordinators; both sides accept)",
)
def propose_match(
    request: HttpRequest, payload: MentoringMatchIn, programme_id: int = ID
) -> Status:
    programme = queries.coordinated_or_404(request.user, programme_id)
    mentee = queries.enrolled_member(programme, payload.mentee.strip(), "mentee")
    mentor = queries.enrolled_member(programme, payload.mentor.strip(), "mentor")
    if mentee is None or mentor is None:
        raise Http404
    made = matching.propose_match(request.user, programme, mentee, mentor)
    return Status(201, match_out(made))


@router.post(
    "/programmes/{programme_id}/cohort",
    response={201: MentoringCohortOut, **WRITE},
    auth=writer,
    summary="Propose matches for every enrolled mentee without one (coordinators)",
)
def cohort(request: HttpRequest, programme_id: int = ID) -> Status:
    programme = queries.coordinated_or_404(request.user, programme_id)
    made = matching.propose_cohort(request.user, programme)
    shown = queries.matches_for_display([m.pk for m in made])
    return Status(201, {"proposed": len(made), "matches": [match_out(m) for m in shown]})


def figure_out(key: str, label: str, value: Figure) -> dict[str, Any]:
    return {"key": key, "label": label, "value": value.value, "suppressed": value.suppressed}


@router.get(
    "/programmes/{programme_id}/report",
    response={200: list[MentoringFigureOut], **READ},
    auth=signed_in,
    summary="The programme's figures, groups under 5 suppressed (coordinators)",
)
def programme_report(request: HttpRequest, programme_id: int = ID) -> list[dict[str, Any]]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    built = report.build(programme)
    rows = [
        figure_out("mentors", _("Mentors enrolled"), built.mentors),
        figure_out("mentees", _("Mentees enrolled"), built.mentees),
    ]
    rows += [figure_out(c.key, c.label, c.figure) for c in built.matches.cells]
    rows.append(figure_out("matches", _("Matches proposed, in all"), built.matches.total))
    rows += [figure_out(r.key, r.label, r.figure) for r in built.columns]
    return rows
