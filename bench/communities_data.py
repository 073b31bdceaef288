"""Communities at scale on PostgreSQL, for bench/communities_load.py (issue 16).

On top of the members of bench/social_data.py (100,000 by default; created here with
the same code when the database has none):

- 10,000 communities with a long tail of sizes (Zipf-like: the largest has exactly
  20,000 active members, the 100th about 320, the 10,000th 5), French, English or
  bilingual names and descriptions, one to three topics drawn with a long tail, a
  region, the four visibilities (secret ones a few percent), about 4 % official (an
  agency's); three categories each;
- their memberships (owner, moderators, members; a few pending requests and bans),
  `member_count` kept as the services keep it (active members only);
- 2,000,000 threads and replies in total (about 160,000 threads, a fifth of them
  questions, half of the answered ones with an accepted answer), replies with "in
  reply to" and quotes, counts (`thread_count`, `reply_count`, `last_activity`)
  consistent with the rows; one thread of exactly 500 replies in the largest community,
  titled BIG_THREAD_TITLE, for the thread page's test.

Communities and threads are written with COPY; the 1.8 million replies with one
`INSERT ... SELECT ... generate_series` (their authors are drawn from each community's
active members in SQL). Idempotent per stage; `--reset` removes every community first.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/communities_data.py
        [--communities 10000] [--posts 2000000] [--largest 20000] [--seed 16] [--reset]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from social_data import build_members, copy_rows, reset_sequence, setup_django  # noqa: E402

BIG_THREAD_TITLE = "Bench: the thread of 500 replies"
BIG_THREAD_REPLIES = 500
SLUG_PREFIX = "bench-c"  # communities are bench-c1 ... bench-c10000 (bench-c1 the largest)
NOW = datetime.now(UTC)
YEAR = 365 * 24 * 3600

# (folded word for search, French label, English label), drawn with a long tail: the
# first ones are broad ("emploi" in many communities), the last ones rare.
TOPICS = [
    ("emploi", "Emploi", "Jobs"),
    ("cv", "CV", "Resumes"),
    ("entrevue", "Entrevues", "Interviews"),
    ("reseautage", "Réseautage", "Networking"),
    ("formation", "Formation", "Training"),
    ("sante", "Santé", "Health care"),
    ("informatique", "Informatique", "IT"),
    ("nouveaux arrivants", "Nouveaux arrivants", "Newcomers"),
    ("metiers", "Métiers", "Trades"),
    ("comptabilite", "Comptabilité", "Accounting"),
    ("soudure", "Soudure", "Welding"),
    ("restauration", "Restauration", "Food service"),
    ("logistique", "Logistique", "Logistics"),
    ("construction", "Construction", "Construction"),
    ("education", "Éducation", "Education"),
    ("administration", "Administration", "Office work"),
    ("design", "Design", "Design"),
    ("benevolat", "Bénévolat", "Volunteering"),
    ("stages", "Stages", "Internships"),
    ("entrepreneuriat", "Entrepreneuriat", "Entrepreneurship"),
    ("vente", "Vente", "Sales"),
    ("transport", "Transport", "Trucking"),
    ("electricite", "Électricité", "Electrical"),
    ("petite enfance", "Petite enfance", "Early childhood"),
    ("finance", "Finance", "Finance"),
    ("agriculture", "Agriculture", "Farming"),
    ("tourisme", "Tourisme", "Tourism"),
    ("archivistique", "Archivistique", "Archives"),
    ("zythologie", "Zythologie", "Brewing"),
    ("horlogerie", "Horlogerie", "Watchmaking"),
]
REGIONS = ["ON"] * 5 + ["QC"] * 4 + ["NB", "NB", "MB", "BC", "AB", "NS", "SK", "PE", "NL"]
PLACES = [
    "Ottawa",
    "Gatineau",
    "Toronto",
    "Sudbury",
    "Montréal",
    "Moncton",
    "Winnipeg",
    "Kingston",
    "Sherbrooke",
    "Hearst",
    "Timmins",
    "Québec",
    "Vancouver",
    "Halifax",
]
SENTENCES = [
    "Bonjour à toutes et à tous, je partage mon expérience.",
    "Merci pour vos conseils, ça m'a beaucoup aidé.",
    "Avez-vous déjà passé une entrevue de groupe ?",
    "Je cherche un poste à temps partiel dans la région.",
    "Mon conseiller m'a suggéré de refaire mon CV.",
    "Quelqu'un connaît une formation reconnue en soirée ?",
    "The workshop last week was really useful.",
    "Thanks, I will try that at my next interview.",
    "Does anyone know employers hiring in the area?",
    "I updated my resume with the tips from this thread.",
    "Is the certification worth it for an entry-level job?",
    "Good luck everyone, keep going!",
]


def fold(text: str) -> str:
    """Lower case without accents (as the directory's `search_text`)."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sizes(count: int, largest: int) -> list[int]:
    """Zipf-like sizes by rank: largest / rank^0.9, at least 5."""
    return [max(5, round(largest / (rank**0.9))) for rank in range(1, count + 1)]


def community_row(rank: int, size: int, rng: random.Random, agencies: list[int]) -> dict:
    topic_weights = [1 / (i + 1) ** 1.1 for i in range(len(TOPICS))]
    topics = {rng.choices(range(len(TOPICS)), weights=topic_weights)[0] for _ in range(3)}
    topics = sorted(topics)[: rng.randint(1, 3)]
    place = rng.choice(PLACES)
    main = TOPICS[topics[0]]
    language = rng.choices(["fr", "en", "fr,en"], weights=[5, 3, 2])[0]
    name_fr = f"{main[1]} — {place} {rank}" if "fr" in language else ""
    name_en = f"{main[2]} in {place} {rank}" if "en" in language else ""
    description_fr = (
        f"Entraide et offres en {main[1].lower()} à {place} : questions, ateliers, "
        "bons coups et offres d'emploi."
        if name_fr
        else ""
    )
    description_en = (
        f"Help and openings in {main[2].lower()} around {place}: questions, workshops, "
        "wins and job offers."
        if name_en
        else ""
    )
    visibility = (
        "public"
        if rank == 1
        else rng.choices(["public", "members", "private", "secret"], weights=[55, 20, 20, 5])[0]
    )
    policy = {
        "public": rng.choice(["open"] * 4 + ["request"]),
        "members": rng.choice(["open"] * 4 + ["request"]),
        "private": "request",
        "secret": "invitation",
    }[visibility]
    region = rng.choice(REGIONS)
    topic_text = ", ".join(TOPICS[t][0] for t in topics)
    created = NOW - timedelta(seconds=rng.randrange(2 * YEAR))
    return {
        "id": rank,
        "slug": f"{SLUG_PREFIX}{rank}",
        "name_fr": name_fr,
        "name_en": name_en,
        "description_fr": description_fr,
        "description_en": description_en,
        "rules_fr": "Soyez respectueux. Pas de publicité." if name_fr else "",
        "rules_en": "Be kind. No advertising." if name_en else "",
        "languages": language,
        "topics": topic_text,
        "region": region,
        "visibility": visibility,
        "join_policy": policy,
        "join_questions": ["Pourquoi voulez-vous nous rejoindre ?"] if policy == "request" else [],
        "organization_id": agencies[rank % len(agencies)] if agencies and rank % 25 == 3 else None,
        "created": created,
        "last_activity": created,
        "member_count": size,
        "search_text": fold(
            " ".join([name_fr, name_en, description_fr, description_en, topic_text, region])
        ),
    }


def build_communities(args, members: list[int], rng: random.Random) -> dict[int, list[int]]:
    """Communities, categories and memberships; returns each community's active members
    (the owner first)."""
    from tremplin.communities.models import Category, Community, Membership
    from tremplin.organizations.models import Organization

    if Community.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        print("communities: already there")
        return members_of()
    wanted = sizes(args.communities, args.largest)
    picks = {rank: rng.sample(members, size) for rank, size in enumerate(wanted, start=1)}
    print("communities")
    agencies = list(Organization.objects.filter(kind="agency").values_list("id", flat=True))
    copy_rows(
        Community,
        (community_row(rank, size, rng, agencies) for rank, size in enumerate(wanted, start=1)),
    )
    reset_sequence(Community)
    copy_rows(
        Category,
        (
            {
                "id": (rank - 1) * 3 + j + 1,
                "community_id": rank,
                "slug": slug,
                "name_fr": fr,
                "name_en": en,
                "position": j,
            }
            for rank in range(1, args.communities + 1)
            for j, (slug, fr, en) in enumerate(
                [
                    ("general", "Général", "General"),
                    ("offres", "Offres d'emploi", "Job offers"),
                    ("entraide", "Entraide", "Help"),
                ]
            )
        ),
    )
    reset_sequence(Category)
    outsiders = members[-5000:]

    def rows():
        for rank, chosen in picks.items():
            moderators = max(1, len(chosen) // 500)
            joined = NOW - timedelta(days=rng.randrange(1, 700))
            for i, uid in enumerate(chosen):
                role = "owner" if i == 0 else "moderator" if i <= moderators else "member"
                yield {
                    "community_id": rank,
                    "user_id": uid,
                    "role": role,
                    "status": "active",
                    "joined": joined,
                    "rules_accepted": joined,
                    "digest": "weekly",
                }
            extra = {rng.choice(outsiders) for _ in range(1 + len(chosen) // 100)} - set(chosen)
            for n, uid in enumerate(sorted(extra)):
                yield {
                    "community_id": rank,
                    "user_id": uid,
                    "role": "member",
                    "status": "banned" if n % 4 == 3 else "pending",
                    "digest": "",
                    "answers": ["J'aimerais apprendre des autres."],
                }

    copy_rows(Membership, rows())
    return picks


def members_of() -> dict[int, list[int]]:
    """Each generated community's active members, the owner first (from the database)."""
    from tremplin.communities.models import Membership

    picks: dict[int, list[int]] = {}
    rows = (
        Membership.objects.filter(community__slug__startswith=SLUG_PREFIX, status="active")
        .order_by("community_id", "id")
        .values_list("community_id", "user_id")
    )
    for community, user in rows.iterator(chunk_size=20_000):
        picks.setdefault(community, []).append(user)
    return picks


def thread_plan(args, picks: dict[int, list[int]], rng: random.Random) -> list[dict]:
    """Threads per community (about size^0.75) and replies per thread (log-normal), so
    that threads + replies == args.posts; the largest community's first thread has
    exactly BIG_THREAD_REPLIES replies."""
    threads_total = args.posts // 12
    weights = {rank: len(chosen) ** 0.75 for rank, chosen in picks.items()}
    scale = threads_total / sum(weights.values())
    per_community = {rank: max(1, round(w * scale)) for rank, w in weights.items()}
    replies_total = args.posts - sum(per_community.values())
    plan = []
    for rank, count in per_community.items():
        for _ in range(count):
            plan.append({"community": rank, "replies": int(rng.lognormvariate(1.6, 1.2))})
    plan[0]["replies"] = BIG_THREAD_REPLIES  # the largest community's first thread
    # Adjust to the exact total, one reply at a time on random threads (never the big one).
    diff = replies_total - sum(p["replies"] for p in plan)
    while diff:
        p = plan[rng.randrange(1, len(plan))]
        step = 1 if diff > 0 else -1
        if p["replies"] + step >= 0 and (step > 0 or p["replies"] > 0):
            p["replies"] += step
            diff -= step
    first = 1
    for i, p in enumerate(plan, start=1):
        p["id"], p["first_reply"] = i, first
        first += p["replies"]
        p["created"] = NOW - timedelta(seconds=rng.randrange(YEAR) + 3600)
        age = (NOW - p["created"]).total_seconds()
        p["last"] = p["created"] + timedelta(seconds=age * p["replies"] / (p["replies"] + 1))
    plan[0]["created"] = NOW - timedelta(days=3)
    plan[0]["last"] = NOW - timedelta(minutes=5)
    return plan


def build_threads(args, picks: dict[int, list[int]], rng: random.Random) -> None:
    from django.db import connection

    from tremplin.communities.models import Thread

    if Thread.objects.filter(community__slug__startswith=SLUG_PREFIX).exists():
        print("threads: already there")
        return
    plan = thread_plan(args, picks, rng)
    print(f"threads: {len(plan):,}; replies: {sum(p['replies'] for p in plan):,}")

    def rows():
        for p in plan:
            chosen = picks[p["community"]]
            big = p["id"] == 1
            question = not big and rng.random() < 0.2
            topic = rng.choice(TOPICS)
            yield {
                "id": p["id"],
                "community_id": p["community"],
                "category_id": (p["community"] - 1) * 3 + 1 + p["id"] % 3,
                "author_id": chosen[0] if big else rng.choice(chosen),
                "kind": "question" if question else "discussion",
                "title": BIG_THREAD_TITLE
                if big
                else (f"{'Question' if question else 'Discussion'} : {topic[1]} {p['id']}"),
                "body": " ".join(rng.choices(SENTENCES, k=rng.randint(2, 6))),
                "language": "fr",
                "tags": [topic[0].split()[0]],
                "state": "published",
                "pinned": p["id"] % 97 == 0,
                "created": p["created"],
                "last_activity": p["last"],
                "reply_count": p["replies"],
            }

    copy_rows(Thread, rows())
    reset_sequence(Thread)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_thread_plan")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_thread_plan (thread_id int PRIMARY KEY, "
            "community_id int, replies int, first_reply bigint)"
        )
        with cursor.connection.cursor().copy(
            "COPY bench_thread_plan (thread_id, community_id, replies, first_reply) FROM STDIN"
        ) as copy:
            for p in plan:
                copy.write_row([p["id"], p["community"], p["replies"], p["first_reply"]])
    build_replies()
    counts: dict[int, int] = {}
    last: dict[int, datetime] = {}
    for p in plan:
        counts[p["community"]] = counts.get(p["community"], 0) + 1
        last[p["community"]] = max(last.get(p["community"], p["last"]), p["last"])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE communities_community c SET thread_count = v.n, last_activity = v.last "
            "FROM unnest(%s::int[], %s::int[], %s::timestamptz[]) AS v(id, n, last) "
            "WHERE c.id = v.id",
            [list(counts), list(counts.values()), [last[c] for c in counts]],
        )


MEMBER_INDEX_SQL = """
CREATE UNLOGGED TABLE bench_member_idx AS
SELECT community_id, user_id,
       row_number() OVER (PARTITION BY community_id ORDER BY id) AS idx,
       count(*) OVER (PARTITION BY community_id) AS n
FROM communities_membership WHERE status = 'active'
"""
REPLIES_SQL = """
INSERT INTO communities_reply
    (id, thread_id, author_id, in_reply_to_id, body, language, state, number, created,
     vote_count)
SELECT p.first_reply + s.n - 1,
       p.thread_id,
       m.user_id,
       CASE WHEN s.n > 1 AND s.n %% 5 = 0
            THEN p.first_reply + s.n - 1 - (1 + (p.thread_id + s.n) %% least(s.n - 1, 10))
       END,
       CASE WHEN s.n %% 10 = 0
            THEN '> ' || (%(sentences)s::text[])[1 + (p.thread_id + s.n) %% %(k)s] || E'\n\n'
            ELSE '' END
       || (%(sentences)s::text[])[1 + (p.thread_id * 7 + s.n * 3) %% %(k)s] || ' '
       || (%(sentences)s::text[])[1 + (p.thread_id * 11 + s.n * 5) %% %(k)s],
       CASE WHEN (p.thread_id + s.n) %% 3 = 0 THEN 'en' ELSE 'fr' END,
       'published',
       s.n,
       t.created + (t.last_activity - t.created) * s.n / greatest(p.replies, 1),
       0
FROM bench_thread_plan p
JOIN communities_thread t ON t.id = p.thread_id
CROSS JOIN LATERAL generate_series(1, p.replies) AS s(n)
JOIN bench_member_idx m ON m.community_id = p.community_id
              AND m.idx = 1 + (p.thread_id * 31 + s.n * 17) %% m.n
WHERE p.thread_id >= %(low)s AND p.thread_id < %(high)s
"""


def build_replies(batch: int = 40_000) -> None:
    """Replies in SQL, in batches of threads; their authors are the community's active
    members; every fifth is "in reply to" an earlier one, every tenth opens with a quote."""
    from django.db import connection

    from tremplin.communities.models import Reply

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_member_idx")
        cursor.execute(MEMBER_INDEX_SQL)
        cursor.execute("CREATE UNIQUE INDEX ON bench_member_idx (community_id, idx)")
        cursor.execute("ANALYZE bench_member_idx")
        cursor.execute("ANALYZE bench_thread_plan")
        cursor.execute("SELECT max(thread_id) FROM bench_thread_plan")
        (top,) = cursor.fetchone()
        for low in range(1, top + 1, batch):
            cursor.execute(
                REPLIES_SQL,
                {"sentences": SENTENCES, "k": len(SENTENCES), "low": low, "high": low + batch},
            )
            print(
                f"  replies of threads {low:,}–{min(top, low + batch - 1):,}: "
                f"{cursor.rowcount:,} rows, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        # Half of the questions with answers have an accepted one (their first answer).
        cursor.execute(
            "UPDATE communities_thread t SET accepted_id = p.first_reply FROM bench_thread_plan p "
            "WHERE t.id = p.thread_id AND t.kind = 'question' AND p.replies > 0 "
            "AND t.id % 2 = 0"
        )
    reset_sequence(Reply)


def app_search_text():
    """The app's own `search_text_of(community)` (the data then reads as the services
    write it), else None."""
    for module in (
        "tremplin.communities.services.community_settings",
        "tremplin.communities.services.communities",
    ):
        try:
            found = __import__(module, fromlist=["search_text_of"])
        except ImportError:
            continue
        if hasattr(found, "search_text_of"):
            return found.search_text_of
    return None


def refresh_search_text() -> None:
    """Rewrite the generated communities' `search_text` with the app's function (region
    names in both languages included), when there is one."""
    from django.db import connection

    from tremplin.communities.models import Community

    search_text_of = app_search_text()
    if search_text_of is None:
        return
    started = time.perf_counter()
    rows = Community.objects.filter(slug__startswith=SLUG_PREFIX).only(
        "name_fr", "name_en", "description_fr", "description_en", "topics", "region"
    )
    ids, texts = [], []
    for community in rows.iterator(chunk_size=2000):
        ids.append(community.pk)
        texts.append(search_text_of(community))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE communities_community c SET search_text = v.text "
            "FROM unnest(%s::int[], %s::text[]) AS v(id, text) "
            "WHERE c.id = v.id AND c.search_text IS DISTINCT FROM v.text",
            [ids, texts],
        )
        changed = cursor.rowcount
    print(
        f"search_text by {search_text_of.__module__}: {changed:,} rewritten "
        f"in {time.perf_counter() - started:.1f} s"
    )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("community", "membership", "category", "thread", "reply"):
            cursor.execute(f"VACUUM ANALYZE communities_{table}")


def reset() -> None:
    from django.db import connection

    print("removing every community (and its memberships, threads, replies...)")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE communities_community CASCADE")
        cursor.execute("DROP TABLE IF EXISTS bench_thread_plan")
        cursor.execute("DROP TABLE IF EXISTS bench_member_idx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="the pool of members")
    parser.add_argument("--communities", type=int, default=10_000)
    parser.add_argument("--largest", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=2_000_000, help="threads + replies")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.reset:
        reset()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    members = build_members(args.members, rng)
    if len(members) < args.largest:
        sys.exit(f"The pool has {len(members):,} members, fewer than --largest.")
    picks = build_communities(args, members, rng)
    build_threads(args, picks, rng)
    refresh_search_text()
    analyze()
    print(
        f"ready in {time.perf_counter() - started:.0f} s "
        f"({math.fsum(len(c) for c in picks.values()):,.0f} active memberships)"
    )


if __name__ == "__main__":
    main()
