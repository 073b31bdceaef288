"""Project search ("Looking for collaborators") at scale.

Builds 100,000 projects (default) led by 5,000 members, of every visibility and status,
with their lead rows, some members, connections and an agency's team projects, in a
scratch database (SQLite file by default; PostgreSQL when DATABASE_URL is set: start
one with bench/pg.sh), then times, for a member and an agency counsellor:
- the search query alone (`projects.queries.search.open_projects`: one page of 20 and
  the next cursor) with no filter, a common word, a rare word, a skill, region or
  remote, a language, a time limit, everything at once, and page 50 by cursor;
- the whole request through Django (in process, test client): the search page (HTML),
  the search API, and, in the same run, the trivial page (`/api/v1/health`) as the
  floor of what any request costs here.
Prints numbers; asserts nothing (target: search p95 <= 50 ms).

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/projects_search.py \
        [--projects 100000] [--runs 200]
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

SKILLS = [
    "Python", "JavaScript", "graphic design", "accounting", "marketing", "welding",
    "carpentry", "French", "English", "translation", "photography", "video editing",
    "project management", "data analysis", "UX research", "copywriting", "sales",
    "bookkeeping", "gardening", "cooking", "tutoring", "Django", "React", "SQL",
    "fundraising", "event planning", "nursing", "mechanics", "plumbing", "sewing",
]  # fmt: skip
WORDS_FR = [
    "site",
    "jardin",
    "coopérative",
    "atelier",
    "application",
    "quartier",
    "réseau",
    "boutique",
    "festival",
    "balado",
    "mentorat",
    "recyclage",
    "cuisine",
    "vélo",
]
WORDS_EN = [
    "website",
    "garden",
    "co-op",
    "workshop",
    "app",
    "neighbourhood",
    "network",
    "shop",
    "festival",
    "podcast",
    "mentoring",
    "recycling",
    "kitchen",
    "bike",
]
RARE = "aquaponie"


def setup_django(projects: int) -> None:
    os.environ.setdefault("DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"tremplin-bench-projects-{projects}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    import django

    django.setup()


def _people(rng: random.Random, count: int) -> list[int]:
    from tremplin.accounts.models import User
    from tremplin.network.models import Connection
    from tremplin.profiles.models import Profile

    users = User.objects.bulk_create(
        [User(email=f"pbench{i}@bench.example", password="!") for i in range(count)],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [
            Profile(user=u, handle=f"pbench-{i}", display_name=f"Membre {i}")
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    ids = [u.pk for u in users]
    pairs = {(min(a, b), max(a, b)) for a in ids for b in rng.sample(ids, 10) if a != b}
    Connection.objects.bulk_create(
        [Connection(user_low_id=a, user_high_id=b) for a, b in pairs], batch_size=5000
    )
    return ids


def _project(rng: random.Random, i: int, lead: int, agency: int) -> object:
    from tremplin.projects.models import Project
    from tremplin.projects.services.projects import search_text_of

    visibility = rng.choices(
        ["public", "members", "connections", "invitation", "team"], [30, 40, 15, 10, 5]
    )[0]
    language = rng.choice(["fr", "en", "both"])
    words = rng.sample(range(len(WORDS_FR)), 2)
    rare = f" {RARE}" if i % 5000 == 0 else ""
    project = Project(
        title_fr=f"{WORDS_FR[words[0]]} {i}{rare}" if language != "en" else "",
        title_en=f"{WORDS_EN[words[0]]} {i}" if language != "fr" else "",
        description_fr=f"Un {WORDS_FR[words[1]]} à construire ensemble."
        if language != "en"
        else "",
        description_en=f"A {WORDS_EN[words[1]]} to build together." if language != "fr" else "",
        skills=", ".join(rng.sample(SKILLS, 3)),
        region=rng.choice(["ON", "ON", "QC", "NB", "BC", ""]),
        remote=rng.random() < 0.3,
        hours_per_week=rng.randint(1, 20),
        kind=rng.choice(["portfolio", "startup", "volunteer", "study_group", "personal"]),
        status=rng.choices(["open", "in_progress", "closed"], [60, 25, 15])[0],
        visibility=visibility,
        lead_id=lead,
        organization_id=agency if visibility == "team" else None,
    )
    project.search_text = search_text_of(project)
    return project


def populate(count: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tremplin.organizations.models import Membership, Organization, Role
    from tremplin.projects.models import Member, Project

    call_command("migrate", verbosity=0)
    if Project.objects.count() >= count:
        return
    rng = random.Random(17)
    started = time.perf_counter()
    with transaction.atomic():
        ids = _people(rng, 5000)
        agency = Organization.objects.create(kind="agency", slug="pbench-agency", name="Bench")
        Membership.objects.bulk_create(
            [Membership(organization=agency, user_id=u, role=Role.COUNSELLOR) for u in ids[:20]]
        )
        for start in range(0, count, 10_000):
            batch = [
                _project(rng, i, ids[20:][i % 4980] if i % 20 else ids[i % 20], agency.pk)
                for i in range(start, min(count, start + 10_000))
            ]
            made = Project.objects.bulk_create(batch, batch_size=2000)
            rows = [
                Member(project=p, user_id=p.lead_id, role="lead", status="active") for p in made
            ]
            rows += [
                Member(project=p, user_id=rng.choice(ids), status=rng.choice(["active", "applied"]))
                for p in made[::3]
                if True
            ]
            Member.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load
    print(f"populated {count} projects in {time.perf_counter() - started:.1f} s")


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


def _cases():
    from tremplin.projects.queries.search import Filters

    return [
        ("no filter", Filters()),
        ("common word 'jardin'", Filters(q="jardin")),
        (f"rare word '{RARE}'", Filters(q=RARE)),
        ("skill 'welding'", Filters(skill="welding")),
        ("region ON or remote", Filters(region="ON", remote=True)),
        ("language en", Filters(language="en")),
        ("at most 3 h a week", Filters(max_hours=3)),
        ("everything at once", Filters(q="site", skill="Python", region="QC", remote=True,
                                       language="fr", max_hours=10)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_django(args.projects)
    populate(args.projects)

    from django.db import connection
    from django.test import Client

    from tremplin.accounts.models import User
    from tremplin.projects.queries.search import Filters, open_projects

    member = User.objects.get(email="pbench500@bench.example")
    counsellor = User.objects.get(email="pbench3@bench.example")
    print(f"database: {connection.vendor}, projects: {args.projects}, runs: {args.runs}")
    for label, viewer in (("member", member), ("counsellor", counsellor)):
        for name, filters in _cases():
            result = timed(lambda v=viewer, f=filters: open_projects(v, f), args.runs)
            print(f"search query, {name:24} {label:10}  {result}")
    cursor = None
    for _ in range(50):
        _rows, cursor = open_projects(member, Filters(), cursor)
    page50 = timed(lambda: open_projects(member, Filters(), cursor), args.runs)
    print(f"search query, page 51 by cursor         member      {page50}")

    client = Client(HTTP_HOST="localhost")
    statuses: dict[str, set[int]] = {}
    client.force_login(member)
    for name, path in (
        ("trivial page (/api/v1/health)", "/api/v1/health"),
        ("search API, no filter", "/api/v1/projects/"),
        ("search API, skill + region", "/api/v1/projects/?skill=welding&region=ON&remote=true"),
        ("search page (HTML), no filter", "/en/projects/"),
        ("search page (HTML), word", "/en/projects/?q=jardin&language=fr"),
    ):

        def get(p=path):
            statuses.setdefault(p, set()).add(client.get(p).status_code)

        result = timed(get, args.runs)
        print(f"request, {name:34} member  {result}  (status {sorted(statuses[path])})")


if __name__ == "__main__":
    main()
