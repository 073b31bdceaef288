"""A realistic social graph on PostgreSQL for the feed and messaging benchmarks.

100,000 members (default) with profiles; connections with a long tail (log-normal
degrees, mean about 150, capped at 5,000) plus two marked members: `bench-small` with
50 connections and `bench-big` with 5,000; follows of people, organisations and
hashtags; 1,000,000 posts spread over a year with a Zipf-like share per author; and
each member's home timeline (the newest entries from everyone they follow or are
connected to, capped per owner as the app does).

Rows are written with COPY, not the ORM: loading takes minutes instead of hours. It is
idempotent per stage (a stage whose table is already full is skipped).

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/social_data.py
        [--members 100000] [--posts 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_PASSWORD = "bench-password-2026"  # every generated member signs in with it
SMALL, BIG = 0, 1  # indexes of the two marked members
NOW = datetime.now(UTC)


def setup_django() -> None:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bench/pg.sh start prints one).")
    import django

    django.setup()


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def copy_rows(model, rows: Iterable[dict], *, label: str = "") -> int:
    """COPY rows into `model`'s table; columns missing from a row get the field's
    default (Django defaults live in Python, not in the database)."""
    from django.db import connection

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    names = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in first]
    defaults = {}
    for field in names:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = NOW
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = ""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in names)
    count = 0
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for row in _chain(first, rows):
            copy.write_row(
                [_text(row.get(f.attname, row.get(f.name, defaults[f.attname]))) for f in names]
            )
            count += 1
    print(f"  {label or model.__name__}: {count:,} rows in {time.perf_counter() - started:.1f} s")
    return count


def _chain(first, rest):
    yield first
    yield from rest


def reset_sequence(model) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


def degrees(members: int, rng: random.Random) -> list[int]:
    """Log-normal connection counts: median about 90, mean about 150, capped at 5,000."""
    mu, sigma = math.log(150) - 0.5, 1.0
    found = [min(5000, max(1, int(rng.lognormvariate(mu, sigma)))) for _ in range(members)]
    found[SMALL], found[BIG] = 50, 5000
    return found


def build_members(members: int, rng: random.Random) -> list[int]:
    from django.contrib.auth.hashers import make_password

    from tremplin.accounts.models import User
    from tremplin.profiles.models import Profile

    if User.objects.filter(email__endswith="@bench.example").count() >= members:
        return list(
            User.objects.filter(email__endswith="@bench.example")
            .order_by("id")
            .values_list("id", flat=True)
        )
    print("members")
    password = make_password(BENCH_PASSWORD)
    start = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    ids = list(range(start, start + members))
    regions = ["ON", "ON", "ON", "QC", "QC", "NB", "MB", "BC", "AB", "NS"]
    jobs = ["Analyste", "Comptable", "Developer", "Soudeuse", "Nurse", "Designer", "Cuisinier"]
    copy_rows(
        User,
        (
            {
                "id": uid,
                "email": f"bench{i}@bench.example",
                "password": password,
                "language": "fr" if i % 3 else "en",
            }
            for i, uid in enumerate(ids)
        ),
    )
    handles = {SMALL: "bench-small", BIG: "bench-big"}
    copy_rows(
        Profile,
        (
            {
                "id": uid,
                "user_id": uid,
                "handle": handles.get(i, f"bench-{i}"),
                "display_name": f"Membre {i}",
                "headline": f"{rng.choice(jobs)} {i % 97}",
                "region": rng.choice(regions),
                "basics_visibility": "members",
            }
            for i, uid in enumerate(ids)
        ),
    )
    reset_sequence(User)
    reset_sequence(Profile)
    # Every member has a verified address, so they can sign in (allauth).
    from allauth.account.models import EmailAddress

    copy_rows(
        EmailAddress,
        (
            {"user_id": uid, "email": f"bench{i}@bench.example", "verified": True, "primary": True}
            for i, uid in enumerate(ids)
        ),
    )
    return ids


def build_connections(ids: list[int], rng: random.Random) -> None:
    from tremplin.network.models import Connection

    if Connection.objects.exists():
        return
    print("connections")
    started = time.perf_counter()
    wanted = degrees(len(ids), rng)
    pairs: set[tuple[int, int]] = set()
    # The two marked members get exactly their count, with random partners.
    for marked in (SMALL, BIG):
        for other in rng.sample(range(2, len(ids)), wanted[marked]):
            a, b = ids[marked], ids[other]
            pairs.add((min(a, b), max(a, b)))
    # Everyone else: pair up "stubs" at random (a configuration model); a member with
    # degree d appears d times, so popular members get many partners.
    stubs = [i for i in range(2, len(ids)) for _ in range(wanted[i])]
    rng.shuffle(stubs)
    for k in range(0, len(stubs) - 1, 2):
        a, b = ids[stubs[k]], ids[stubs[k + 1]]
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    print(f"  drew {len(pairs):,} pairs in {time.perf_counter() - started:.1f} s")
    copy_rows(Connection, ({"user_low_id": a, "user_high_id": b} for a, b in pairs))


def build_follows(ids: list[int], rng: random.Random) -> None:
    from tremplin.network.models import Follow, Hashtag
    from tremplin.organizations.models import Organization

    if Follow.objects.exists():
        return
    print("follows, organisations and hashtags")
    tags = [
        "emploi", "job", "cv", "entrevue", "interview", "formation", "ottawa", "toronto",
        "montreal", "soudure", "sante", "nursing", "tech", "python", "comptabilite",
        "construction", "benevolat", "stage", "internship", "mentorat",
    ]  # fmt: skip
    Hashtag.objects.bulk_create([Hashtag(name=t) for t in tags], ignore_conflicts=True)
    tag_ids = list(Hashtag.objects.filter(name__in=tags).values_list("id", flat=True))
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                kind="employer" if i % 4 else "agency",
                slug=f"bench-org-{i}",
                name=f"Organisation {i}",
            )
            for i in range(200)
        ]  # fmt: skip
    )
    org_ids = [o.pk for o in organizations]
    # A few very followed people (public figures), most follow a handful.
    stars = ids[2:2002]

    def rows():
        for i, uid in enumerate(ids):
            people = {rng.choice(stars) for _ in range(rng.randint(0, 15))} - {uid}
            for other in people:
                yield {"follower_id": uid, "user_id": other}
            for org in {rng.choice(org_ids) for _ in range(rng.randint(0, 3))}:
                yield {"follower_id": uid, "organization_id": org}
            if i % 2:
                for tag in {rng.choice(tag_ids) for _ in range(rng.randint(1, 4))}:
                    yield {"follower_id": uid, "hashtag_id": tag}

    copy_rows(Follow, rows())


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    ids = build_members(args.members, rng)
    build_connections(ids, rng)
    build_follows(ids, rng)
    try:
        from bench import feed_data
    except ImportError:
        feed_data = None
    if feed_data is not None:
        feed_data.build(ids, args.posts, rng, copy_rows)
    analyze()
    print(f"ready in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
