"""What moderators do with members: roles and ownership, removal, bans, mutes, and
invitations (links anyone holding them may use, and invitations to one person).

Who may act on whom: the owner on anyone but themselves; a moderator on members only
(never on the owner or another moderator). Every action is logged (`log_action`) in
its transaction; the member is told a removal or a ban with its reason, never by whom.

An invitation link's token is shown once, when it is made: the table keeps only its
SHA-256 (as organisations' invitations do), so a leaked database opens no community."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.api.models import hash_token
from tremplin.communities.models import (
    Community,
    Invitation,
    Membership,
    MembershipStatus,
    ModerationAction,
    Role,
)
from tremplin.communities.models.community import REASON_MAX_LENGTH
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import member_notices as notices
from tremplin.communities.services.communities import (
    lock_membership,
    move,
    require_moderator,
)
from tremplin.communities.services.community_limits import throttle
from tremplin.communities.services.log import log_action

Action = ModerationAction.Action
MUTE_DAYS = (1, 7, 30)
LINK_DAYS = (1, 7, 30)
LINK_MAX_USES = 1000
# Open invitation links of one community at most (each is a way in).
LINKS_MAX = 20


def _target(membership: Membership) -> Membership:
    found = Membership.objects.select_for_update().select_related("community", "user")
    return found.get(pk=membership.pk)


def _may_act_on(actor: Membership, target: Membership) -> None:
    if actor.user_id == target.user_id:
        raise CommunityRefusal(_("You cannot do this to yourself."), "self")
    if target.role == Role.OWNER and target.is_active:
        raise CommunityRefusal(_("No one may do this to the community's owner."), "forbidden")
    if target.role == Role.MODERATOR and target.is_active and actor.role != Role.OWNER:
        raise CommunityRefusal(_("Only the owner may do this to a moderator."), "forbidden")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CommunityRefusal(
            _("Give a reason: the member is told it."), "invalid", field="reason"
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise CommunityRefusal(
            _("%(max)d characters at most.") % {"max": REASON_MAX_LENGTH}, "invalid", field="reason"
        )
    return reason


def _owner(user: Any, community: Community) -> Membership:
    actor = require_moderator(user, community)
    if actor.role != Role.OWNER:
        raise CommunityRefusal(_("Only the community's owner may do this."), "forbidden")
    return actor


# ------------------------------------------------------------------ roles


@transaction.atomic
def set_role(user: Any, membership: Membership, role: str) -> Membership:
    """The owner makes a member a moderator, or a moderator a member again."""
    actor = _owner(user, membership.community)
    target = _target(membership)
    if role not in (Role.MODERATOR, Role.MEMBER):
        raise CommunityRefusal(_("Choose moderator or member."), "invalid", field="role")
    _may_act_on(actor, target)
    if not target.is_active:
        raise CommunityRefusal(_("Only active members can have a role."), "transition")
    if target.role != role:
        target.role = role
        target.save(update_fields=["role"])
        log_action(target.community, user, Action.ROLE, target_user=target.user, excerpt=role)
        notices.role_changed(target)
    return target


@transaction.atomic
def transfer_ownership(user: Any, membership: Membership) -> Membership:
    """The owner hands the community to an active member; they stay as a moderator."""
    actor = _owner(user, membership.community)
    target = _target(membership)
    if target.user_id == actor.user_id:
        raise CommunityRefusal(_("You already own this community."), "self")
    if not target.is_active:
        raise CommunityRefusal(_("Only an active member can own the community."), "transition")
    target.role = Role.OWNER
    target.muted_until = None
    target.save(update_fields=["role", "muted_until"])
    actor.role = Role.MODERATOR
    actor.save(update_fields=["role"])
    log_action(target.community, user, Action.TRANSFER, target_user=target.user)
    notices.role_changed(target)
    return target


# ------------------------------------------------------------------ removal, bans, mutes


@transaction.atomic
def remove_member(user: Any, membership: Membership, reason: str) -> Membership:
    """A moderator removes a member (they may ask again), telling them why."""
    actor = require_moderator(user, membership.community)
    target = _target(membership)
    _may_act_on(actor, target)
    reason = _reason(reason)
    if not target.is_active:
        raise CommunityRefusal(_("This person is not a member."), "transition")
    move(target, MembershipStatus.REMOVED, reason=reason, decided_by=user)
    action = log_action(
        target.community, user, Action.REMOVE_MEMBER, target_user=target.user, reason=reason
    )
    notices.removed(target, action)
    return target


@transaction.atomic
def ban(user: Any, membership: Membership, reason: str) -> Membership:
    """A moderator bans a member (or someone asking or invited): they cannot ask again
    and see nothing of a private or secret community. They are told why."""
    actor = require_moderator(user, membership.community)
    target = _target(membership)
    _may_act_on(actor, target)
    reason = _reason(reason)
    if target.status == MembershipStatus.BANNED:
        raise CommunityRefusal(_("This person is already banned."), "already")
    move(target, MembershipStatus.BANNED, reason=reason, decided_by=user)
    action = log_action(target.community, user, Action.BAN, target_user=target.user, reason=reason)
    notices.removed(target, action)
    return target


@transaction.atomic
def unban(user: Any, membership: Membership) -> Membership:
    """Lift a ban: the person may ask to join again."""
    require_moderator(user, membership.community)
    target = _target(membership)
    if target.status != MembershipStatus.BANNED:
        raise CommunityRefusal(_("This person is not banned."), "transition")
    move(target, MembershipStatus.LEFT, decided_by=user)
    log_action(target.community, user, Action.UNBAN, target_user=target.user)
    return target


@transaction.atomic
def mute(user: Any, membership: Membership, days: int) -> Membership:
    """They read but cannot post until the date (`posting.may_post` refuses)."""
    actor = require_moderator(user, membership.community)
    target = _target(membership)
    _may_act_on(actor, target)
    if days not in MUTE_DAYS:
        raise CommunityRefusal(_("Choose 1 day, 1 week or 30 days."), "invalid", field="days")
    if not target.is_active:
        raise CommunityRefusal(_("This person is not a member."), "transition")
    target.muted_until = timezone.now() + timedelta(days=days)
    target.save(update_fields=["muted_until"])
    log_action(target.community, user, Action.MUTE, target_user=target.user, excerpt=f"{days} d")
    return target


@transaction.atomic
def unmute(user: Any, membership: Membership) -> Membership:
    actor = require_moderator(user, membership.community)
    target = _target(membership)
    _may_act_on(actor, target)
    if not target.is_muted():
        raise CommunityRefusal(_("This member is not muted."), "transition")
    target.muted_until = None
    target.save(update_fields=["muted_until"])
    log_action(target.community, user, Action.UNMUTE, target_user=target.user)
    return target


# ------------------------------------------------------------------ invitations


@transaction.atomic
def create_link(
    user: Any, community: Community, days: int, max_uses: int | None = None
) -> tuple[Invitation, str]:
    """A new invitation link; returns it with its token (shown once)."""
    require_moderator(user, community)
    if days not in LINK_DAYS:
        raise CommunityRefusal(_("Choose 1 day, 1 week or 30 days."), "invalid", field="days")
    if max_uses is not None and not 1 <= max_uses <= LINK_MAX_USES:
        raise CommunityRefusal(
            _("Between 1 and %(max)d uses.") % {"max": LINK_MAX_USES}, "invalid", field="max_uses"
        )
    throttle(user, "invite")
    links = Invitation.objects.usable().filter(community=community, invitee__isnull=True)
    if links.count() >= LINKS_MAX:
        raise CommunityRefusal(
            _("This community has %(max)d open links: revoke one first.") % {"max": LINKS_MAX},
            "rate_limited",
        )
    raw = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        community=community,
        token=hash_token(raw),
        created_by=user,
        expires=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    return invitation, raw


@transaction.atomic
def revoke(user: Any, invitation: Invitation) -> Invitation:
    """Revoke a link (or an invitation to a person, which withdraws it)."""
    require_moderator(user, invitation.community)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked is None:
        invitation.revoked = timezone.now()
        invitation.save(update_fields=["revoked"])
    if invitation.invitee_id is not None:
        pending = lock_membership(invitation.community, invitation.invitee)
        if pending is not None and pending.status == MembershipStatus.INVITED:
            move(pending, MembershipStatus.LEFT)
    return invitation


def link_for(raw: str) -> Invitation | None:
    """The link behind a token, usable or not (the page says which), or None."""
    if not raw or len(raw) > 100:
        return None
    found = Invitation.objects.select_related("community").filter(
        token=hash_token(raw), invitee__isnull=True
    )
    return found.first()


def link_state(invitation: Invitation) -> str:
    """ "ok", "expired", "revoked" or "used_up"."""
    if invitation.revoked is not None:
        return "revoked"
    if invitation.expires is not None and invitation.expires <= timezone.now():
        return "expired"
    if invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        return "used_up"
    return "ok"


@transaction.atomic
def join_by_link(user: Any, raw: str) -> Membership:
    """Whoever holds a usable link joins at once (unless banned or already in)."""
    invitation = link_for(raw)
    if invitation is None:
        raise CommunityRefusal(_("This invitation link does not exist."), "not_found")
    community = invitation.community
    existing = lock_membership(community, user)
    if existing is not None and existing.status == MembershipStatus.BANNED:
        raise CommunityRefusal(_("You were banned from this community."), "refused")
    if existing is not None and existing.is_active:
        raise CommunityRefusal(_("You are already a member of this community."), "already")
    # Claimed with a conditional UPDATE: two people on the last use, one gets in.
    claimed = (
        Invitation.objects.usable()
        .filter(pk=invitation.pk)
        .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
        .update(uses=F("uses") + 1)
    )
    if not claimed:
        raise CommunityRefusal(_("This invitation link has expired."), "expired")
    if existing is None:
        from tremplin.communities.services.communities import count_members

        membership = Membership.objects.create(
            community=community, user=user, invited_by=invitation.created_by,
            joined=timezone.now(),
        )  # fmt: skip
        count_members(community, 1)
        return membership
    return move(existing, MembershipStatus.ACTIVE, invited_by=invitation.created_by)


@transaction.atomic
def invite_person(user: Any, community: Community, invitee: Any) -> Membership:
    """Invite one member of Tremplin (found by the caller through the profiles they may
    see); they are told and accept or decline."""
    require_moderator(user, community)
    existing = lock_membership(community, invitee)
    if existing is not None and existing.status == MembershipStatus.BANNED:
        raise CommunityRefusal(_("This person is banned: lift the ban first."), "conflict")
    if existing is not None and existing.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.INVITED,
    ):
        raise CommunityRefusal(_("This person is already a member or invited."), "already")
    throttle(user, "invite")
    if existing is not None and existing.status == MembershipStatus.PENDING:
        # They asked already: the invitation answers their request.
        membership = move(existing, MembershipStatus.ACTIVE, invited_by=user, decided_by=user)
        log_action(community, user, Action.APPROVE_MEMBER, target_user=invitee)
        notices.request_answered(membership, True)
        return membership
    if existing is None:
        membership = Membership.objects.create(
            community=community, user=invitee, status=MembershipStatus.INVITED, invited_by=user
        )
    else:
        membership = move(existing, MembershipStatus.INVITED, invited_by=user)
    Invitation.objects.create(
        community=community,
        token=hash_token(secrets.token_urlsafe(24)),
        invitee=invitee,
        created_by=user,
    )
    notices.invited(membership, user)
    return membership
