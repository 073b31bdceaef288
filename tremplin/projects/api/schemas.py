"""The projects API's schemas (prefixed "Project"): a project, a member, a page of
search results, a task with its checklist and comments, a milestone, a shared file, a
message, a line of activity; the inputs are StrictSchema (unknown fields and NUL
refused, booleans strict)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool, field_validator

from tremplin.api.schemas import FILLED_TEXT, HANDLE_PATTERN, TEXT, StrictSchema
from tremplin.core.regions import Region
from tremplin.projects.models.board import (
    CHECK_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MILESTONE_MAX_LENGTH,
    TASK_TEXT_MAX_LENGTH,
    TASK_TITLE_MAX_LENGTH,
)
from tremplin.projects.models.project import (
    DESCRIPTION_MAX_LENGTH,
    HOURS_MAX,
    MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)

RegionIn = Literal[("", *Region.values)]  # type: ignore[valid-type]
KindIn = Literal["portfolio", "startup", "volunteer", "study_group", "professional", "personal"]
VisibilityIn = Literal["public", "members", "connections", "invitation", "team"]
StatusIn = Literal["open", "in_progress", "closed"]
ColumnIn = Literal["todo", "doing", "done"]
ID = Field(..., ge=1, le=2_147_483_647)


class DatedIn(StrictSchema):
    """An input with a `due` date: only "YYYY-MM-DD" (or null), never a number of
    seconds that pydantic would read as a date; and ids and hours never a boolean (JSON
    Schema's integers include 211.0, so StrictInt would refuse too much)."""

    @field_validator(
        "milestone_id", "document_id", "hours_per_week", mode="before", check_fields=False
    )
    @classmethod
    def _no_boolean(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("a number, not a boolean")
        return value

    @field_validator("due", mode="before", check_fields=False)
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            raise ValueError("a date is written YYYY-MM-DD")
        return value


class ProjectPersonOut(Schema):
    handle: str
    display_name: str


class ProjectMemberOut(Schema):
    id: int = Field(description="The member row's id.")
    person: ProjectPersonOut
    role: str = Field(description="lead or member")
    status: str = Field(description="applied, invited, active, declined, left or removed")
    message: str = Field(description="The application's message (the lead and the applicant).")
    since: datetime


class ProjectOut(Schema):
    id: int
    url: str
    title: str = Field(description="In the caller's language, else the other one.")
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    languages: list[str]
    skills: list[str]
    region: str
    remote: bool
    hours_per_week: int | None
    kind: str
    status: str
    visibility: str
    team_of: str | None = Field(description="A team project's agency (its slug).")
    lead: ProjectPersonOut
    created: datetime
    my_membership: ProjectMemberOut | None


class ProjectCardOut(Schema):
    id: int
    url: str
    title: str
    languages: list[str]
    skills: list[str]
    region: str
    remote: bool
    hours_per_week: int | None
    kind: str
    lead: ProjectPersonOut


class ProjectSearchOut(Schema):
    items: list[ProjectCardOut]
    next_before: int | None = Field(description="Pass as `before` for the next page.")


class ProjectMineOut(Schema):
    active: list[ProjectCardOut]
    applied: list[ProjectCardOut]
    invited: list[ProjectCardOut]


class ProjectFields(DatedIn):
    title_fr: str = Field("", max_length=TITLE_MAX_LENGTH, pattern=TEXT)
    title_en: str = Field("", max_length=TITLE_MAX_LENGTH, pattern=TEXT)
    description_fr: str = Field("", max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    description_en: str = Field("", max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    skills: list[str] = Field(default_factory=list, max_length=12)
    region: RegionIn = ""  # type: ignore[valid-type]
    remote: StrictBool = False
    hours_per_week: int | None = Field(None, ge=1, le=HOURS_MAX)
    kind: KindIn = "personal"
    visibility: VisibilityIn = "members"
    confirm_pii: StrictBool = False


class ProjectIn(ProjectFields):
    organization: str = Field(
        "",
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="A team project's agency (its slug); empty: the caller's only agency.",
    )


class ProjectPatchIn(DatedIn):
    """Only the fields sent change."""

    title_fr: str | None = Field(None, max_length=TITLE_MAX_LENGTH, pattern=TEXT)
    title_en: str | None = Field(None, max_length=TITLE_MAX_LENGTH, pattern=TEXT)
    description_fr: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    description_en: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    skills: list[str] | None = Field(None, max_length=12)
    region: RegionIn | None = None  # type: ignore[valid-type]
    remote: StrictBool | None = None
    hours_per_week: int | None = Field(None, ge=1, le=HOURS_MAX)
    kind: KindIn | None = None
    visibility: VisibilityIn | None = None
    confirm_pii: StrictBool = False


class ProjectStatusIn(StrictSchema):
    status: StatusIn


class ProjectApplyIn(StrictSchema):
    message: str = Field(..., min_length=1, max_length=MESSAGE_MAX_LENGTH, pattern=FILLED_TEXT)


class ProjectAnswerIn(StrictSchema):
    accept: StrictBool


class ProjectInviteIn(StrictSchema):
    handle: str = Field(
        ...,
        max_length=60,
        pattern=HANDLE_PATTERN,
        description=(
            "The invitee's profile address (a person the caller may see). "
            "GET /api/v1/profiles/picker/people?scope=project:{id}&q=<name> finds the "
            "people the lead may invite by name."
        ),
    )


class ProjectLeadIn(StrictSchema):
    member_id: int = Field(
        ...,
        ge=1,
        le=2_147_483_647,
        description="The member row's id (GET /projects/{id}/members) of an active member.",
    )

    @field_validator("member_id", mode="before")
    @classmethod
    def _no_boolean(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("a number, not a boolean")
        return value


# ------------------------------------------------------------------ inside


class ProjectCheckOut(Schema):
    id: int
    text: str
    done: bool


class ProjectCommentOut(Schema):
    id: int
    author: ProjectPersonOut | None
    body: str
    created: datetime


class ProjectTaskOut(Schema):
    id: int
    title: str
    description: str
    column: str
    assignee: ProjectPersonOut | None
    due: date | None
    milestone_id: int | None
    moved: datetime


class ProjectTaskDetailOut(ProjectTaskOut):
    checklist: list[ProjectCheckOut]
    comments: list[ProjectCommentOut]


class ProjectBoardOut(Schema):
    todo: list[ProjectTaskOut]
    doing: list[ProjectTaskOut]
    done: list[ProjectTaskOut]


class ProjectTaskIn(DatedIn):
    title: str = Field(..., min_length=1, max_length=TASK_TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    description: str = Field("", max_length=TASK_TEXT_MAX_LENGTH, pattern=TEXT)
    assignee: str | None = Field(None, max_length=60, pattern=HANDLE_PATTERN)
    due: date | None = None
    milestone_id: int | None = Field(None, ge=1, le=2_147_483_647)


class ProjectTaskPatchIn(DatedIn):
    title: str | None = Field(
        None, min_length=1, max_length=TASK_TITLE_MAX_LENGTH, pattern=FILLED_TEXT
    )
    description: str | None = Field(None, max_length=TASK_TEXT_MAX_LENGTH, pattern=TEXT)
    assignee: str | None = Field(
        None, max_length=60, pattern=r"^\s*[-A-Za-z0-9_]*\s*$", description="Empty: nobody."
    )
    due: date | None = None
    milestone_id: int | None = Field(None, ge=0, le=2_147_483_647, description="0: none.")


class ProjectMoveIn(StrictSchema):
    column: ColumnIn


class ProjectCheckIn(StrictSchema):
    text: str = Field(..., min_length=1, max_length=CHECK_MAX_LENGTH, pattern=FILLED_TEXT)


class ProjectCheckDoneIn(StrictSchema):
    done: StrictBool


class ProjectBodyIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=COMMENT_MAX_LENGTH, pattern=FILLED_TEXT)


class ProjectMilestoneIn(DatedIn):
    title: str = Field(..., min_length=1, max_length=MILESTONE_MAX_LENGTH, pattern=FILLED_TEXT)
    due: date | None = None


class ProjectMilestoneOut(Schema):
    id: int
    title: str
    due: date | None
    reached: datetime | None


class ProjectShareIn(DatedIn):
    document_id: int = ID


class ProjectFileOut(Schema):
    id: int
    document_id: int
    title: str
    url: str = Field(description="The document's page in the vault.")
    shared_by: ProjectPersonOut
    created: datetime


class ProjectMessageOut(Schema):
    id: int
    author: ProjectPersonOut | None
    body: str
    created: datetime


class ProjectMessagesOut(Schema):
    items: list[ProjectMessageOut]
    next_before: int | None


class ProjectActivityOut(Schema):
    id: int
    verb: str
    text: str = Field(description="The line, in the caller's language.")
    created: datetime


class ProjectActivityPageOut(Schema):
    items: list[ProjectActivityOut]
    next_before: int | None
