"""A mentorship's page over the API: everything on it at once (terms, goals, sessions,
the notes the caller may read, their own ratings and open surveys), and the actions on
terms, goals, notes and surveys. Thin adapters over `queries.hub` and the services; a
mentorship is found only among the caller's own started ones (anything else: 404)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, TEXT, ErrorOut, StrictSchema
from tremplin.mentoring.models import Mentorship, SurveyKind
from tremplin.mentoring.models.agreement import SUMMARY_MAX_LENGTH
from tremplin.mentoring.models.feedback import COMMENT_MAX_LENGTH
from tremplin.mentoring.models.goals import TITLE_MAX_LENGTH
from tremplin.mentoring.models.mentorships import MESSAGE_MAX_LENGTH
from tremplin.mentoring.models.notes import BODY_MAX_LENGTH
from tremplin.mentoring.queries import hub as queries
from tremplin.mentoring.queries.feedback import mentor_rating
from tremplin.mentoring.services import agreement, feedback, goals, notes
from tremplin.mentoring.services.feedback import survey_open

router = Router()
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,  # an unreadable body
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
ID = Path(..., ge=1, le=2_147_483_647)
Score = Literal[1, 2, 3, 4, 5]


class MentoringTermsOut(Schema):
    id: int
    summary: str
    frequency: str
    starts_on: date
    ends_on: date
    proposed_by_me: bool
    agreed_at: datetime | None


class MentoringMilestoneOut(Schema):
    id: int
    title: str
    done: bool


class MentoringGoalOut(Schema):
    id: int
    title: str
    done: bool
    progress: int = Field(description="Percent: 100 when met, else milestones done.")
    milestones: list[MentoringMilestoneOut]


class MentoringNoteOut(Schema):
    id: int
    body: str
    private: bool
    mine: bool
    session_id: int | None
    created: datetime


class MentoringRatingAggregateOut(Schema):
    average: float
    count: int


class MentoringHubOut(Schema):
    id: int
    status: str
    my_role: str
    started_at: datetime | None
    ended_at: datetime | None
    ended_reason: str
    terms: MentoringTermsOut | None
    pending_terms: MentoringTermsOut | None
    goals: list[MentoringGoalOut]
    notes: list[MentoringNoteOut]
    open_surveys: list[str] = Field(description="Surveys the caller may answer now.")
    mentor_rating: MentoringRatingAggregateOut | None = Field(
        description="The mentor's average from at least 5 mentee ratings, else null."
    )


def terms_out(t: Any, viewer: Any) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "id": t.pk,
        "summary": t.summary,
        "frequency": t.frequency,
        "starts_on": t.starts_on,
        "ends_on": t.ends_on,
        "proposed_by_me": t.proposed_by_id == viewer.pk,
        "agreed_at": t.agreed_at,
    }


def hub_out(m: Mentorship, viewer: Any) -> dict[str, Any]:
    hub = queries.hub(viewer, m)
    rating = mentor_rating(m.mentor)
    return {
        "id": m.pk,
        "status": m.status,
        "my_role": m.role_of(viewer),
        "started_at": m.started_at,
        "ended_at": m.ended_at,
        "ended_reason": m.ended_reason,
        "terms": terms_out(hub.terms, viewer),
        "pending_terms": terms_out(hub.pending, viewer),
        "goals": [
            {
                "id": g.pk,
                "title": g.title,
                "done": g.done,
                "progress": g.progress(),
                "milestones": [
                    {"id": s.pk, "title": s.title, "done": s.done} for s in g.milestones.all()
                ],
            }
            for g in hub.goals
        ],
        "notes": [
            {
                "id": n.pk,
                "body": n.body,
                "private": n.private,
                "mine": n.author_id == viewer.pk,
                "session_id": n.session_id,
                "created": n.created,
            }
            for n in hub.notes
        ],
        "open_surveys": [
            k.value for k in SurveyKind if survey_open(m, k) and k not in hub.my_surveys
        ],
        "mentor_rating": {"average": rating.average, "count": rating.count} if rating else None,
    }


@router.get(
    "/mentorships/{mentorship_id}/hub",
    response={200: MentoringHubOut, **READ},
    auth=signed_in,
    summary="A started mentorship's page: terms, goals, notes, surveys",
)
def hub(request: HttpRequest, mentorship_id: int = ID) -> dict[str, Any]:
    return hub_out(queries.started_or_404(request.user, mentorship_id), request.user)


class MentoringTermsIn(StrictSchema):
    summary: str = Field(..., min_length=1, max_length=SUMMARY_MAX_LENGTH, pattern=FILLED_TEXT)
    frequency: Literal["weekly", "fortnightly", "monthly"]
    starts_on: date
    ends_on: date


@router.post(
    "/mentorships/{mentorship_id}/terms",
    response={201: MentoringTermsOut, **WRITE},
    auth=writer,
    summary="Propose terms (first ones, a change or an extension)",
)
def propose_terms(
    request: HttpRequest, payload: MentoringTermsIn, mentorship_id: int = ID
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    made = agreement.propose_terms(
        request.user,
        m,
        agreement.Terms(payload.summary, payload.frequency, payload.starts_on, payload.ends_on),
    )
    return Status(201, terms_out(made, request.user))


@router.post(
    "/mentorships/{mentorship_id}/terms/{terms_id}/{answer}",
    response={200: MentoringTermsOut, **WRITE},
    auth=writer,
    summary="Agree to or decline the terms the other party proposed",
)
def answer_terms(
    request: HttpRequest,
    answer: Literal["agree", "decline"],
    mentorship_id: int = ID,
    terms_id: int = ID,
) -> dict[str, Any] | None:
    m = queries.started_or_404(request.user, mentorship_id)
    found = queries.agreement_or_404(request.user, m, terms_id)
    action = agreement.agree if answer == "agree" else agreement.decline_terms
    return terms_out(action(request.user, found), request.user)


class MentoringEndIn(StrictSchema):
    reason: Literal["goals_met", "found_work", "no_time", "not_a_fit", "no_contact", "other"]
    note: str = Field("", max_length=MESSAGE_MAX_LENGTH, pattern=TEXT)


@router.post(
    "/mentorships/{mentorship_id}/end-early",
    response={200: MentoringHubOut, **WRITE},
    auth=writer,
    summary="End an active mentorship with a reason (the other party is told)",
)
def end_early(
    request: HttpRequest, payload: MentoringEndIn, mentorship_id: int = ID
) -> dict[str, Any]:
    m = queries.started_or_404(request.user, mentorship_id)
    ended = agreement.end_early(request.user, m, payload.reason, payload.note)
    return hub_out(queries.started_or_404(request.user, ended.pk), request.user)


class MentoringTitleIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)


class MentoringDoneIn(StrictSchema):
    done: StrictBool


@router.post(
    "/mentorships/{mentorship_id}/goals",
    response={201: MentoringGoalOut, **WRITE},
    auth=writer,
    summary="Add a goal",
)
def add_goal(request: HttpRequest, payload: MentoringTitleIn, mentorship_id: int = ID) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    made = goals.add_goal(request.user, m, payload.title)
    return Status(
        201, {"id": made.pk, "title": made.title, "done": False, "progress": 0, "milestones": []}
    )


@router.put(
    "/mentorships/{mentorship_id}/goals/{goal_id}/done",
    response={204: None, **WRITE},
    auth=writer,
    summary="Mark a goal met, or not",
)
def goal_done(
    request: HttpRequest, payload: MentoringDoneIn, mentorship_id: int = ID, goal_id: int = ID
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    goals.set_goal_done(request.user, queries.goal_or_404(request.user, m, goal_id), payload.done)
    return Status(204, None)


@router.delete(
    "/mentorships/{mentorship_id}/goals/{goal_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove a goal",
)
def goal_remove(request: HttpRequest, mentorship_id: int = ID, goal_id: int = ID) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    goals.remove_goal(request.user, queries.goal_or_404(request.user, m, goal_id))
    return Status(204, None)


@router.post(
    "/mentorships/{mentorship_id}/goals/{goal_id}/milestones",
    response={201: MentoringMilestoneOut, **WRITE},
    auth=writer,
    summary="Add a milestone",
)
def add_milestone(
    request: HttpRequest, payload: MentoringTitleIn, mentorship_id: int = ID, goal_id: int = ID
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    made = goals.add_milestone(
        request.user, queries.goal_or_404(request.user, m, goal_id), payload.title
    )
    return Status(201, {"id": made.pk, "title": made.title, "done": made.done})


@router.put(
    "/mentorships/{mentorship_id}/milestones/{milestone_id}/done",
    response={204: None, **WRITE},
    auth=writer,
    summary="Mark a milestone done, or not",
)
def milestone_done(
    request: HttpRequest, payload: MentoringDoneIn, mentorship_id: int = ID, milestone_id: int = ID
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    stone = queries.milestone_or_404(request.user, m, milestone_id)
    goals.set_milestone_done(request.user, stone, payload.done)
    return Status(204, None)


class MentoringNoteIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    private: StrictBool = Field(False, description="Only the author will ever read it.")
    session_id: int | None = Field(None, ge=1, le=2_147_483_647)


@router.post(
    "/mentorships/{mentorship_id}/notes",
    response={201: MentoringNoteOut, **WRITE},
    auth=writer,
    summary="Write a shared or private note (on the mentorship or a session)",
)
def add_note(request: HttpRequest, payload: MentoringNoteIn, mentorship_id: int = ID) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    session = (
        queries.session_or_404(request.user, m, payload.session_id) if payload.session_id else None
    )
    made = notes.add_note(request.user, m, payload.body, private=payload.private, session=session)
    return Status(
        201,
        {
            "id": made.pk,
            "body": made.body,
            "private": made.private,
            "mine": True,
            "session_id": made.session_id,
            "created": made.created,
        },
    )


@router.delete(
    "/mentorships/{mentorship_id}/notes/{note_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my note",
)
def delete_note(request: HttpRequest, mentorship_id: int = ID, note_id: int = ID) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    notes.delete_note(request.user, queries.note_or_404(request.user, m, note_id))
    return Status(204, None)


class MentoringSurveyIn(StrictSchema):
    useful: Score
    rhythm: Score
    goals: Score
    recommend: Score
    comment: str = Field("", max_length=COMMENT_MAX_LENGTH, pattern=TEXT)


@router.post(
    "/mentorships/{mentorship_id}/surveys/{kind}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Answer the mid-point or exit survey (once, when open)",
)
def answer_survey(
    request: HttpRequest,
    payload: MentoringSurveyIn,
    kind: Literal["midpoint", "exit"],
    mentorship_id: int = ID,
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    answers = payload.model_dump(exclude={"comment"})
    feedback.answer_survey(request.user, m, kind, answers, payload.comment)
    return Status(204, None)
