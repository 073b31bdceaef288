"""Threads, replies, questions and polls.

A thread lives in a community (`community`), or — a question asked privately of one's
counsellor or mentor — in none, with `asked_of` the one person who may read it beside
the asker. Replies are flat, in time order, each optionally "in reply to" an earlier
reply (as Discourse does: one readable thread, with the conversation it answers shown in
place). A question (`kind="question"`) has answers (its replies) that members vote up;
the asker or a moderator accepts one (`accepted`), which shows first.

THE rule (`ThreadQuerySet.visible_to`, `ReplyQuerySet.visible_to`): a thread is seen by
whoever may read its community's content (`Community.readable_by`), once published
(a first post waiting for pre-approval is seen by its author and the community's
moderators only), and never once removed (the author sees a notice instead). A private
question: its asker and `asked_of` only.

Polls: one per thread at most; single or multiple choice; results after voting or after
closing; anonymous (no one sees who voted what, and results are shown only once
ANONYMITY_THRESHOLD people voted) or named.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models.community import (
    MODERATING_ROLES,
    Community,
    MembershipStatus,
    content_q,
)
from tremplin.communities.models.gathering import Category

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000
TAG_MAX_LENGTH = 30
MAX_TAGS = 5
OPTION_MAX_LENGTH = 200
MAX_OPTIONS = 10
ANONYMITY_THRESHOLD = 5
# A thread page shows the replies numbered ((N-1)·REPLIES_PAGE, N·REPLIES_PAGE].
REPLIES_PAGE = 50


class ThreadKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")


class PostState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for a moderator")
    REMOVED = "removed", _("Removed")


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def _moderated_q(viewer: Any, community_field: str) -> Q:
    from tremplin.communities.models.community import Membership

    moderated = Membership.objects.filter(
        user=viewer, status=MembershipStatus.ACTIVE, role__in=MODERATING_ROLES
    ).values("community")
    return Q(**{f"{community_field}__in": moderated})


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible_to(self, viewer: Any) -> ThreadQuerySet:
        """THE thread rule (see the module's docstring)."""
        in_community = Q(community__isnull=False) & content_q(viewer)
        published = Q(state=PostState.PUBLISHED)
        if not _signed_in(viewer):
            return self.filter(in_community & published)
        mine_or_moderated = Q(author=viewer) | _moderated_q(viewer, "community")
        private = Q(community__isnull=True) & (Q(author=viewer) | Q(asked_of=viewer))
        return self.filter(
            (in_community & (published | (Q(state=PostState.PENDING) & mine_or_moderated)))
            | (private & ~Q(state=PostState.REMOVED))
        )

    def for_list(self) -> ThreadQuerySet:
        return self.select_related("author__profile", "category", "community")

    def questions(self) -> ThreadQuerySet:
        return self.filter(kind=ThreadKind.QUESTION)

    def unanswered(self) -> ThreadQuerySet:
        return self.questions().filter(accepted__isnull=True, reply_count=0)


class Thread(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    # A private question: the counsellor or mentor it was asked of.
    asked_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions_asked_of_me",
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_threads"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ThreadKind, default=ThreadKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    language = models.CharField(_("language"), max_length=2, default="fr")
    tags = models.JSONField(_("tags"), default=list, blank=True)
    state = models.CharField(max_length=10, choices=PostState, default=PostState.PUBLISHED)
    pinned = models.BooleanField(_("pinned"), default=False)
    closed = models.DateTimeField(_("closed"), null=True, blank=True)
    accepted = models.ForeignKey(
        "communities.Reply",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    last_activity = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(asked_of__isnull=False),
                name="thread_somewhere",
            ),
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(kind="question"),
                name="thread_private_only_questions",
            ),
        ]
        indexes = [
            # A community's threads: pinned first, then latest activity.
            models.Index(
                fields=["community", "state", "-pinned", "-last_activity", "-id"],
                name="thread_community_page",
            ),
            models.Index(fields=["kind", "accepted", "-created"], name="thread_questions"),
            models.Index(fields=["author", "-created"], name="thread_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communities:thread", args=[self.pk])

    @property
    def is_question(self) -> bool:
        return self.kind == ThreadKind.QUESTION

    @property
    def is_private(self) -> bool:
        return self.community_id is None

    def is_visible_to(self, viewer: Any) -> bool:
        """The single-object twin of `ThreadQuerySet.visible_to`."""
        return Thread.objects.visible_to(viewer).filter(pk=self.pk).exists()


class ReplyQuerySet(models.QuerySet["Reply"]):
    def visible_to(self, viewer: Any) -> ReplyQuerySet:
        """A reply is seen by whoever sees its thread, once published (a pending one by
        its author and the moderators), never once removed."""
        threads = Thread.objects.visible_to(viewer).values("pk")
        published = Q(state=PostState.PUBLISHED)
        if not _signed_in(viewer):
            return self.filter(Q(thread__in=threads) & published)
        pending_seen = Q(state=PostState.PENDING) & (
            Q(author=viewer) | _moderated_q(viewer, "thread__community")
        )
        return self.filter(Q(thread__in=threads) & (published | pending_seen))

    def for_display(self) -> ReplyQuerySet:
        return self.select_related("author__profile", "in_reply_to__author__profile")


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_replies"
    )
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    language = models.CharField(_("language"), max_length=2, default="fr")
    state = models.CharField(max_length=10, choices=PostState, default=PostState.PUBLISHED)
    # Position in the thread (1, 2, ...): pages are keyset ranges on it.
    number = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    vote_count = models.IntegerField(default=0)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="reply_number_once"),
        ]
        indexes = [
            models.Index(fields=["author", "-created"], name="reply_author"),
        ]

    def __str__(self) -> str:
        return f"reply {self.number} to {self.thread_id}"

    def get_absolute_url(self) -> str:
        """On the page of the thread that shows it (notifications link here)."""
        from django.urls import reverse

        page = -(-self.number // REPLIES_PAGE)
        url = reverse("communities:thread", args=[self.thread_id])
        return f"{url}?page={page}#reply-{self.number}"

    def is_visible_to(self, viewer: Any) -> bool:
        return Reply.objects.visible_to(viewer).filter(pk=self.pk).exists()


class Revision(models.Model):
    """Edit history: the text (and title) a thread or a reply had before each edit."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(reply__isnull=True),
                name="revision_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"revision {self.pk}"


class Level(models.TextChoices):
    WATCHING = "watching", _("Watching: told of every reply")
    TRACKING = "tracking", _("Tracking: count of new replies shown")
    NORMAL = "normal", _("Normal: told when mentioned or replied to")
    MUTED = "muted", _("Muted: never told")


class ThreadState(models.Model):
    """One member's relation to one thread: how closely they follow it, and how far
    they read (for "new since your last visit")."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, choices=Level, default=Level.NORMAL)
    last_read_number = models.PositiveIntegerField(default=0)
    last_visit = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thread follow-up")
        verbose_name_plural = _("thread follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_state_once"),
        ]
        indexes = [models.Index(fields=["user", "level"], name="thread_state_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.thread_id}"


class CategoryWatch(models.Model):
    """A member told of every new thread in a category."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="watchers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "user"], name="category_watch_once")
        ]

    def __str__(self) -> str:
        return f"categorywatch {self.pk}"


class Vote(models.Model):
    """An up-vote on an answer (a reply to a question)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "user"], name="vote_once")]

    def __str__(self) -> str:
        return f"vote {self.pk}"


class PollKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")


class ResultsShown(models.TextChoices):
    AFTER_VOTING = "voted", _("To those who voted")
    AFTER_CLOSING = "closed", _("Once the poll is closed")


class Poll(models.Model):
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=8, choices=PollKind, default=PollKind.SINGLE)
    results_shown = models.CharField(
        _("results shown"), max_length=6, choices=ResultsShown, default=ResultsShown.AFTER_VOTING
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    closes = models.DateTimeField(_("closes"), null=True, blank=True)
    voter_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    def is_closed(self, now: Any = None) -> bool:
        return self.closes is not None and self.closes <= (now or timezone.now())


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("choice"), max_length=OPTION_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="poll_vote_once"),
        ]
        indexes = [models.Index(fields=["poll", "user"], name="poll_vote_voter")]

    def __str__(self) -> str:
        return f"pollvote {self.pk}"
