"""The communities part's API schemas: a community, a membership, a member, a join
request, an invitation; and the inputs (StrictSchema: unknown fields and NUL refused)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool

from tremplin.api.schemas import HANDLE_PATTERN, TEXT, StrictSchema
from tremplin.communities.models import (
    MAX_JOIN_QUESTIONS,
    Community,
    Invitation,
    JoinPolicy,
    Membership,
    Visibility,
)
from tremplin.communities.models.community import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    RULES_MAX_LENGTH,
)
from tremplin.communities.services.community_settings import SLOW_MODE_MAX
from tremplin.communities.services.members import LINK_MAX_USES
from tremplin.core.regions import Region
from tremplin.profiles.models import Sector

VisibilityIn = Literal["public", "members", "private", "secret"]
JoinPolicyIn = Literal["open", "request", "invitation"]
LanguageIn = Literal["fr", "en"]
RegionIn = Literal[("", *Region.values)]  # type: ignore[valid-type]
SectorIn = Literal[("", *Sector.values)]  # type: ignore[valid-type]


class MyMembershipOut(Schema):
    id: int
    status: str = Field(description="pending, invited, active, declined, left, removed or banned")
    role: str = Field(description="owner, moderator or member")
    muted_until: datetime | None
    rules_accepted: bool
    joined: datetime | None


class OrganizationBadgeOut(Schema):
    slug: str
    name: str


class CommunityOut(Schema):
    id: int
    slug: str
    url: str
    name: str = Field(description="In the caller's language, else the other one.")
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    rules_fr: str
    rules_en: str
    topics: list[str]
    region: str
    sector: str
    languages: list[str]
    visibility: str
    join_policy: str
    join_questions: list[str]
    official_of: OrganizationBadgeOut | None
    has_picture: bool
    member_count: int
    created: datetime
    preapprove_first_posts: bool
    slow_mode_seconds: int
    my_membership: MyMembershipOut | None


class SettingsFields(StrictSchema):
    name_fr: str = Field("", max_length=NAME_MAX_LENGTH, pattern=TEXT)
    name_en: str = Field("", max_length=NAME_MAX_LENGTH, pattern=TEXT)
    description_fr: str = Field("", max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    description_en: str = Field("", max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    rules_fr: str = Field("", max_length=RULES_MAX_LENGTH, pattern=TEXT)
    rules_en: str = Field("", max_length=RULES_MAX_LENGTH, pattern=TEXT)
    topics: list[str] = Field(default_factory=list, max_length=20)
    region: RegionIn = ""  # type: ignore[valid-type]
    sector: SectorIn = ""  # type: ignore[valid-type]
    languages: list[LanguageIn] = Field(["fr", "en"], min_length=1)
    visibility: VisibilityIn = "public"
    join_policy: JoinPolicyIn = "open"
    join_questions: list[str] = Field(default_factory=list, max_length=MAX_JOIN_QUESTIONS)


class CommunityIn(SettingsFields):
    organization: str = Field(
        "",
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="The slug of an agency (or verified employer) whose official "
        "community this is; empty: the caller's own.",
    )


class CommunityPatchIn(StrictSchema):
    """Only the fields sent change."""

    name_fr: str | None = Field(None, max_length=NAME_MAX_LENGTH, pattern=TEXT)
    name_en: str | None = Field(None, max_length=NAME_MAX_LENGTH, pattern=TEXT)
    description_fr: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    description_en: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    rules_fr: str | None = Field(None, max_length=RULES_MAX_LENGTH, pattern=TEXT)
    rules_en: str | None = Field(None, max_length=RULES_MAX_LENGTH, pattern=TEXT)
    topics: list[str] | None = Field(None, max_length=20)
    region: RegionIn | None = None  # type: ignore[valid-type]
    sector: SectorIn | None = None  # type: ignore[valid-type]
    languages: list[LanguageIn] | None = Field(None, min_length=1)
    visibility: VisibilityIn | None = None
    join_policy: JoinPolicyIn | None = None
    join_questions: list[str] | None = Field(None, max_length=MAX_JOIN_QUESTIONS)
    preapprove_first_posts: StrictBool | None = None
    slow_mode_seconds: int | None = Field(None, ge=0, le=SLOW_MODE_MAX)


class JoinIn(StrictSchema):
    answers: list[str] = Field(
        default_factory=list,
        max_length=MAX_JOIN_QUESTIONS,
        description="One answer to each of the community's join questions, in order.",
    )


class MemberOut(Schema):
    id: int = Field(description="The membership's id.")
    handle: str
    display_name: str
    role: str
    joined: datetime | None


class ModeratedMemberOut(MemberOut):
    status: str
    muted_until: datetime | None
    new_member: bool
    reason: str


class MembersPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MemberOut]


class AnswerOut(Schema):
    question: str
    answer: str


class JoinRequestOut(Schema):
    id: int
    handle: str
    display_name: str
    asked: datetime
    answers: list[AnswerOut]


class RoleIn(StrictSchema):
    role: Literal["moderator", "member"]


class ReasonIn(StrictSchema):
    reason: str = Field(
        ...,
        min_length=1,
        max_length=REASON_MAX_LENGTH,
        pattern=r"^[^\x00]*[^\s\x00][^\x00]*$",
        description="Told to the member (never who decided).",
    )


class MuteIn(StrictSchema):
    days: Literal[1, 7, 30]


class InvitationLinkIn(StrictSchema):
    days: Literal[1, 7, 30] = 7
    max_uses: int | None = Field(None, ge=1, le=LINK_MAX_USES)


class InvitationLinkOut(Schema):
    id: int
    created: datetime
    expires: datetime | None
    max_uses: int | None
    uses: int


class NewLinkOut(InvitationLinkOut):
    url: str = Field(description="The link to share: shown only now (only its hash is kept).")
    token: str


class InvitePersonIn(StrictSchema):
    handle: str = Field(..., min_length=1, max_length=60, pattern=HANDLE_PATTERN)


class InvitedOut(Schema):
    id: int = Field(description="The membership's id.")
    handle: str
    display_name: str
    invitation_id: int | None


class InvitationsOut(Schema):
    links: list[InvitationLinkOut]
    people: list[InvitedOut]


class MyCommunityOut(Schema):
    community_id: int
    slug: str
    name: str
    membership: MyMembershipOut
    invited_by: str | None


class MyCommunitiesOut(Schema):
    active: list[MyCommunityOut]
    pending: list[MyCommunityOut]
    invited: list[MyCommunityOut]


# ------------------------------------------------------------------ serialisers


def my_membership_out(m: Membership | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "id": m.pk,
        "status": m.status,
        "role": m.role,
        "muted_until": m.muted_until if m.is_muted() else None,
        "rules_accepted": m.rules_accepted is not None,
        "joined": m.joined,
    }


def community_out(c: Community, membership: Membership | None) -> dict[str, Any]:
    org = c.organization
    return {
        "id": c.pk,
        "slug": c.slug,
        "url": c.get_absolute_url(),
        "name": c.name,
        **{f: getattr(c, f) for f in ("name_fr", "name_en", "description_fr", "description_en")},
        "rules_fr": c.rules_fr,
        "rules_en": c.rules_en,
        "topics": [t.strip() for t in c.topics.split(",") if t.strip()],
        "region": c.region,
        "sector": c.sector,
        "languages": [code for code in c.languages.split(",") if code],
        "visibility": Visibility(c.visibility).value,
        "join_policy": JoinPolicy(c.join_policy).value,
        "join_questions": list(c.join_questions or []),
        "official_of": {"slug": org.slug, "name": org.name} if org is not None else None,
        "has_picture": bool(c.picture),
        "member_count": c.member_count,
        "created": c.created,
        "preapprove_first_posts": c.preapprove_first_posts,
        "slow_mode_seconds": c.slow_mode_seconds,
        "my_membership": my_membership_out(membership),
    }


def _person(m: Membership) -> dict[str, str]:
    profile = getattr(m.user, "profile", None)
    return {"handle": profile.handle if profile else "", "display_name": m.user.display_name}


def member_out(m: Membership, moderated: bool = False) -> dict[str, Any]:
    out = {"id": m.pk, **_person(m), "role": m.role, "joined": m.joined}
    if moderated:
        out.update(
            status=m.status,
            muted_until=m.muted_until if m.is_muted() else None,
            new_member=bool(getattr(m, "is_new", False)),
            reason=m.reason,
        )
    return out


def request_out(m: Membership) -> dict[str, Any]:
    answers = [a for a in (m.answers or []) if isinstance(a, dict)]
    return {**_person(m), "id": m.pk, "asked": m.created, "answers": answers}


def link_out(i: Invitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "created": i.created,
        "expires": i.expires,
        "max_uses": i.max_uses,
        "uses": i.uses,
    }


def mine_out(m: Membership) -> dict[str, Any]:
    inviter = m.invited_by.display_name if m.invited_by is not None else None
    return {
        "community_id": m.community_id,
        "slug": m.community.slug,
        "name": m.community.name,
        "membership": my_membership_out(m),
        "invited_by": inviter,
    }
