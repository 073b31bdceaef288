"""Communities: who may see one, who belongs to it and in which role.

Visibility (`Visibility`):
- public: anyone reads, even visitors and search engines; members post;
- members: signed-in members of Tremplin read; members of the community post;
- private: listed in the directory (name, description, rules); content for its members;
- secret: not listed; invitation only; nothing of it reaches a non-member.

THE rules, one per question, on `CommunityQuerySet`:
- `visible_to(viewer)`: the communities whose page (name, description) the viewer may
  see: every public, members and private one (members: signed-in only), secret ones only
  to their active members; a banned member sees nothing of a private or secret one.
- `readable_by(viewer)`: the communities whose content (threads, posts, events,
  resources) the viewer may read: public to anyone, members to signed-in members, private
  and secret to active members only. Banned members read nothing but a public
  community's content, as any visitor could.
Each has its single-object twin on `Community` (`is_visible_to`, `is_readable_by`).
The content models ask `readable_by` through `content_q(viewer, "community")`.

Membership lifecycle (`MEMBERSHIP_TRANSITIONS`): pending (a join request) → active |
declined; invited → active | declined; active → left | removed | banned; banned → left
(unbanned: the row goes back to "left", and they may join again); left/removed/declined →
pending | active | invited (joining again).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 5000
RULES_MAX_LENGTH = 5000
QUESTION_MAX_LENGTH = 300
ANSWER_MAX_LENGTH = 1000
MAX_JOIN_QUESTIONS = 3
REASON_MAX_LENGTH = 1000


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read, members post")
    MEMBERS = "members", _("Members of Tremplin: signed-in members can read")
    PRIVATE = "private", _("Private: listed, only its members see the content")
    SECRET = "secret", _("Secret: not listed, by invitation only")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone may join")
    REQUEST = "request", _("On request, approved by the moderators")
    INVITATION = "invitation", _("By invitation only")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Asked to join")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")
    BANNED = "banned", _("Banned")


MEMBERSHIP_TRANSITIONS = Lifecycle(
    MembershipStatus,
    {
        MembershipStatus.PENDING: {
            MembershipStatus.ACTIVE,
            MembershipStatus.DECLINED,
            MembershipStatus.LEFT,  # withdrawn by the person
            MembershipStatus.BANNED,
        },
        MembershipStatus.INVITED: {
            MembershipStatus.ACTIVE,
            MembershipStatus.DECLINED,
            MembershipStatus.LEFT,  # invitation withdrawn
            MembershipStatus.BANNED,
        },
        MembershipStatus.ACTIVE: {
            MembershipStatus.LEFT,
            MembershipStatus.REMOVED,
            MembershipStatus.BANNED,
        },
        MembershipStatus.BANNED: {MembershipStatus.LEFT},
        MembershipStatus.LEFT: {
            MembershipStatus.PENDING,
            MembershipStatus.INVITED,
            MembershipStatus.ACTIVE,
            MembershipStatus.BANNED,
        },
        MembershipStatus.REMOVED: {
            MembershipStatus.PENDING,
            MembershipStatus.INVITED,
            MembershipStatus.ACTIVE,
            MembershipStatus.BANNED,
        },
        MembershipStatus.DECLINED: {
            MembershipStatus.PENDING,
            MembershipStatus.INVITED,
            MembershipStatus.ACTIVE,
            MembershipStatus.BANNED,
        },
    },
)
MODERATING_ROLES = (Role.OWNER, Role.MODERATOR)
LISTED = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE)
OPEN_CONTENT = (Visibility.PUBLIC, Visibility.MEMBERS)


def in_language(french: str, english: str) -> str:
    """The text in the active language, else in the other one."""
    if (get_language() or "en").startswith("fr"):
        return french or english
    return english or french


def signed_in(viewer: Any) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, viewer: Any) -> CommunityQuerySet:
        """THE listing rule: whose page (name, description, rules) the viewer may see."""
        if not signed_in(viewer):
            return self.filter(visibility=Visibility.PUBLIC, archived__isnull=True)
        member_of = Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE)
        banned_from = Membership.objects.filter(user=viewer, status=MembershipStatus.BANNED)
        return self.filter(
            Q(visibility__in=LISTED, archived__isnull=True)
            | Q(pk__in=member_of.values("community"))
        ).exclude(
            Q(visibility__in=(Visibility.PRIVATE, Visibility.SECRET))
            & Q(pk__in=banned_from.values("community"))
        )

    def readable_by(self, viewer: Any) -> CommunityQuerySet:
        """THE content rule: whose threads, posts, events and resources the viewer may
        read."""
        if not signed_in(viewer):
            return self.filter(visibility=Visibility.PUBLIC)
        member_of = Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE)
        banned_from = Membership.objects.filter(user=viewer, status=MembershipStatus.BANNED)
        return self.filter(
            Q(visibility=Visibility.PUBLIC)
            | (Q(visibility=Visibility.MEMBERS) & ~Q(pk__in=banned_from.values("community")))
            | Q(pk__in=member_of.values("community"))
        )

    def listed(self) -> CommunityQuerySet:
        """What the directory lists (secret ones never, archived ones never)."""
        return self.filter(visibility__in=LISTED, archived__isnull=True)

    def moderated_by(self, user: Any) -> CommunityQuerySet:
        if not signed_in(user):
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=MODERATING_ROLES,
        )


class Community(models.Model):
    """A place where members discuss, ask, meet and share. Name, description and rules
    in French and/or English (at least one name); `organization` makes it an official
    community of that agency (or verified employer), shown with its badge."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=NAME_MAX_LENGTH, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=NAME_MAX_LENGTH, blank=True)
    description_fr = models.TextField(
        _("description (French)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    description_en = models.TextField(
        _("description (English)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    rules_fr = models.TextField(_("rules (French)"), blank=True, max_length=RULES_MAX_LENGTH)
    rules_en = models.TextField(_("rules (English)"), blank=True, max_length=RULES_MAX_LENGTH)
    # The languages its members write in ("fr", "en" or both), for the directory.
    languages = models.CharField(_("languages"), max_length=5, default="fr,en")
    picture = models.ImageField(_("picture"), upload_to="communities/", blank=True)
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy, default=JoinPolicy.OPEN
    )
    # Up to MAX_JOIN_QUESTIONS questions the moderators read with a join request.
    join_questions = models.JSONField(_("questions for those who ask to join"), default=list)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("official community of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Moderation settings.
    preapprove_first_posts = models.BooleanField(
        _("new members' first posts wait for a moderator"), default=False
    )
    slow_mode_seconds = models.PositiveIntegerField(
        _("slow mode: seconds between two posts of a member"), default=0
    )
    created = models.DateTimeField(auto_now_add=True)
    archived = models.DateTimeField(null=True, blank=True)
    # Kept with F() by the services, so lists never count rows.
    member_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    last_activity = models.DateTimeField(default=timezone.now)
    # Directory search: "name description topics region" folded to lower case without
    # accents, kept by the services (SQLite and PostgreSQL alike).
    search_text = models.TextField(blank=True, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_fr="", name_en=""), name="community_has_a_name"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=[v.value for v in Visibility]),
                name="community_visibility_known",
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "-member_count"], name="community_directory"),
            models.Index(fields=["-last_activity"], name="community_recent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communities:detail", args=[self.slug])

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def rules(self) -> str:
        return in_language(self.rules_fr, self.rules_en)

    @property
    def is_official(self) -> bool:
        return self.organization_id is not None

    @property
    def scope_key(self) -> str:
        """Its key in moderation's scopes and feed's places: "community:<id>"."""
        return f"community:{self.pk}"

    def membership_of(self, user: Any) -> Membership | None:
        if not signed_in(user):
            return None
        return Membership.objects.filter(community=self, user=user).first()

    def is_visible_to(self, viewer: Any) -> bool:
        """The single-object twin of `CommunityQuerySet.visible_to`."""
        if not signed_in(viewer):
            return self.visibility == Visibility.PUBLIC and self.archived is None
        status = _status_of(self, viewer)
        if status == MembershipStatus.ACTIVE:
            return True
        if status == MembershipStatus.BANNED and self.visibility in (
            Visibility.PRIVATE,
            Visibility.SECRET,
        ):
            return False
        return self.visibility in LISTED and self.archived is None

    def is_readable_by(self, viewer: Any) -> bool:
        """The single-object twin of `CommunityQuerySet.readable_by`."""
        if self.visibility == Visibility.PUBLIC:
            return True
        if not signed_in(viewer):
            return False
        status = _status_of(self, viewer)
        if status == MembershipStatus.ACTIVE:
            return True
        return self.visibility == Visibility.MEMBERS and status != MembershipStatus.BANNED

    def is_moderated_by(self, user: Any) -> bool:
        if not signed_in(user):
            return False
        return Membership.objects.filter(
            community=self,
            user=user,
            status=MembershipStatus.ACTIVE,
            role__in=MODERATING_ROLES,
        ).exists()


def _status_of(community: Community, user: Any) -> str | None:
    """The viewer's membership status in `community`, asked once per object (cached on
    the instance for the request's life: the rules ask it more than once)."""
    cache = community.__dict__.setdefault("_status_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(community=community, user=user)
            .values_list("status", flat=True)
            .first()
        )
    return cache[user.pk]


def content_q(viewer: Any, community_field: str = "community") -> Q:
    """Rows whose community's content the viewer may read (`readable_by`), as one filter
    on a content model's `community` foreign key.

    The same rule as `readable_by`, written on the joined community row rather than as
    `community IN (every readable community)`: that subquery read all the communities
    (a sequential scan of 10,000 rows, 4-19 ms) to find one thread by its key; here the
    row's own visibility decides, and the viewer's memberships (a few rows, by index)
    the rest."""
    field = community_field
    public = Q(**{f"{field}__visibility": Visibility.PUBLIC})
    if not signed_in(viewer):
        return public
    mine = Membership.objects.filter(user=viewer)
    member_of = mine.filter(status=MembershipStatus.ACTIVE).values("community")
    banned_from = mine.filter(status=MembershipStatus.BANNED).values("community")
    return (
        public
        | (Q(**{f"{field}__visibility": Visibility.MEMBERS}) & ~Q(**{f"{field}__in": banned_from}))
        | Q(**{f"{field}__in": member_of})
    )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)

    def moderators(self) -> MembershipQuerySet:
        return self.active().filter(role__in=MODERATING_ROLES)

    def visible_to(self, viewer: Any) -> MembershipQuerySet:
        """Who may see a membership row: the member themselves always; the community's
        moderators every row (requests, bans); anyone who may read the community's
        content sees its active members."""
        if not signed_in(viewer):
            return self.filter(
                status=MembershipStatus.ACTIVE, community__visibility=Visibility.PUBLIC
            )
        moderated = Community.objects.moderated_by(viewer).values("pk")
        return self.filter(
            Q(user=viewer)
            | Q(community__in=moderated)
            | (Q(status=MembershipStatus.ACTIVE) & content_q(viewer))
        )


class Membership(models.Model):
    """One member's place in one community: their role, their status, their answers to
    the join questions, the reason they were removed or banned (they are told), and a
    mute that ends (`muted_until`: they read but cannot post)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus, default=MembershipStatus.ACTIVE
    )
    answers = models.JSONField(_("answers to the join questions"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    # Pre-approval: how many of their posts a moderator approved (0: still new).
    approved_posts = models.PositiveIntegerField(default=0)
    rules_accepted = models.DateTimeField(null=True, blank=True)
    last_posted = models.DateTimeField(null=True, blank=True)
    # Digest by email: "", "daily" or "weekly"; notifications for new threads.
    digest = models.CharField(_("email digest"), max_length=6, blank=True, default="weekly")
    last_digest = models.DateTimeField(null=True, blank=True)
    # Its posts in the member's home feed (fan-out); unticked, they stay on its Posts tab.
    in_home_feed = models.BooleanField(_("its posts in my home feed"), default=True)
    last_visit = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    joined = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_member_once"),
            models.CheckConstraint(
                condition=Q(digest__in=["", "daily", "weekly"]), name="community_digest_known"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "role"], name="community_members"),
            models.Index(fields=["user", "status"], name="community_member_of"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id} ({self.status}, {self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def moderates(self) -> bool:
        return self.is_active and self.role in MODERATING_ROLES

    def is_muted(self, now: Any = None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())

    def is_visible_to(self, viewer: Any) -> bool:
        return Membership.objects.visible_to(viewer).filter(pk=self.pk).exists()
