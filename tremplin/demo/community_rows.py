"""The building blocks of the demo's communities (tremplin/demo/communities.py): rows
written with the ORM, then every counter recounted from them, as the services keep them."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone, translation

from tremplin.accounts.models import User
from tremplin.communities.models import (
    Category,
    Community,
    Event,
    Membership,
    ModerationAction,
    Poll,
    PollOption,
    PollVote,
    Reply,
    Resource,
    Thread,
    Vote,
)
from tremplin.communities.queries.directory import fold
from tremplin.core.regions import Region

# ------------------------------------------------------------------ building blocks


def community_of(data: dict[str, Any], **extra: Any) -> Community:
    """A community with the `search_text` the directory searches: both names and
    descriptions, the topics, the region's code and its name in both languages."""
    parts = [
        data.get(key, "")
        for key in ("name_fr", "name_en", "description_fr", "description_en", "topics", "region")
    ]
    for language in ("fr", "en"):
        with translation.override(language):
            parts.append(str(Region(data["region"]).label))
    searchable = " ".join(fold(" ".join(p for p in parts if p)).split())
    return Community.objects.create(**data, **extra, search_text=searchable)


def members(
    community: Community, owner: User, moderators: list[User], others: list[User], now: datetime
) -> None:
    joined = now - timedelta(days=30)
    rows = [
        (owner, "owner"),
        *((m, "moderator") for m in moderators),
        *((m, "member") for m in others),
    ]
    for user, role in rows:
        Membership.objects.create(
            community=community,
            user=user,
            role=role,
            status="active",
            joined=joined,
            rules_accepted=joined,
            last_visit=now - timedelta(days=2),
        )


def categories(community: Community, names: list[tuple[str, str, str]]) -> list[Category]:
    return [
        Category.objects.create(community=community, slug=slug, name_fr=fr, name_en=en, position=n)
        for n, (slug, fr, en) in enumerate(names)
    ]


def thread(
    community: Community, author: User, data: dict[str, Any], created: datetime, **extra: Any
) -> Thread:
    return Thread.objects.create(
        community=community,
        author=author,
        created=created,
        last_activity=created,
        **data,
        **extra,
    )


def replies(topic: Thread, rows: list[tuple[User, str, int | None]]) -> list[Reply]:
    """Replies an hour or so apart (`in reply to` gives the number of an earlier one)."""
    made: list[Reply] = []
    for number, (author, body, answers) in enumerate(rows, start=1):
        made.append(
            Reply.objects.create(
                thread=topic,
                author=author,
                body=body,
                number=number,
                language=author.language,
                created=topic.created + timedelta(hours=number * 3, minutes=number * 7),
                in_reply_to=made[answers - 1] if answers else None,
            )
        )
    return made


def votes(answer: Reply, voters: list[User]) -> None:
    for voter in voters:
        Vote.objects.create(reply=answer, user=voter)


def poll(
    topic: Thread,
    options: dict[str, Any],
    ballots: dict[User, list[int]],
    now: datetime,
    *,
    multiple: bool = False,
    anonymous: bool = True,
    after_closing: bool = False,
) -> Poll:
    made = Poll.objects.create(
        thread=topic,
        question=options["question"],
        kind="multiple" if multiple else "single",
        anonymous=anonymous,
        results_shown="closed" if after_closing else "voted",
        closes=now + timedelta(days=10 if after_closing else 7),
    )
    choices = [
        PollOption.objects.create(poll=made, label=label, position=n)
        for n, label in enumerate(options["choices"])
    ]
    for voter, picked in ballots.items():
        for n in picked:
            PollVote.objects.create(poll=made, option=choices[n], user=voter)
    return made


def log(
    community: Community, actor: User, action: str, target: str, excerpt: str, **extra: Any
) -> None:
    ModerationAction.objects.create(
        community=community,
        actor=actor,
        action=action,
        target=target,
        excerpt=" ".join(excerpt.split())[:200],
        **extra,
    )


# ------------------------------------------------------------------ counters


def recount(community: Community) -> None:
    """Every counter the services keep, from the rows."""
    for topic in community.threads.all():
        recount_thread(topic)
    published = community.threads.filter(state="published")
    Community.objects.filter(pk=community.pk).update(
        member_count=community.memberships.filter(status="active").count(),
        thread_count=published.count(),
        last_activity=published.aggregate(last=Max("last_activity"))["last"] or community.created,
    )
    for event in community.events.all():
        recount_event(event)
    for resource in community.resources.all():
        recount_resource(resource)
    for event in Event.objects.filter(community=None):
        recount_event(event)


def recount_thread(topic: Thread) -> None:
    published = topic.replies.filter(state="published")
    last = published.aggregate(last=Max("created"))["last"]
    Thread.objects.filter(pk=topic.pk).update(
        reply_count=published.count(), last_activity=last or topic.created
    )
    for answer in topic.replies.annotate(n=Count("votes")):
        Reply.objects.filter(pk=answer.pk).update(vote_count=answer.n)
    made = Poll.objects.filter(thread=topic).first()
    if made is not None:
        Poll.objects.filter(pk=made.pk).update(
            voter_count=made.votes.values("user").distinct().count()
        )
        for option in made.options.annotate(n=Count("votes")):
            PollOption.objects.filter(pk=option.pk).update(vote_count=option.n)


def recount_event(event: Event) -> None:
    going = event.registrations.filter(rsvp="going")
    Event.objects.filter(pk=event.pk).update(
        going_count=going.filter(waitlisted=False).count(),
        waitlist_count=going.filter(waitlisted=True).count(),
    )


def recount_resource(resource: Resource) -> None:
    counts = resource.votes.aggregate(
        yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False))
    )
    Resource.objects.filter(pk=resource.pk).update(
        useful_count=counts["yes"],
        not_useful_count=counts["no"],
        bookmark_count=resource.bookmarks.count(),
        search_text=fold(f"{resource.title} {resource.description} {' '.join(resource.tags)}"),
    )


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    local = timezone.localtime(day)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def token() -> str:
    return secrets.token_urlsafe(32)
