"""Who belongs to a project: applying with a message, being invited (the page's person
picker or the API's handle names someone the lead may see; the rest is checked here),
the lead's answer, leaving, the lead removing someone, and the lead handing the lead
role to a member. Each move is checked against `MEMBER_TRANSITIONS`; a member who
leaves or is removed stops sharing their documents with the project.

A project always has exactly one lead while it has active members: the lead leaves
only after handing over (`hand_over`), and cannot leave a project they are alone in
(they close it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.projects.models import (
    MEMBER_TRANSITIONS,
    Member,
    MemberStatus,
    Project,
    Role,
    SharedFile,
    Status,
    Visibility,
)
from tremplin.projects.models.project import MESSAGE_MAX_LENGTH, staffed_agencies
from tremplin.projects.refusals import ProjectRefusal
from tremplin.projects.services import notices
from tremplin.projects.services.log import log
from tremplin.projects.services.projects import require_lead
from tremplin.projects.services.text import trimmed


def _locked_row(project: Project, user: Any) -> Member | None:
    return Member.objects.select_for_update().filter(project=project, user=user).first()


def _move(row: Member, target: str, **changes: Any) -> Member:
    MEMBER_TRANSITIONS.check(row.status, target, ProjectRefusal)
    row.status = target
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def apply(user: Any, project: Project, message: str) -> Member:
    """Ask to join an open project (the project is one the user sees). An invitation
    already waiting is accepted instead."""
    message = trimmed(message)
    if not message:
        raise ProjectRefusal(_("Tell the lead why you want to join."), "empty", field="message")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ProjectRefusal(_("The message is too long."), field="message")
    if project.status != Status.OPEN:
        raise ProjectRefusal(_("This project does not look for collaborators now."), "not_open")
    row = _locked_row(project, user)
    if row is not None and row.status == MemberStatus.INVITED:
        return _join(row)
    if row is not None and row.status in (MemberStatus.ACTIVE, MemberStatus.APPLIED):
        raise ProjectRefusal(_("You already applied to this project."), "already")
    if row is None:
        row = Member.objects.create(
            project=project, user=user, status=MemberStatus.APPLIED, message=message
        )
    else:
        _move(row, MemberStatus.APPLIED, message=message, role=Role.MEMBER)
    notices.applied(row)
    return row


def _join(row: Member) -> Member:
    _move(row, MemberStatus.ACTIVE, role=Role.MEMBER)
    log(row.project, row.user, "joined")
    return row


@transaction.atomic
def withdraw(user: Any, project: Project) -> Member:
    row = _locked_row(project, user)
    if row is None or row.status != MemberStatus.APPLIED:
        raise ProjectRefusal(_("You have no application waiting here."), "not_found")
    return _move(row, MemberStatus.LEFT)


@transaction.atomic
def decide(lead: Any, project: Project, member_id: int, accept: bool) -> Member:
    """The lead accepts or declines an application."""
    require_lead(lead, project)
    row = Member.objects.select_for_update().filter(project=project, pk=member_id).first()
    if row is None or row.status != MemberStatus.APPLIED:
        raise ProjectRefusal(_("This application is not waiting for an answer."), "not_found")
    if accept:
        _join(row)
    else:
        _move(row, MemberStatus.DECLINED)
    notices.answered(row, accept)
    return row


def _may_be_invited(project: Project, user: Any) -> None:
    if project.visibility == Visibility.TEAM and project.organization_id not in staffed_agencies(
        user
    ):
        raise ProjectRefusal(
            _("A team project takes only the staff of its agency."), "not_eligible", field="handle"
        )


@transaction.atomic
def invite(lead: Any, project: Project, user: Any) -> Member:
    require_lead(lead, project)
    if user.pk == lead.pk:
        raise ProjectRefusal(_("You cannot invite yourself."), "self", field="handle")
    _may_be_invited(project, user)
    row = _locked_row(project, user)
    if row is not None and row.status == MemberStatus.APPLIED:
        return _join(row)
    if row is not None and row.status in (MemberStatus.ACTIVE, MemberStatus.INVITED):
        raise ProjectRefusal(_("This person is already a member or invited."), "already")
    if row is None:
        row = Member.objects.create(
            project=project, user=user, status=MemberStatus.INVITED, invited_by=lead
        )
    else:
        _move(row, MemberStatus.INVITED, invited_by=lead, role=Role.MEMBER, message="")
    notices.invited(row, lead)
    return row


@transaction.atomic
def answer_invitation(user: Any, project: Project, accept: bool) -> Member:
    row = _locked_row(project, user)
    if row is None or row.status != MemberStatus.INVITED:
        raise ProjectRefusal(_("You have no invitation to this project."), "not_found")
    if accept:
        _may_be_invited(project, user)
        return _join(row)
    return _move(row, MemberStatus.DECLINED)


def _stop_sharing(project: Project, user_id: int) -> None:
    SharedFile.objects.active().filter(project=project, shared_by_id=user_id).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def leave(user: Any, project: Project) -> Member:
    row = _locked_row(project, user)
    if row is None or row.status != MemberStatus.ACTIVE:
        raise ProjectRefusal(_("You are not a member of this project."), "not_found")
    if row.role == Role.LEAD:
        others = Member.objects.active().filter(project=project).exclude(pk=row.pk)
        if others.exists():
            raise ProjectRefusal(
                _(
                    "You lead this project: hand the lead to another member first, "
                    "then you can leave."
                ),
                "conflict",
            )
        raise ProjectRefusal(_("The lead cannot leave: close the project instead."), "forbidden")
    _move(row, MemberStatus.LEFT)
    _stop_sharing(project, user.pk)
    log(project, user, "left")
    return row


@transaction.atomic
def remove(lead: Any, project: Project, member_id: int) -> Member:
    """The lead removes a member, or withdraws an invitation."""
    require_lead(lead, project)
    row = Member.objects.select_for_update(of=("self",)).select_related("user__profile")
    found = row.filter(project=project, pk=member_id).first()
    if found is None or found.status not in (MemberStatus.ACTIVE, MemberStatus.INVITED):
        raise ProjectRefusal(_("This person is not a member of the project."), "not_found")
    if found.role == Role.LEAD:
        raise ProjectRefusal(_("The lead cannot be removed."), "forbidden")
    if found.status == MemberStatus.INVITED:
        return _move(found, MemberStatus.LEFT)
    _move(found, MemberStatus.REMOVED)
    _stop_sharing(project, found.user_id)
    log(project, lead, "removed", person=found.user.profile.display_name)
    return found


def check_hand_over(lead: Any, project: Project, member_id: int) -> Member:
    """The member row that would become the lead (with the person's profile), or the
    refusal: only the lead hands over, and only to another active member who still
    works on the project (a team project's member who left the agency does not)."""
    return _heir(require_lead(lead, project), project, member_id)


def _heir(current: Member, project: Project, member_id: int) -> Member:
    heir = (
        Member.objects.select_related("user__profile").filter(project=project, pk=member_id).first()
    )
    if heir is not None and heir.pk == current.pk:
        raise ProjectRefusal(_("You already lead this project."), "self", field="member_id")
    if heir is None or not heir.is_active or not project.is_worked_on_by(heir.user):
        # Not found, as `remove` and `decide` answer for a row that is not theirs to act
        # on: the same answer for an applicant's row and another project's.
        raise ProjectRefusal(
            _("Only a current member of the project can become its lead."),
            "not_found",
            field="member_id",
        )
    return heir


@transaction.atomic
def hand_over(lead: Any, project: Project, member_id: int) -> Member:
    """The lead hands the lead role to an active member and stays as a member. Both are
    told; the activity log says it. The project's row is locked first, so two hand-overs
    at once (a double click on two names) cannot make two leads: the second reads its
    sender's row after the first committed, no longer the lead's."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    former = require_lead(lead, locked)
    heir = _heir(former, locked, member_id)
    now = timezone.now()
    Member.objects.filter(pk=former.pk).update(role=Role.MEMBER, changed=now)
    Member.objects.filter(pk=heir.pk).update(role=Role.LEAD, changed=now)
    heir.role = Role.LEAD
    locked.lead = heir.user
    locked.save(update_fields=["lead", "updated"])
    log(locked, lead, "lead_handed", person=heir.user.profile.display_name)
    notices.lead_handed(locked, lead, heir.user)
    return heir
