"""Programme actions: create and move a programme, coordinators, invitations, enrolment
with intake answers, leaving, and the mentor profile (editing a programme and removing a
coordinator: `programme_edit.py`).

Who may act: a programme is run by an agency or by a community. It is created by staff
of its agency (an admin or a counsellor), or by an owner or moderator of its community
(asked through `community_roles`), who becomes its first coordinator; coordinators (the
same kind of people: `may_run`) move it along `PROGRAMME_TRANSITIONS`, add coordinators
and invite members. A member enrols on a side when the programme is open or running and
the side's `JoinPolicy` lets them (members: any signed-in member; clients: an active
case at the agency, asked through the viewer fact `client_agencies` that counselling
provides; community: an active member of the community; invitation: a coordinator
invited them). A community's programme takes only the community's members, on both
sides and whatever the policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tremplin.core.viewer import viewer_of
from tremplin.mentoring.community_roles import community_roles
from tremplin.mentoring.models import (
    ENROLLING,
    PROGRAMME_TRANSITIONS,
    Enrolment,
    EnrolmentStatus,
    JoinPolicy,
    MentorOffer,
    MentorProfile,
    OfferKind,
    Programme,
    Side,
    normalise,
)
from tremplin.mentoring.models.profiles import MAX_ITEMS
from tremplin.mentoring.models.programmes import (
    AGENCY_POLICIES,
    ANSWER_MAX_LENGTH,
    COMMUNITY_POLICIES,
    GOALS_MAX_LENGTH,
    MAX_QUESTIONS,
)
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.organizations.models import Role

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _is_staff_of(user: Any, agency_id: int | None) -> bool:
    roles = (Role.ADMIN, Role.COUNSELLOR)
    return any(agency_id in viewer_of(user).organization_ids(role=role) for role in roles)


def may_run(user: Any, programme: Programme) -> bool:
    """Whether `user` may coordinate `programme`: staff of its agency, or an owner or
    moderator of its community."""
    if user is None or not user.is_authenticated:
        return False
    if programme.community_id is not None:
        return community_roles.moderates(user, programme.community_id)
    return _is_staff_of(user, programme.agency_id)


def may_join_community(user: Any, programme: Programme) -> bool:
    """A community's programme takes only its active members; an agency's, anyone."""
    if programme.community_id is None:
        return True
    return community_roles.belongs(user, programme.community_id)


def coordinator_or_refuse(user: Any, programme: Programme) -> None:
    if not programme.is_coordinator(user):
        raise MentoringError(_("Only the programme's coordinators may do this."), code="forbidden")


def clean_questions(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Questions as (French, English) pairs; empty pairs dropped, at most MAX_QUESTIONS."""
    found = [
        {"fr": fr.strip()[:300], "en": en.strip()[:300]}
        for fr, en in pairs
        if fr.strip() or en.strip()
    ]
    if len(found) > MAX_QUESTIONS:
        raise MentoringError(
            _("At most %(max)d intake questions per side.") % {"max": MAX_QUESTIONS},
            code="invalid",
        )
    return found


@dataclass
class ProgrammeData:
    name_fr: str
    name_en: str
    starts_on: date
    ends_on: date
    purpose_fr: str = ""
    purpose_en: str = ""
    mentor_policy: str = JoinPolicy.MEMBERS
    mentee_policy: str = JoinPolicy.CLIENTS
    mentor_questions: list[tuple[str, str]] = field(default_factory=list)
    mentee_questions: list[tuple[str, str]] = field(default_factory=list)
    capacity: int = 20
    months: int = 6


def check_data(data: ProgrammeData, policies: tuple[str, ...]) -> None:
    if not (data.name_fr.strip() or data.name_en.strip()):
        raise MentoringError(_("Give the programme a name."), code="invalid", field="name_fr")
    if not all(EARLIEST <= day <= LATEST for day in (data.starts_on, data.ends_on)):
        raise MentoringError(
            _("Give dates between %(start)s and %(end)s.")
            % {"start": EARLIEST.isoformat(), "end": LATEST.isoformat()},
            code="invalid",
            field="starts_on",
        )
    if data.ends_on < data.starts_on:
        raise MentoringError(
            _("The end date comes before the start date."), code="invalid", field="ends_on"
        )
    if not 1 <= data.capacity <= 5000:
        raise MentoringError(_("Capacity: from 1 to 5,000 mentees."), code="invalid")
    if not 1 <= data.months <= 24:
        raise MentoringError(_("A mentorship lasts from 1 to 24 months."), code="invalid")
    if data.mentor_policy not in policies or data.mentee_policy not in policies:
        raise MentoringError(_("Choose who may join."), code="invalid")


@transaction.atomic
def create_programme(user: Any, agency: Any, data: ProgrammeData) -> Programme:
    """Staff of `agency` create a programme (a draft); they coordinate it."""
    if agency is None or not _is_staff_of(user, agency.pk):
        raise MentoringError(_("Only an agency's staff may run a programme."), code="forbidden")
    check_data(data, AGENCY_POLICIES)
    return _create(user, data, agency=agency)


@transaction.atomic
def create_community_programme(user: Any, community: Any, data: ProgrammeData) -> Programme:
    """An owner or moderator of `community` creates a programme (a draft) for its
    members; they coordinate it."""
    if community is None or not community_roles.moderates(user, community.pk):
        raise MentoringError(
            _("Only a community's owners and moderators may run a programme for it."),
            code="forbidden",
        )
    check_data(data, COMMUNITY_POLICIES)
    return _create(user, data, community=community)


def _create(user: Any, data: ProgrammeData, **owner: Any) -> Programme:
    programme = Programme.objects.create(
        **owner,
        name_fr=data.name_fr.strip(),
        name_en=data.name_en.strip(),
        purpose_fr=data.purpose_fr.strip(),
        purpose_en=data.purpose_en.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        mentor_policy=data.mentor_policy,
        mentee_policy=data.mentee_policy,
        mentor_questions=clean_questions(data.mentor_questions),
        mentee_questions=clean_questions(data.mentee_questions),
        capacity=data.capacity,
        months=data.months,
    )
    programme.coordinators.add(user)
    return programme


@transaction.atomic
def move_programme(user: Any, programme: Programme, status: str) -> Programme:
    """A coordinator opens, starts or closes the programme (`PROGRAMME_TRANSITIONS`)."""
    coordinator_or_refuse(user, programme)
    found = Programme.objects.select_for_update().get(pk=programme.pk)
    PROGRAMME_TRANSITIONS.check(found.status, status, MentoringError)
    found.status = status
    found.save(update_fields=["status"])
    return found


@transaction.atomic
def add_coordinator(user: Any, programme: Programme, other: Any) -> None:
    """A coordinator adds another member of the agency's staff (or another owner or
    moderator of the community). Adding a coordinator again changes nothing."""
    coordinator_or_refuse(user, programme)
    if other is None or not may_run(other, programme):
        if programme.community_id is not None:
            message = _("A coordinator must be an owner or a moderator of the community.")
        else:
            message = _("A coordinator must be on the agency's staff.")
        raise MentoringError(message, code="invalid", field="who")
    programme.coordinators.add(other)


@transaction.atomic
def invite(user: Any, programme: Programme, other: Any, side: str) -> Enrolment:
    """A coordinator invites a member to join on one side; they answer the intake to
    enrol. Inviting someone already enrolled changes nothing."""
    coordinator_or_refuse(user, programme)
    if other is None or side not in Side.values:
        raise MentoringError(_("This member cannot be found."), code="not_found")
    if not may_join_community(other, programme):
        raise MentoringError(
            _("Only the community's members may join this programme."), code="invalid", field="who"
        )
    enrolment, _made = Enrolment.objects.get_or_create(
        programme=programme,
        user=other,
        side=side,
        defaults={"status": EnrolmentStatus.INVITED, "invited_by": user},
    )
    return enrolment


def may_join(user: Any, programme: Programme, side: str) -> bool:
    """Whether `user` may enrol on `side` now (the page shows the form only then)."""
    if user is None or not user.is_authenticated or programme.status not in ENROLLING:
        return False
    if not may_join_community(user, programme):
        return False
    policy = programme.policy(side)
    if policy not in programme.policies:
        return False
    if policy in (JoinPolicy.MEMBERS, JoinPolicy.COMMUNITY):
        return True
    if policy == JoinPolicy.CLIENTS:
        return programme.agency_id in set(viewer_of(user).relation("client_agencies"))
    return Enrolment.objects.filter(programme=programme, user=user, side=side).exists()


@dataclass
class Intake:
    answers: list[str] = field(default_factory=list)
    goals: str = ""
    wanted_skills: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    region: str = ""
    online: bool = True


def _clean_intake(programme: Programme, side: str, intake: Intake) -> Intake:
    questions = programme.mentor_questions if side == Side.MENTOR else programme.mentee_questions
    answers = [(a or "").strip() for a in intake.answers][: len(questions)]
    if any(len(a) > ANSWER_MAX_LENGTH for a in answers) or len(intake.goals) > GOALS_MAX_LENGTH:
        raise MentoringError(
            _("An answer is too long: %(max)d characters at most.") % {"max": ANSWER_MAX_LENGTH},
            code="invalid",
        )
    answers += [""] * (len(questions) - len(answers))
    return Intake(
        answers=answers,
        goals=intake.goals.strip(),
        wanted_skills=_words(intake.wanted_skills),
        sectors=_words(intake.sectors),
        languages=_languages(intake.languages),
        region=intake.region if len(intake.region) == 2 else "",
        online=intake.online,
    )


@transaction.atomic
def enrol(user: Any, programme: Programme, side: str, intake: Intake) -> Enrolment:
    """`user` joins `programme` on `side` with their intake answers (again: updated)."""
    if side not in Side.values:
        raise MentoringError(_("Choose to join as mentor or as mentee."), code="invalid")
    if programme.status not in ENROLLING:
        raise MentoringError(_("This programme is not taking enrolments."), code="transition")
    if not may_join(user, programme, side):
        raise MentoringError(_("This programme is not open to you on that side."), code="forbidden")
    clean = _clean_intake(programme, side, intake)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    found = Enrolment.objects.filter(programme=locked, user=user, side=side).first()
    taken = locked.enrolments.enrolled().filter(side=Side.MENTEE).exclude(user=user).count()
    if side == Side.MENTEE and taken >= locked.capacity:
        raise MentoringError(_("This programme is full."), code="conflict")
    values = {**vars(clean), "status": EnrolmentStatus.ENROLLED}
    if found is None:
        try:
            with transaction.atomic():
                return Enrolment.objects.create(programme=locked, user=user, side=side, **values)
        except IntegrityError:
            raise MentoringError(_("You are already enrolled."), code="conflict") from None
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


@transaction.atomic
def leave(user: Any, enrolment: Enrolment) -> Enrolment:
    """The person leaves the programme (their open matches are theirs to end)."""
    found = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if found.user_id != user.pk:
        raise MentoringError(_("This enrolment cannot be found."), code="not_found")
    if found.status == EnrolmentStatus.LEFT:
        raise MentoringError(_("You already left this programme."), code="transition")
    found.status = EnrolmentStatus.LEFT
    found.save(update_fields=["status"])
    return found


def _languages(items: list[str]) -> list[str]:
    """French and English only, each once (a repeat would be a duplicate offer row)."""
    return [lang for lang in ("fr", "en") if lang in items]


def _words(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        word = normalise(item)
        if word:
            seen[word] = None
    return list(seen)[:MAX_ITEMS]


@dataclass
class Offer:
    offer: str = ""
    skills: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    trades: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    region: str = ""
    in_person: bool = True
    online: bool = True
    max_mentees: int = 2
    paused: bool = False


@transaction.atomic
def save_mentor_profile(user: Any, offer: Offer) -> MentorProfile:
    """Create or update `user`'s mentor profile and its searchable items, together."""
    if not 0 <= offer.max_mentees <= 20:
        raise MentoringError(_("From 0 to 20 mentees."), code="invalid", field="max_mentees")
    if len(offer.offer) > 1000:
        raise MentoringError(_("The text is too long."), code="invalid", field="offer")
    lists: dict[str, list[str]] = {
        "skills": _words(offer.skills),
        "sectors": _words(offer.sectors),
        "trades": _words(offer.trades),
        "languages": _languages(offer.languages),
    }
    values: dict[str, Any] = {
        **lists,
        "offer": offer.offer.strip(),
        "region": offer.region if len(offer.region) == 2 else "",
        "in_person": offer.in_person,
        "online": offer.online,
        "max_mentees": offer.max_mentees,
        "paused": offer.paused,
    }
    profile, _made = MentorProfile.objects.update_or_create(user=user, defaults=values)
    MentorOffer.objects.filter(profile=profile).delete()
    kinds = (
        (OfferKind.SKILL, lists["skills"]),
        (OfferKind.SECTOR, lists["sectors"]),
        (OfferKind.TRADE, lists["trades"]),
        (OfferKind.LANGUAGE, lists["languages"]),
    )
    MentorOffer.objects.bulk_create(
        MentorOffer(profile=profile, kind=kind, value=value)
        for kind, items in kinds
        for value in items
    )
    return profile
