"""Mentoring matching at scale: one mentee's ranking among 20,000 mentor profiles, and a
cohort of 500 mentees matched to 300 mentors with capacities, beside the trivial page.

Builds (once, in a scratch database: SQLite file by default, PostgreSQL when
DATABASE_URL is set, e.g. `DATABASE_URL=$(bench/pg.sh start)`):
- 20,000 members with a mentor profile (3-6 skills from 200, 1-2 sectors, a trade,
  languages, region, 1-3 places), all enrolled as mentors in programme A, with 200
  mentees enrolled there too;
- programme B: 300 of those mentors and 500 mentees with intake (wanted skills,
  sectors, goals, languages, region).

Times (p50 / p95 over --runs):
- the mentee's ranked list in A (`queries.matching.rank` with the mentee as viewer:
  candidates by the `(kind, value)` index, their visibility, places left, scoring);
- the same for a coordinator (no profile-visibility filter);
- the cohort proposal in B (`services.matching.propose_cohort`: read, score 150,000
  pairs, greedy assignment, bulk insert), each run rolled back;
- the trivial page `/api/v1/health` through Django's test client, in the same process.
Runs with DEBUG off, as production does. Prints numbers; asserts nothing.

    .venv/bin/python bench/mentoring_match.py [--mentors 20000] [--runs 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadkit import machine_speed, setup_in_process, timed  # noqa: E402

SKILLS = [f"skill {i}" for i in range(200)]
TRADES = ["soudure", "plomberie", "électricité", "menuiserie", "cuisine", "mécanique"]
REGIONS = ["ON", "QC", "NB", "MB", "BC"]


def _users(count: int, start: int, rng: random.Random) -> list:
    from tremplin.accounts.models import User
    from tremplin.profiles.models import Profile

    users = User.objects.bulk_create(
        [User(email=f"mm{i}@bench.example", password="!") for i in range(start, start + count)],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [
            Profile(user=u, handle=f"mm-{start + i}", display_name=f"Membre {start + i}")
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    return users


def _mentors(users: list, rng: random.Random) -> None:
    from tremplin.mentoring.models import MentorOffer, MentorProfile, OfferKind
    from tremplin.profiles.models import Sector

    sectors = list(Sector.values)
    profiles = []
    for u in users:
        langs = rng.choice([["fr"], ["en"], ["fr", "en"]])
        profiles.append(
            MentorProfile(
                user=u,
                skills=rng.sample(SKILLS, rng.randint(3, 6)),
                sectors=rng.sample(sectors, rng.randint(1, 2)),
                trades=[rng.choice(TRADES)],
                languages=langs,
                region=rng.choice(REGIONS),
                online=rng.random() < 0.7,
                max_mentees=rng.randint(1, 3),
            )
        )
    made = MentorProfile.objects.bulk_create(profiles, batch_size=2000)
    kinds = [("skills", OfferKind.SKILL), ("sectors", OfferKind.SECTOR),
             ("trades", OfferKind.TRADE), ("languages", OfferKind.LANGUAGE)]  # fmt: skip
    MentorOffer.objects.bulk_create(
        [
            MentorOffer(profile=p, kind=kind, value=value)
            for p in made
            for field, kind in kinds
            for value in getattr(p, field)
        ],
        batch_size=5000,
    )


def _mentee_rows(programme, users: list, rng: random.Random) -> list:
    from tremplin.mentoring.models import Enrolment
    from tremplin.profiles.models import Sector

    return [
        Enrolment(
            programme=programme,
            user=u,
            side="mentee",
            wanted_skills=rng.sample(SKILLS, 3),
            sectors=[rng.choice(list(Sector.values))],
            goals=f"apprendre la {rng.choice(TRADES)} et trouver un emploi",
            languages=["fr"] if rng.random() < 0.6 else ["en"],
            region=rng.choice(REGIONS),
        )
        for u in users
    ]


def populate(mentors: int) -> None:
    from datetime import date

    from django.core.management import call_command
    from django.db import connection, transaction

    from tremplin.mentoring.models import Enrolment, Programme
    from tremplin.organizations.models import Membership, Organization, Role

    call_command("migrate", verbosity=0)
    if Programme.objects.filter(name_en="Bench A").exists():
        return
    rng = random.Random(17)
    started = time.perf_counter()
    with transaction.atomic():
        mentor_users = _users(mentors, 0, rng)
        _mentors(mentor_users, rng)
        mentees = _users(700, mentors, rng)
        coordinator = _users(1, mentors + 700, rng)[0]
        agency = Organization.objects.create(kind="agency", slug="bench-mm", name="Bench")
        Membership.objects.create(organization=agency, user=coordinator, role=Role.COUNSELLOR)
        made = []
        for name in ("Bench A", "Bench B"):
            p = Programme.objects.create(
                agency=agency, name_fr=name, name_en=name, status="running",
                starts_on=date(2026, 1, 1), ends_on=date(2027, 1, 1), capacity=5000,
            )  # fmt: skip
            p.coordinators.add(coordinator)
            made.append(p)
        a, b = made
        rows = [Enrolment(programme=a, user=u, side="mentor") for u in mentor_users]
        rows += [Enrolment(programme=b, user=u, side="mentor") for u in mentor_users[:300]]
        rows += _mentee_rows(a, mentees[:200], rng) + _mentee_rows(b, mentees[200:], rng)
        Enrolment.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"populated {mentors} mentor profiles in {time.perf_counter() - started:.1f} s")


def cohort_runs(programme, coordinator, runs: int) -> str:
    from django.db import transaction

    from tremplin.mentoring.services import matching

    class Rollback(Exception):
        pass

    samples, made = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        try:
            with transaction.atomic():
                made = len(matching.propose_cohort(coordinator, programme))
                samples.append(time.perf_counter() - start)
                raise Rollback
        except Rollback:
            pass
    return f"{made} matches; runs {', '.join(f'{s:.2f}' for s in samples)} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_in_process(f"tremplin-bench-mentoring-{args.mentors}")
    populate(args.mentors)

    from django.db import connection
    from django.test import Client

    from tremplin.mentoring.models import Enrolment, Programme
    from tremplin.mentoring.queries.matching import mentee_features, rank

    a = Programme.objects.get(name_en="Bench A")
    b = Programme.objects.get(name_en="Bench B")
    coordinator = a.coordinators.get()
    mentees = list(Enrolment.objects.filter(programme=a, side="mentee").select_related("user"))
    features = [(e.user, mentee_features(e)) for e in mentees]

    def as_mentee(i: int) -> object:
        user, found = features[i % len(features)]
        return rank(found, a, viewer=user)

    def as_coordinator(i: int) -> object:
        return rank(features[i % len(features)][1], a)

    client = Client(SERVER_NAME="localhost")
    print(f"database: {connection.vendor}, mentor profiles: {args.mentors}, runs: {args.runs}")
    print(f"machine speed, before                  {machine_speed()}")

    def trivial(i: int) -> object:
        return client.get("/api/v1/health")

    print(f"trivial page (/api/v1/health)          {timed(trivial, args.runs)}")
    print(f"ranking, the mentee browsing           {timed(as_mentee, args.runs)}")
    print(f"ranking, a coordinator                 {timed(as_coordinator, args.runs)}")
    print(f"trivial page again                     {timed(trivial, args.runs)}")
    print(f"cohort 500 mentees x 300 mentors       {cohort_runs(b, coordinator, 3)}")
    print(f"machine speed, after                   {machine_speed()}")


if __name__ == "__main__":
    main()
