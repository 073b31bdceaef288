"""The home timeline, written on publish ("fan-out on write"): one `TimelineEntry` per
(reader, item), inserted by one statement per item and committed at once; trimmed
afterwards, in a transaction of its own (`trim_for_item`); back-filled for new members.
Reading it is `queries.timeline_page`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Model, Q
from django.db.models.functions import Mod

from tremplin.core.audience import Audience
from tremplin.feed import places
from tremplin.feed.models import Item, TimelineEntry
from tremplin.network.models import Block, Connection, Follow

# Each owner keeps about this many timeline rows (older ones are trimmed lazily).
TIMELINE_CAP = 1000
# An owner's timeline is trimmed when (owner id + item id) % TRIM_EVERY == 0: about once
# every TRIM_EVERY items it receives, so no publish pays for every recipient.
TRIM_EVERY = 64
# Live "new posts" events are pushed to at most this many readers per item; bigger
# audiences learn about new posts by the page's poll (one tiny query a minute).
LIVE_PUSH_LIMIT = 200


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def fan_out(item_id: int) -> list[int]:
    """Write the item into the timeline of every reader it is for, in ONE statement:
    `INSERT INTO timeline SELECT <recipients> ... ON CONFLICT DO NOTHING` (idempotent:
    unique (owner, item)). Recipients: the author; for a "connections" item, their
    connections; otherwise also their followers, the followers of the organisation it
    was published for and of its hashtags. Members in a block relation with the author
    are left out. An item posted in a place (a community) goes to the place's members
    instead (`feed.places`). Returns the owners written now (for live events): none
    when an earlier run already wrote them all. The statement commits on its own: the
    trim (`trim_for_item`) comes after, so readers never wait for it."""
    item = Item.objects.filter(pk=item_id, published__isnull=False).first()
    if item is None:
        return []
    author = item.author_id
    block = _table(Block)
    if item.place_kind:
        sources, params = _place_sources(item)
    else:
        sources, params = _network_sources(item)
    # Table names come from the models; every value is a parameter.
    timeline = _table(TimelineEntry)
    sql = (
        f"INSERT INTO {timeline} (owner_id, item_id, author_id, language, created) "  # noqa: S608
        f"SELECT r.uid, %s, %s, %s, %s FROM ({' UNION '.join(sources)}) AS r "
        f"WHERE r.uid NOT IN (SELECT blocked_id FROM {block} WHERE blocker_id = %s) "
        f"AND r.uid NOT IN (SELECT blocker_id FROM {block} WHERE blocked_id = %s) "
        # In owner order, the rows reach the (owner, …) indexes' pages in turn: 30 %
        # faster for 20,000 rows than in the order the members were read.
        "ORDER BY r.uid "
        "ON CONFLICT (owner_id, item_id) DO NOTHING RETURNING owner_id"
    )
    # Stored exactly as the ORM stores datetimes (SQLite compares them as text).
    published = connection.ops.adapt_datetimefield_value(item.published)
    all_params = [item.pk, author, item.language, published, *params, author, author]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return [row[0] for row in cursor.fetchall()]


def trim_for_item(item_id: int, keep: int = TIMELINE_CAP) -> int:
    """Trim the timelines of the owners whose turn this item is (one in TRIM_EVERY of
    those who have it, by (owner id + item id)), in a transaction of its own. Run after
    the fan-out has committed (by the fan-out task); idempotent, so a retry or the
    catch-up repeating it only trims what grew since."""
    owners = list(
        TimelineEntry.objects.annotate(turn=Mod(F("owner_id") + item_id, TRIM_EVERY))
        .filter(item_id=item_id, turn=0)
        .values_list("owner_id", flat=True)
    )
    with transaction.atomic():
        return trim_timelines(owners, keep)


def _place_sources(item: Item) -> tuple[list[str], list[Any]]:
    """An item posted in a place reaches the place's members (and its author), never
    the author's network outside it (`feed.places`); an unknown place, nobody else."""
    sources = ["SELECT %s AS uid"]
    params: list[Any] = [item.author_id]
    found = places.recipients(item.place_kind, item.place_id or 0)
    if found is not None:
        sql, more = found
        sources.append(sql)
        params += more
    return sources, params


def _network_sources(item: Item) -> tuple[list[str], list[Any]]:
    """The author, their connections; unless "connections" only, their followers (or
    the organisation's) and the followers of the item's hashtags."""
    author = item.author_id
    conn, follow = _table(Connection), _table(Follow)
    sources = ["SELECT %s AS uid"]
    params: list[Any] = [author]
    if item.organization_id is None:
        sources += [
            f"SELECT user_high_id FROM {conn} WHERE user_low_id = %s",  # noqa: S608
            f"SELECT user_low_id FROM {conn} WHERE user_high_id = %s",  # noqa: S608
        ]
        params += [author, author]
    if item.audience != Audience.CONNECTIONS:
        if item.organization_id is None:
            sources.append(f"SELECT follower_id FROM {follow} WHERE user_id = %s")  # noqa: S608
            params.append(author)
        else:
            sources.append(f"SELECT follower_id FROM {follow} WHERE organization_id = %s")  # noqa: S608
            params.append(item.organization_id)
        tags = list(item.hashtags.values_list("pk", flat=True))
        if tags:
            marks = ", ".join(["%s"] * len(tags))
            sources.append(
                f"SELECT follower_id FROM {follow} WHERE hashtag_id IN ({marks})"  # noqa: S608
            )
            params += tags
    return sources, params


def trim_timelines(owner_ids: Sequence[int], keep: int = TIMELINE_CAP) -> int:
    """Delete all but the newest `keep` timeline rows of these owners, in one statement."""
    if not owner_ids:
        return 0
    timeline = _table(TimelineEntry)
    marks = ", ".join(["%s"] * len(owner_ids))
    ranked = (
        "SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY owner_id "  # noqa: S608
        f"ORDER BY created DESC, id DESC) AS rn FROM {timeline} WHERE owner_id IN ({marks})) "
        "AS ranked WHERE rn > %s"
    )
    # On PostgreSQL, `id IN (subquery)` let the planner hash the subquery and scan the
    # whole table: with the 280 owners of a post to 20,000 community members it read
    # 76 million rows (45 s, bench/communities_load.py); `= ANY(ARRAY(...))` looks the
    # few rows to delete up by primary key (0.7 s).
    if connection.vendor == "postgresql":
        sql = f"DELETE FROM {timeline} WHERE id = ANY(ARRAY({ranked}))"  # noqa: S608
    else:
        sql = f"DELETE FROM {timeline} WHERE id IN ({ranked})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*owner_ids, keep])
        return cursor.rowcount


def backfill_timeline(owner: Any, limit: int = 100) -> int:
    """Fill one member's timeline with the newest `limit` items of what they follow
    (connections, people, organisations, hashtags), as `visible_to` allows. For new
    members, demo data and benchmarks; publishing keeps timelines current without it."""
    follows = Follow.objects.filter(follower=owner)
    people = Q(author__in=Connection.objects.user_ids_connected_to(owner), organization=None)
    people |= Q(
        author__in=follows.filter(user__isnull=False).values("user"),
        organization=None,
        audience__in=[Audience.PUBLIC, Audience.MEMBERS],
    )
    people |= Q(organization__in=follows.filter(organization__isnull=False).values("organization"))
    people |= Q(
        hashtags__in=follows.filter(hashtag__isnull=False).values("hashtag"),
        audience__in=[Audience.PUBLIC, Audience.MEMBERS],
    )
    people |= Q(author=owner)
    found = (
        Item.objects.visible_to(owner)
        .published()
        .filter(people)
        .order_by("-published", "-id")
        .values_list("pk", "author_id", "language", "published")
        .distinct()[:limit]
    )
    rows = [
        TimelineEntry(owner_id=owner.pk, item_id=pk, author_id=a, language=lang, created=when)
        for pk, a, lang, when in found
    ]
    TimelineEntry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
