"""Communities and their members: create one, change its settings and picture, join
(open, on request with answers, by invitation), leave. Roles, removals, bans, mutes and
invitations are in `services/members.py`.

Each action validates, changes the rows in one transaction and refuses with
`CommunityRefusal`; notifications are written in the same transaction (`notify`), and
emails leave after commit. `member_count` moves with F() whenever a membership becomes
or stops being active, in the same transaction, so no list ever counts rows; the
`search_text` is rebuilt from the fields each time they change (`search_text_of`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    MEMBERSHIP_TRANSITIONS,
    Community,
    JoinPolicy,
    Membership,
    MembershipStatus,
    ModerationAction,
    Role,
)
from tremplin.communities.models.community import (
    ANSWER_MAX_LENGTH,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import member_notices as notices
from tremplin.communities.services.community_settings import (
    check_named,
    clean_settings,
    fold,
    search_text_of,
)
from tremplin.communities.services.log import log_action
from tremplin.core.images import sanitise_image
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import Organization, OrgKind

# Addresses other pages of the app use under /communities/: a community may not take them.
RESERVED_SLUGS = frozenset(
    {"new", "mine", "join", "threads", "events", "resources", "questions", "search",
     "moderation", "calendar", "feeds", "api", "unanswered", "categories", "invitations",
     "directory", "replies", "sitemap", "polls", "digest"}
)  # fmt: skip
SLUG_MAX = 70
# ------------------------------------------------------------------ creating


def may_speak_for(user: Any, organization: Organization) -> bool:
    """Whether `user` may create an official community of `organization`: its staff
    when it is an agency (administrators and counsellors), its administrators and
    recruiters when it is an employer an agency verified."""
    for fact in viewer_of(user).memberships:
        if fact.organization_id != organization.pk:
            continue
        if fact.kind == OrgKind.AGENCY:
            return True
        if fact.kind == OrgKind.EMPLOYER and organization.verified:
            return True
    return False


def official_choices(user: Any) -> list[Organization]:
    """The organisations `user` may create an official community for."""
    ids = viewer_of(user).organization_ids()
    found = Organization.objects.filter(pk__in=ids).order_by("name")
    return [org for org in found if may_speak_for(user, org)]


def unique_slug(name: str) -> str:
    base = slugify(fold(name))[:SLUG_MAX].strip("-") or "communaute"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    taken = set(
        Community.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:1000]
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: SLUG_MAX - 6]}-{n}"
    return slug


@transaction.atomic
def create_community(
    user: Any, *, organization: Organization | None = None, **fields: Any
) -> Community:
    """Anyone signed in creates a community and becomes its owner; with `organization`,
    an official community of it (if they may speak for it)."""
    if organization is not None and not may_speak_for(user, organization):
        raise CommunityRefusal(
            _("You may not create an official community for this organisation."), "forbidden"
        )
    community = Community(created_by=user, organization=organization, **clean_settings(fields))
    check_named(community)
    community.search_text = search_text_of(community)
    community.member_count = 1
    for _attempt in range(3):  # two creations with the same name at once
        community.slug = unique_slug(community.name_fr or community.name_en)
        try:
            with transaction.atomic():
                community.save()
            break
        except IntegrityError:
            continue
    else:
        raise CommunityRefusal(_("Try again in a moment."), "conflict")
    now = timezone.now()
    Membership.objects.create(
        community=community, user=user, role=Role.OWNER, status=MembershipStatus.ACTIVE,
        joined=now, rules_accepted=now,
    )  # fmt: skip
    return community


def require_moderator(user: Any, community: Community) -> Membership:
    """The actor's active moderating membership, locked, or a refusal."""
    found = (
        Membership.objects.select_for_update()
        .filter(community=community, user=user, status=MembershipStatus.ACTIVE)
        .first()
        if user is not None and user.is_authenticated
        else None
    )
    if found is None or not found.moderates:
        raise CommunityRefusal(_("Only the community's moderators may do this."), "forbidden")
    return found


@transaction.atomic
def update_settings(user: Any, community: Community, **fields: Any) -> Community:
    """The owner and moderators change the settings (logged)."""
    require_moderator(user, community)
    community = Community.objects.select_for_update().get(pk=community.pk)
    for name, value in clean_settings(fields).items():
        setattr(community, name, value)
    check_named(community)
    community.search_text = search_text_of(community)
    community.save()
    log_action(
        community, user, ModerationAction.Action.SETTINGS, target=f"community:{community.pk}"
    )
    return community


@transaction.atomic
def set_picture(user: Any, community: Community, upload: Any) -> Community:
    """Re-encoded (no EXIF or GPS survives), then the old file deleted after commit."""
    require_moderator(user, community)
    clean = sanitise_image(upload, max_side=600)
    old = community.picture.name if community.picture else None
    community.picture.save("picture.jpg", clean, save=False)
    community.save(update_fields=["picture"])
    if old:
        storage = community.picture.storage
        transaction.on_commit(lambda: storage.delete(old))
    return community


@transaction.atomic
def remove_picture(user: Any, community: Community) -> Community:
    require_moderator(user, community)
    name = community.picture.name
    if name:
        storage = community.picture.storage
        community.picture = ""  # type: ignore[assignment]  # how Django clears a FileField
        community.save(update_fields=["picture"])
        transaction.on_commit(lambda: storage.delete(name))
    return community


# ------------------------------------------------------------------ joining and leaving


def lock_membership(community: Community, user: Any) -> Membership | None:
    return Membership.objects.select_for_update().filter(community=community, user=user).first()


def count_members(community: Community, delta: int) -> None:
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + delta)


def move(membership: Membership, status: str, **changes: Any) -> Membership:
    """The one place a membership changes state, along `MEMBERSHIP_TRANSITIONS`, keeping
    `member_count` in step."""
    MEMBERSHIP_TRANSITIONS.check(membership.status, status, CommunityRefusal)
    was_active = membership.is_active
    membership.status = status
    for name, value in changes.items():
        setattr(membership, name, value)
    if status == MembershipStatus.ACTIVE:
        membership.joined = timezone.now()
    if status != MembershipStatus.ACTIVE:
        membership.role = Role.MEMBER
        membership.muted_until = None
    membership.save()
    if was_active != membership.is_active:
        count_members(membership.community, 1 if membership.is_active else -1)
    return membership


def _refuse_standing(existing: Membership | None) -> None:
    """A member already in, asking, or banned cannot ask again."""
    if existing is None:
        return
    status = existing.status
    if status == MembershipStatus.BANNED:
        raise CommunityRefusal(_("You were banned from this community."), "refused")
    if status == MembershipStatus.ACTIVE:
        raise CommunityRefusal(_("You are already a member of this community."), "already")
    if status == MembershipStatus.PENDING:
        raise CommunityRefusal(_("Your request is already waiting for the moderators."), "pending")


def _clean_answers(community: Community, answers: Any) -> list[dict[str, str]]:
    questions = list(community.join_questions or [])
    given = list(answers or []) if isinstance(answers, list | tuple) else None
    if given is None or len(given) != len(questions):
        raise CommunityRefusal(
            _("Answer each of the moderators' questions."), "invalid", field="answers"
        )
    cleaned = []
    for question, answer in zip(questions, given, strict=True):
        text = str(answer or "").strip()
        if not text:
            raise CommunityRefusal(
                _("Answer each of the moderators' questions."), "invalid", field="answers"
            )
        if len(text) > ANSWER_MAX_LENGTH:
            raise CommunityRefusal(
                _("An answer may have %(max)d characters at most.") % {"max": ANSWER_MAX_LENGTH},
                "invalid",
                field="answers",
            )
        cleaned.append({"question": question, "answer": text})
    return cleaned


def _become(
    community: Community, user: Any, existing: Membership | None, status: str, **changes: Any
) -> Membership:
    if existing is None:
        membership = Membership.objects.create(
            community=community, user=user, status=status, **changes,
            joined=timezone.now() if status == MembershipStatus.ACTIVE else None,
        )  # fmt: skip
        if status == MembershipStatus.ACTIVE:
            count_members(community, 1)
        return membership
    return move(existing, status, **changes)


@transaction.atomic
def join(user: Any, community: Community, answers: Any = None) -> Membership:
    """Join an open community at once, or ask to join one on request (with answers to
    its questions; the moderators are told). An invitation to the person is accepted
    this way too. Invitation-only communities refuse anyone else."""
    # The set rule, asked afresh (the instance may cache an older status).
    visible = Community.objects.visible_to(user).filter(pk=community.pk, archived__isnull=True)
    if not visible.exists():
        raise CommunityRefusal(_("This community cannot be found."), "not_found")
    existing = lock_membership(community, user)
    if existing is not None and existing.status == MembershipStatus.INVITED:
        return answer_invitation(user, community, accept=True)
    _refuse_standing(existing)
    if community.join_policy == JoinPolicy.OPEN:
        return _become(community, user, existing, MembershipStatus.ACTIVE, answers=[])
    if community.join_policy == JoinPolicy.INVITATION:
        raise CommunityRefusal(_("This community is by invitation only."), "forbidden")
    cleaned = _clean_answers(community, answers)
    membership = _become(community, user, existing, MembershipStatus.PENDING, answers=cleaned)
    notices.join_requested(membership)
    return membership


@transaction.atomic
def withdraw(user: Any, community: Community) -> Membership:
    """The person withdraws their join request."""
    existing = lock_membership(community, user)
    if existing is None or existing.status != MembershipStatus.PENDING:
        raise CommunityRefusal(_("You have no request waiting here."), "transition")
    return move(existing, MembershipStatus.LEFT)


@transaction.atomic
def leave(user: Any, community: Community) -> Membership:
    """A member leaves; the last owner must hand the community over first."""
    existing = lock_membership(community, user)
    if existing is None or not existing.is_active:
        raise CommunityRefusal(_("You are not a member of this community."), "transition")
    if existing.role == Role.OWNER:
        owners = Membership.objects.active().filter(community=community, role=Role.OWNER)
        if owners.count() <= 1:
            raise CommunityRefusal(
                _("You own this community: transfer ownership to another member before leaving."),
                "conflict",
            )
    return move(existing, MembershipStatus.LEFT)


@transaction.atomic
def decide_request(moderator: Any, membership: Membership, approve: bool) -> Membership:
    """A moderator approves or declines a join request; the person is told (never by
    whom)."""
    community = membership.community
    require_moderator(moderator, community)
    found = Membership.objects.select_for_update().select_related("community", "user")
    membership = found.get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise CommunityRefusal(_("This request has already been answered."), "answered")
    status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
    move(membership, status, decided_by=moderator)
    action = ModerationAction.Action
    log_action(
        community,
        moderator,
        action.APPROVE_MEMBER if approve else action.DECLINE_MEMBER,
        target_user=membership.user,
    )
    notices.request_answered(membership, approve)
    return membership


@transaction.atomic
def answer_invitation(user: Any, community: Community, accept: bool) -> Membership:
    """The person invited accepts (they are a member at once) or declines."""
    existing = lock_membership(community, user)
    if existing is None or existing.status != MembershipStatus.INVITED:
        raise CommunityRefusal(_("You have no invitation to this community."), "not_found")
    status = MembershipStatus.ACTIVE if accept else MembershipStatus.DECLINED
    return move(existing, status)


@transaction.atomic
def accept_rules(user: Any, community: Community) -> Membership:
    """The member read the rules: they may post (posting.accept_rules)."""
    from tremplin.communities.services import posting

    existing = lock_membership(community, user)
    if existing is None or not existing.is_active:
        raise CommunityRefusal(_("Only members of this community can post in it."), "forbidden")
    posting.accept_rules(existing)
    return existing
