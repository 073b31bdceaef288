"""People search and profile visibility at scale.

Builds N members (default 20,000) with ~40 connections each and counsellor caseloads in
a scratch database (SQLite file by default; PostgreSQL when DATABASE_URL is set), then
times the queries the pages run: the people-search page (visible_to + text filter +
first page) for an anonymous visitor, a member and a counsellor, and one profile's
visible sections. Prints numbers; asserts nothing.

    .venv/bin/python bench/people_search.py [--members 20000] [--runs 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django(members: int) -> None:
    os.environ.setdefault("DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"tremplin-bench-{members}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    import django

    django.setup()


def populate(members: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tremplin.accounts.models import User
    from tremplin.counselling.models import Case
    from tremplin.network.models import Connection
    from tremplin.organizations.models import Membership, Organization, Role
    from tremplin.profiles.models import Profile, Skill

    call_command("migrate", verbosity=0)
    if User.objects.count() >= members:
        return
    rng = random.Random(42)
    audiences = ["public", "members", "members", "members", "connections", "only_me"]
    words = ["analyste", "comptable", "developer", "soudeur", "nurse", "designer", "cook"]
    cities = ["Ottawa", "Gatineau", "Toronto", "Sudbury", "Kingston"]
    started = time.perf_counter()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"bench{i}@bench.example", password="!") for i in range(members)],
            batch_size=2000,
        )
        Profile.objects.bulk_create(
            [
                Profile(
                    user=u,
                    handle=f"bench-{i}",
                    display_name=f"Membre {i}",
                    headline=f"{rng.choice(words)} {i % 97}",
                    city=rng.choice(cities),
                    basics_visibility=rng.choice(audiences),
                    skills_visibility=rng.choice(audiences),
                )
                for i, u in enumerate(users)
            ],
            batch_size=2000,
        )
        profiles = list(Profile.objects.values_list("pk", flat=True))
        Skill.objects.bulk_create(
            [Skill(profile_id=p, name=rng.choice(words)) for p in profiles], batch_size=5000
        )
        pairs = set()
        ids = [u.pk for u in users]
        for uid in ids:
            for other in rng.sample(ids, 20):
                if other != uid:
                    pairs.add((min(uid, other), max(uid, other)))
        Connection.objects.bulk_create(
            [Connection(user_low_id=a, user_high_id=b) for a, b in pairs], batch_size=5000
        )
        agency = Organization.objects.create(kind="agency", slug="bench-agency", name="Bench")
        counsellors = ids[:20]
        Membership.objects.bulk_create(
            [Membership(organization=agency, user_id=c, role=Role.COUNSELLOR) for c in counsellors]
        )
        now = timezone.now()
        Case.objects.bulk_create(
            [
                Case(
                    agency=agency,
                    counsellor_id=counsellors[i % 20],
                    client_id=uid,
                    client_consented_at=now,
                )
                for i, uid in enumerate(ids[20:2020])
            ]  # fmt: skip
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load
    print(f"populated {members} members, {len(pairs)} connections in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def timed(fn, runs: int) -> str:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"p50 {statistics.median(samples):6.2f} ms  p95 {p95:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_django(args.members)
    populate(args.members)

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from tremplin.accounts.models import User
    from tremplin.profiles.models import Profile
    from tremplin.profiles.queries import CappedPaginator, people

    member = User.objects.get(email="bench500@bench.example")
    counsellor = User.objects.get(email="bench3@bench.example")
    target = Profile.objects.for_display().get(handle="bench-777")

    def search_page(viewer, q):
        def run():  # what the people page does: the first page and the (capped) count
            page = CappedPaginator(people(viewer, q), 20).get_page(1)
            list(page)
            page.paginator.count  # noqa: B018

        return run

    print(f"database: {connection.vendor}, members: {args.members}, runs: {args.runs}")
    for label, viewer in [("anonymous", AnonymousUser()), ("member", member),
                          ("counsellor", counsellor)]:  # fmt: skip
        for query in ("", "nurse"):
            result = timed(search_page(viewer, query), args.runs)
            print(f"people search, query {query!r:8} {label:10}  {result}")
    print(f"profile sections for a member          "
          f"{timed(lambda: target.sections_visible_to(member), args.runs)}")  # fmt: skip


if __name__ == "__main__":
    main()
