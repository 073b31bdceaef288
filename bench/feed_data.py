"""The feed part of the generated data (called by bench/social_data.py): 1,000,000
items over the past year, with a long tail of activity per author, and every member's
home timeline as the app's fan-out would have written it (newest TIMELINE_CAP entries
from their connections and the people they follow; "connections" items only to
connections).
"""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime, timedelta

WORDS = [
    "emploi",
    "job",
    "cv",
    "entrevue",
    "interview",
    "formation",
    "atelier",
    "workshop",
    "réseau",
    "network",
    "mentor",
    "stage",
    "internship",
    "soudure",
    "nursing",
    "santé",
    "health",
    "tech",
    "python",
    "comptable",
    "accounting",
    "bénévolat",
    "volunteer",
    "Ottawa",
    "Toronto",
    "Gatineau",
    "Sudbury",
    "merci",
    "thanks",
    "bravo",
    "congrats",
    "nouveau",
    "new",
    "poste",
    "position",
    "équipe",
    "team",
    "projet",
    "project",
]


def build(ids: list[int], posts: int, rng: random.Random, copy_rows) -> None:
    from tremplin.feed.models import Item, TimelineEntry

    if not Item.objects.exists():
        build_items(ids, posts, rng, copy_rows)
    if not TimelineEntry.objects.exists():
        build_timelines(ids)


def build_items(ids: list[int], posts: int, rng: random.Random, copy_rows) -> None:
    from tremplin.feed.models import Item
    from tremplin.network.models import Hashtag

    print("items")
    # Activity per author: log-normal, so a few post daily and most rarely.
    weights = [rng.lognormvariate(0, 1.3) for _ in ids]
    authors = rng.choices(ids, weights=weights, k=posts)
    now = datetime.now(UTC)
    year = 365 * 24 * 3600
    audiences = ["public"] * 3 + ["members"] * 5 + ["connections"] * 2

    def rows():
        for n, author in enumerate(authors):
            published = now - timedelta(seconds=rng.randrange(year))
            article = n % 25 == 0
            yield {
                "id": n + 1,
                "kind": "article" if article else "post",
                "author_id": author,
                "audience": rng.choice(audiences),
                "language": "fr" if rng.random() < 0.65 else "en",
                "title": f"{rng.choice(WORDS).capitalize()} {n}" if article else "",
                "body": " ".join(rng.choices(WORDS, k=rng.randint(8, 60 if not article else 600))),
                "created": published,
                "published": published,
                "reaction_count": int(rng.paretovariate(1.5)) - 1,
                "comment_count": int(rng.paretovariate(2.0)) - 1,
            }

    copy_rows(Item, rows())
    from bench.social_data import reset_sequence

    reset_sequence(Item)
    tags = list(Hashtag.objects.values_list("id", flat=True))
    through = Item.hashtags.through
    copy_rows(
        through,
        (
            {"item_id": n, "hashtag_id": tag}
            for n in range(1, posts + 1, 7)
            for tag in {rng.choice(tags) for _ in range(rng.randint(1, 2))}
        ),
        label="item hashtags",
    )


TIMELINE_SQL = """
INSERT INTO feed_timelineentry (owner_id, item_id, author_id, language, created)
SELECT o.id, t.id, t.author_id, t.language, t.published
FROM accounts_user o
CROSS JOIN LATERAL (
    SELECT i.id, i.author_id, i.language, i.published
    FROM (
        SELECT src, bool_or(conn) AS conn FROM (
            SELECT o.id AS src, true AS conn
            UNION ALL
            SELECT user_high_id, true FROM network_connection WHERE user_low_id = o.id
            UNION ALL
            SELECT user_low_id, true FROM network_connection WHERE user_high_id = o.id
            UNION ALL
            SELECT user_id, false FROM network_follow
            WHERE follower_id = o.id AND user_id IS NOT NULL
        ) sources GROUP BY src
    ) s
    JOIN feed_item i ON i.author_id = s.src AND (s.conn OR i.audience <> 'connections')
    WHERE i.published IS NOT NULL
    ORDER BY i.published DESC, i.id DESC
    LIMIT %(cap)s
) t
WHERE o.id >= %(low)s AND o.id < %(high)s
"""


def build_timelines(ids: list[int], workers: int = 2, batch: int = 500) -> None:
    """Fill every member's timeline with INSERT ... SELECT per batch of owners, on
    `workers` connections; the page index is built afterwards (faster than keeping it
    up to date row by row)."""
    import psycopg
    from django.db import connection

    from tremplin.feed.timeline import TIMELINE_CAP

    print(f"timelines (newest {TIMELINE_CAP} per member)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS timeline_page")
        cursor.execute("ALTER TABLE feed_timelineentry DROP CONSTRAINT IF EXISTS timeline_once")
    settings = connection.settings_dict
    dsn = (
        f"host={settings['HOST']} port={settings['PORT']} dbname={settings['NAME']} "
        f"user={settings['USER']}"
    )
    batches = [(low, low + batch) for low in range(min(ids), max(ids) + 1, batch)]
    lock = threading.Lock()
    done = [0]

    def work() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET jit = off")
            while True:
                with lock:
                    if not batches:
                        return
                    low, high = batches.pop()
                conn.execute(TIMELINE_SQL, {"cap": TIMELINE_CAP, "low": low, "high": high})
                with lock:
                    done[0] += 1
                    if done[0] % 20 == 0:
                        print(f"  {done[0] * batch:,} members, "
                              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"  filled in {time.perf_counter() - started:.0f} s; indexing")
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE feed_timelineentry ADD CONSTRAINT timeline_once UNIQUE (owner_id, item_id)"
        )
        cursor.execute(
            "CREATE INDEX timeline_page ON feed_timelineentry (owner_id, created DESC, id DESC)"
        )
        cursor.execute("SELECT count(*) FROM feed_timelineentry")
        (rows,) = cursor.fetchone()
    print(f"  {rows:,} timeline rows in {time.perf_counter() - started:.0f} s")
