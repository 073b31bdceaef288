"""What the communities app holds about a member, for their archive and for the
erasure of their account (registered in hooks_moderation.py).

Export ("communities"): their memberships (with their answers to the join questions),
the threads and replies they wrote (with their edit history), their votes on answers,
their own poll votes, their event registrations (with their answers), the resources they
added, their bookmarks and "was this useful?" answers, the invitations they hold, their
follow-ups of threads and categories. Never who else voted or registered.

Erasure (as the feed does for comments): a thread others replied to keeps its place
(the conversation continues) with its title and text replaced; a reply keeps its place
with its text emptied; both are marked removed when nothing else needs them. Threads
nobody answered are deleted, with their polls. Votes, poll votes, registrations,
bookmarks, resource votes, follow-ups, invitations and the calendar feed are deleted
and the counters lowered. Resources they added are deleted (and their files). The
communities they own pass to their oldest moderator, else to their oldest member as
owner, else are archived. Their memberships go. The moderation log keeps its rows
without their name, the text quoted from them or a reason that may name them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, Q

from tremplin.communities.hooks_moderation import forget_moderated
from tremplin.communities.models import (
    CalendarFeed,
    CategoryWatch,
    Community,
    Event,
    Invitation,
    Membership,
    MembershipStatus,
    ModerationAction,
    Poll,
    PollOption,
    PollVote,
    PostState,
    Registration,
    Reply,
    Resource,
    ResourceBookmark,
    ResourceVote,
    Revision,
    Role,
    Thread,
    ThreadState,
    Vote,
)
from tremplin.core.personal_data import ArchiveFile, delete_files_on_commit, plain_rows

# Stored, so written in both languages (as core.personal_data.DELETED_NAME).
ERASED_TITLE = "Sujet d’un membre supprimé · Topic by a deleted member"


def export(user: Any) -> dict[str, Any]:
    return {
        "memberships": plain_rows(
            Membership.objects.filter(user=user), exclude=("user", "invited_by", "decided_by")
        ),
        "threads": plain_rows(Thread.objects.filter(author=user), exclude=("author",)),
        "replies": plain_rows(Reply.objects.filter(author=user), exclude=("author",)),
        "revisions": plain_rows(
            Revision.objects.filter(Q(thread__author=user) | Q(reply__author=user)),
            exclude=("edited_by",),
        ),
        "answer_votes": plain_rows(Vote.objects.filter(user=user), exclude=("user",)),
        "poll_votes": plain_rows(PollVote.objects.filter(user=user), exclude=("user",)),
        "event_registrations": plain_rows(
            Registration.objects.filter(user=user), exclude=("user",)
        ),
        "resources": plain_rows(
            Resource.objects.filter(author=user), exclude=("author", "decided_by", "search_text")
        ),
        "resource_bookmarks": plain_rows(
            ResourceBookmark.objects.filter(user=user), exclude=("user",)
        ),
        "resource_votes": plain_rows(ResourceVote.objects.filter(user=user), exclude=("user",)),
        "invitations_received": plain_rows(
            Invitation.objects.filter(invitee=user), exclude=("invitee", "token", "created_by")
        ),
        "thread_follow_ups": plain_rows(ThreadState.objects.filter(user=user), exclude=("user",)),
        "category_watches": plain_rows(CategoryWatch.objects.filter(user=user), exclude=("user",)),
    }


def files(user: Any) -> list[ArchiveFile]:
    return [
        ArchiveFile(f"communities/{r.pk}-{r.file_name or 'document'}", str(r.file.name))
        for r in Resource.objects.filter(author=user).exclude(file="")
    ]


def _lower(model: Any, counts: Counter[int], column: str) -> None:
    for pk, n in counts.items():
        model.objects.filter(pk=pk, **{f"{column}__gte": n}).update(**{column: F(column) - n})


def _votes(user: Any) -> int:
    changed = 0
    voted = Counter(Vote.objects.filter(user=user).values_list("reply", flat=True))
    changed += Vote.objects.filter(user=user).delete()[0]
    _lower(Reply, voted, "vote_count")
    chosen = PollVote.objects.filter(user=user)
    options = Counter(chosen.values_list("option", flat=True))
    polls = set(chosen.values_list("poll", flat=True))
    changed += chosen.delete()[0]
    _lower(PollOption, options, "vote_count")
    _lower(Poll, Counter(dict.fromkeys(polls, 1)), "voter_count")
    registrations = Registration.objects.filter(user=user)
    going = Counter(
        registrations.filter(rsvp="going", waitlisted=False).values_list("event", flat=True)
    )
    waiting = Counter(registrations.filter(waitlisted=True).values_list("event", flat=True))
    changed += registrations.delete()[0]
    _lower(Event, going, "going_count")
    _lower(Event, waiting, "waitlist_count")
    useful = ResourceVote.objects.filter(user=user)
    _lower(
        Resource,
        Counter(useful.filter(useful=True).values_list("resource", flat=True)),
        "useful_count",
    )
    _lower(
        Resource,
        Counter(useful.filter(useful=False).values_list("resource", flat=True)),
        "not_useful_count",
    )
    changed += useful.delete()[0]
    marks = ResourceBookmark.objects.filter(user=user)
    _lower(Resource, Counter(marks.values_list("resource", flat=True)), "bookmark_count")
    changed += marks.delete()[0]
    return changed


def _writing(user: Any) -> int:
    changed = Revision.objects.filter(Q(thread__author=user) | Q(reply__author=user)).delete()[0]
    changed += Revision.objects.filter(edited_by=user).update(edited_by=None)
    replies = Reply.objects.filter(author=user)
    Thread.objects.filter(accepted__in=replies).update(accepted=None)
    changed += replies.update(body="", state=PostState.REMOVED)
    answered = Reply.objects.exclude(author=user).values("thread")
    mine = Thread.objects.filter(author=user)
    changed += mine.filter(pk__in=answered).update(
        title=ERASED_TITLE, body="", tags=[], state=PostState.REMOVED
    )
    alone = mine.exclude(pk__in=answered)
    per_community = Counter(
        alone.filter(state=PostState.PUBLISHED, community__isnull=False).values_list(
            "community", flat=True
        )
    )
    changed += alone.delete()[0]
    _lower(Community, per_community, "thread_count")
    for resource in Resource.objects.filter(author=user).exclude(file=""):
        delete_files_on_commit([resource.file.name], resource.file.storage)
    changed += Resource.objects.filter(author=user).delete()[0]
    changed += Event.objects.filter(created_by=user).update(created_by=None)
    return changed


def _hand_over(user: Any) -> int:
    """The communities they own: to the oldest moderator, else the oldest member, else
    archived."""
    from django.utils import timezone

    changed = 0
    owned = Membership.objects.filter(user=user, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    for community_id in owned.values_list("community", flat=True):
        others = Membership.objects.active().filter(community_id=community_id).exclude(user=user)
        heir = (
            others.filter(role=Role.MODERATOR).order_by("joined", "created", "pk").first()
            or others.order_by("joined", "created", "pk").first()
        )
        if heir is not None:
            changed += Membership.objects.filter(pk=heir.pk).update(role=Role.OWNER)
            forget_moderated(heir.user_id)
        else:
            changed += Community.objects.filter(pk=community_id, archived__isnull=True).update(
                archived=timezone.now()
            )
    changed += Community.objects.filter(created_by=user).update(created_by=None)
    return changed


def erase(user: Any) -> int:
    changed = _votes(user) + _writing(user) + _hand_over(user)
    active = Counter(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "community", flat=True
        )
    )
    changed += Membership.objects.filter(user=user).delete()[0]
    _lower(Community, active, "member_count")
    for model, column in (
        (Membership, "invited_by"),
        (Membership, "decided_by"),
        (Invitation, "created_by"),
        (Resource, "decided_by"),
    ):
        changed += model.objects.filter(**{column: user}).update(**{column: None})
    changed += Invitation.objects.filter(invitee=user).delete()[0]
    for mine in (ThreadState, CategoryWatch, CalendarFeed):
        changed += mine.objects.filter(user=user).delete()[0]
    changed += ModerationAction.objects.filter(target_user=user).update(
        target_user=None, excerpt="", reason=""
    )
    changed += ModerationAction.objects.filter(actor=user).update(actor=None)
    return changed
