"""Polls in a thread: made with the thread or added by its author before anyone voted;
single or multiple choice (2 to MAX_OPTIONS options), an optional closing date, results
shown after voting or after closing, anonymous or named.

Counts (`PollOption.vote_count`, `Poll.voter_count`) are kept with F() in the vote's
transaction, so results never count rows. A member may change their vote until the poll
closes (the old choices are taken back in the same transaction). Who may see results is
`queries.threads.poll_results` (anonymous polls: only once ANONYMITY_THRESHOLD people
voted)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    MembershipStatus,
    Poll,
    PollKind,
    PollOption,
    PollVote,
    PostState,
    ResultsShown,
    Thread,
)
from tremplin.communities.models.threads import MAX_OPTIONS, OPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from tremplin.communities.refusals import CommunityRefusal

MIN_OPTIONS = 2


def _options(options: Sequence[str]) -> list[str]:
    labels: list[str] = []
    for raw in options:
        label = " ".join(str(raw).split())
        if label and label.lower() not in (known.lower() for known in labels):
            labels.append(label)
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
        raise CommunityRefusal(
            _("A poll has from %(min)d to %(max)d different choices.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            "invalid",
            field="options",
        )
    if any(len(label) > OPTION_MAX_LENGTH or "\x00" in label for label in labels):
        raise CommunityRefusal(
            _("A choice has %(max)d characters at most.") % {"max": OPTION_MAX_LENGTH},
            "invalid",
            field="options",
        )
    return labels


def create(
    user: Any,
    thread: Thread,
    *,
    question: str,
    options: Sequence[str],
    kind: str = PollKind.SINGLE,
    closes: datetime | None = None,
    results_shown: str = ResultsShown.AFTER_VOTING,
    anonymous: bool = True,
) -> Poll:
    """Add (or replace, while nobody voted) the poll of the author's thread."""
    question = " ".join((question or "").split())
    if not question or len(question) > TITLE_MAX_LENGTH or "\x00" in question:
        raise CommunityRefusal(_("Ask the poll's question."), "empty", field="question")
    if thread.author_id != user.pk:
        raise CommunityRefusal(_("Only the thread's author can add a poll."), "forbidden")
    if thread.community_id is None:
        raise CommunityRefusal(_("A private question has no poll."), "conflict")
    if kind not in PollKind.values or results_shown not in ResultsShown.values:
        raise CommunityRefusal(_("Choose how the poll works."), "invalid", field="kind")
    if closes is not None and closes <= timezone.now():
        raise CommunityRefusal(
            _("The closing date must be in the future."), "invalid", field="closes"
        )
    labels = _options(options)
    with transaction.atomic():
        existing = Poll.objects.select_for_update().filter(thread=thread).first()
        if existing is not None:
            if existing.voter_count:
                raise CommunityRefusal(
                    _("People have voted: this poll can no longer change."), "conflict"
                )
            existing.delete()
        poll = Poll.objects.create(
            thread=thread,
            question=question,
            kind=kind,
            closes=closes,
            results_shown=results_shown,
            anonymous=anonymous,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, label=label, position=i) for i, label in enumerate(labels)]
        )
    return poll


def vote(user: Any, poll: Poll, option_ids: Sequence[int]) -> list[int]:
    """The member's choices (replacing earlier ones); returns the chosen option ids."""
    thread = poll.thread
    community = thread.community
    if community is None or thread.state != PostState.PUBLISHED:
        raise CommunityRefusal(_("This poll is not open."), "conflict")
    if not community.memberships.filter(user=user, status=MembershipStatus.ACTIVE).exists():
        raise CommunityRefusal(_("Only members of this community can vote."), "forbidden")
    chosen = sorted({int(pk) for pk in option_ids})
    if not chosen or (poll.kind == PollKind.SINGLE and len(chosen) > 1):
        raise CommunityRefusal(
            _("Choose one answer.")
            if poll.kind == PollKind.SINGLE
            else _("Choose at least one answer."),
            "invalid",
            field="options",
        )
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.is_closed():
            raise CommunityRefusal(_("This poll is closed."), "conflict")
        valid = set(locked.options.filter(pk__in=chosen).values_list("pk", flat=True))
        if valid != set(chosen):
            raise CommunityRefusal(
                _("Choose among the poll's answers."), "invalid", field="options"
            )
        before = list(
            PollVote.objects.filter(poll=locked, user=user).values_list("option", flat=True)
        )
        if before:
            PollOption.objects.filter(pk__in=before).update(vote_count=F("vote_count") - 1)
            PollVote.objects.filter(poll=locked, user=user).delete()
        else:
            Poll.objects.filter(pk=locked.pk).update(voter_count=F("voter_count") + 1)
        PollVote.objects.bulk_create(
            [PollVote(poll=locked, option_id=pk, user=user) for pk in chosen]
        )
        PollOption.objects.filter(pk__in=chosen).update(vote_count=F("vote_count") + 1)
    return chosen
