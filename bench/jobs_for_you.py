"""Jobs for you at scale: a member's ranked list among 50,000 open postings, beside the
trivial page, in the same process.

Builds (once, in a scratch database: SQLite file by default, PostgreSQL when
DATABASE_URL is set; use a database of its own there, as the other job benchmarks fill
`tremplin_bench` with postings of theirs:
`DATABASE_URL=$(bench/pg.sh start | sed 's/tremplin_bench$/tremplin_foryou/')`, after
`bench/pg.sh psql -c 'CREATE DATABASE tremplin_foryou'`):
- 50,000 open postings (bulk_create) from 300 employers: a Zipf-like share per trade in
  French and English titles, 3-6 skill words from 60 in the description, regions
  weighted like Canada's job market (ON 40 %, QC 25 %...), 15 % remote and 15 % hybrid,
  written in French, English or both, a fifth requiring French and a fifth English, 70 %
  with a salary (hourly or yearly), audiences public 70 %, members 25 %, an agency's 5 %,
  posted over 60 days; their search documents (text; tsvector on PostgreSQL);
- 200 members with a profile (3-8 skills from the same 60, a region, languages) and job
  preferences (1-2 desired roles, remote accepted for 70 %, a minimum salary for half).

Times (p50 / p95 over --runs, members taken in turn):
- the ranking (`foryou.suggest`: wishes, candidates in SQL, scoring, the page's rows);
- the page `/fr/jobs/for-you/` through Django's test client, signed in;
- the trivial page `/api/v1/health`, before and after.
Runs with DEBUG off, as production does. Prints numbers; asserts nothing.

    .venv/bin/python bench/jobs_for_you.py [--postings 50000] [--runs 300]
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadkit import machine_speed, setup_in_process, timed  # noqa: E402

TRADES = [
    ("Soudeur", "Welder"), ("Boulanger", "Baker"), ("Infirmière", "Nurse"),
    ("Comptable", "Accountant"), ("Développeur", "Developer"), ("Cuisinier", "Cook"),
    ("Caissier", "Cashier"), ("Électricien", "Electrician"), ("Plombier", "Plumber"),
    ("Chauffeur", "Driver"), ("Analyste", "Analyst"), ("Enseignant", "Teacher"),
    ("Mécanicien", "Mechanic"), ("Commis", "Clerk"), ("Préposé", "Attendant"),
    ("Technicien", "Technician"), ("Gestionnaire", "Manager"), ("Graphiste", "Designer"),
    ("Vendeur", "Salesperson"), ("Concierge", "Janitor"), ("Menuisier", "Carpenter"),
    ("Pharmacien", "Pharmacist"), ("Serveur", "Server"), ("Réceptionniste", "Receptionist"),
    ("Magasinier", "Warehouse worker"), ("Traducteur", "Translator"),
    ("Agronome", "Agronomist"), ("Coiffeur", "Hairdresser"), ("Paysagiste", "Landscaper"),
    ("Éducatrice", "Educator"), ("Couvreur", "Roofer"), ("Peintre", "Painter"),
]  # fmt: skip
SKILLS = [
    "python", "java", "excel", "sql", "autocad", "comptabilité", "soudure", "cariste",
    "premiers soins", "permis de conduire", "service à la clientèle", "vente", "caisse",
    "pâtisserie", "hygiène", "sécurité", "anglais", "espagnol", "photoshop", "javascript",
    "react", "django", "linux", "réseaux", "paie", "facturation", "inventaire", "logistique",
    "entretien", "électricité", "plomberie", "menuiserie", "peinture", "nettoyage",
    "jardinage", "enseignement", "animation", "soins", "pharmacie", "traduction",
    "rédaction", "marketing", "communication", "gestion de projet", "budget", "analyse",
    "statistique", "mécanique", "hydraulique", "camion", "livraison", "accueil",
    "téléphone", "agenda", "coiffure", "cuisine", "barista", "sommellerie", "horticulture",
    "toiture",
]  # fmt: skip
REGIONS = ["ON"] * 40 + ["QC"] * 25 + ["BC"] * 12 + ["AB"] * 10 + ["MB"] * 4 + ["NS"] * 4 + [
    "NB"
] * 3 + ["SK"] * 2  # fmt: skip
NOW = datetime.now(UTC)
PREFIX = "bench-foryou-"


def _weights(count: int) -> list[float]:
    return [1 / (rank**0.9) for rank in range(1, count + 1)]


def _postings(count: int, rng: random.Random, employers: list) -> list:
    from tremplin.jobs.content import yearly
    from tremplin.jobs.models import Posting

    weights = _weights(len(TRADES))
    rows = []
    for i in range(count):
        fr, en = rng.choices(TRADES, weights)[0]
        skills = rng.sample(SKILLS, rng.randint(3, 6))
        written = rng.choices(["fr", "en", "both"], [40, 30, 30])[0]
        hourly = rng.random() < 0.5
        salary = None
        if rng.random() < 0.7:
            salary = (
                Decimal(rng.randint(16, 45)) if hourly else Decimal(rng.randrange(35, 110) * 1000)
            )
        unit = "HOUR" if hourly else "YEAR"
        text = f"Nous cherchons une personne. Compétences : {', '.join(skills)}."
        rows.append(
            Posting(
                organization=employers[i % len(employers)],
                hiring_organization_name=employers[i % len(employers)].name,
                title_fr=f"{fr} ({i})" if written != "en" else "",
                title_en=f"{en} ({i})" if written != "fr" else "",
                description_fr=text if written != "en" else "",
                description_en=f"Skills: {', '.join(skills)}." if written != "fr" else "",
                region=rng.choice(REGIONS),
                city="Ville",
                workplace=rng.choices(["on_site", "hybrid", "remote"], [70, 15, 15])[0],
                requires_french=rng.random() < 0.2,
                requires_english=rng.random() < 0.2,
                salary_min=salary,
                salary_unit=unit,
                salary_min_yearly=yearly(salary, unit),
                audience=rng.choices(["public", "members", "agency"], [70, 25, 5])[0],
                agency=employers[0] if i % 20 == 0 else None,
                status="open",
                identifier=f"{PREFIX}{i}",
                date_posted=NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
            )
        )
    return rows


def _documents() -> None:
    from django.db import connection

    from tremplin.job_alerts.documents import document_text, is_postgres, vector_sql
    from tremplin.job_alerts.models import PostingDocument
    from tremplin.jobs.models import Posting

    docs = [
        PostingDocument(
            posting_id=p.pk, text=document_text(p), region=p.region, workplace=p.workplace
        )
        for p in Posting.objects.filter(identifier__startswith=PREFIX).iterator(chunk_size=2000)
    ]
    PostingDocument.objects.bulk_create(docs, batch_size=2000, ignore_conflicts=True)
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {PostingDocument._meta.db_table} d SET vector = "  # noqa: S608
                f"(SELECT {vector_sql()} FROM jobs_posting p WHERE p.id = d.posting_id)"
            )


def _members(count: int, rng: random.Random) -> None:
    from tremplin.accounts.models import User
    from tremplin.job_alerts.models import JobPreferences
    from tremplin.profiles.models import LanguageSkill, Profile, Skill

    users = User.objects.bulk_create(
        [User(email=f"{PREFIX}{i}@bench.example", password="!") for i in range(count)]
    )
    profiles = Profile.objects.bulk_create(
        [
            Profile(user=u, handle=f"{PREFIX}{i}", display_name=f"Membre {i}",
                    region=rng.choice(REGIONS), service_language=rng.choice(["fr", "en"]))
            for i, u in enumerate(users)
        ]
    )  # fmt: skip
    skills, languages, prefs = [], [], []
    weights = _weights(len(TRADES))
    for user, profile in zip(users, profiles, strict=True):
        skills += [Skill(profile=profile, name=s) for s in rng.sample(SKILLS, rng.randint(3, 8))]
        spoken = rng.choice([["Français"], ["English"], ["Français", "English"]])
        languages += [LanguageSkill(profile=profile, language=s, level="fluent") for s in spoken]
        roles = {
            rng.choices(TRADES, weights)[0][rng.randint(0, 1)] for _ in range(rng.randint(1, 2))
        }
        prefs.append(
            JobPreferences(
                owner=user, desired_roles=", ".join(sorted(roles)), region=profile.region,
                remote=rng.choices(["also", "never", "only"], [70, 25, 5])[0],
                min_salary=Decimal(rng.randrange(30, 80) * 1000) if rng.random() < 0.5 else None,
                salary_unit="YEAR", languages=[],
            )
        )  # fmt: skip
    Skill.objects.bulk_create(skills)
    LanguageSkill.objects.bulk_create(languages)
    JobPreferences.objects.bulk_create(prefs)


def populate(postings: int, members: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tremplin.jobs.models import Posting
    from tremplin.organizations.models import Organization

    call_command("migrate", verbosity=0)
    # The pages' stylesheets, as production serves them (DEBUG off needs the manifest).
    call_command("collectstatic", interactive=False, verbosity=0)
    if Posting.objects.filter(identifier__startswith=PREFIX).exists():
        return
    rng = random.Random(18)
    started = time.perf_counter()
    with transaction.atomic():
        employers = Organization.objects.bulk_create(
            [
                Organization(kind="employer", slug=f"{PREFIX}{i}", name=f"Employeur {i}",
                             verified=True)
                for i in range(300)
            ]
        )  # fmt: skip
        Posting.objects.bulk_create(_postings(postings, rng, employers), batch_size=2000)
        _documents()
        _members(members, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"populated {postings} postings in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    setup_in_process(f"tremplin-bench-foryou-{args.postings}")
    populate(args.postings, args.members)

    from django.db import connection
    from django.test import Client

    from tremplin.accounts.models import User
    from tremplin.job_alerts import foryou
    from tremplin.jobs.models import Posting

    members = list(User.objects.filter(email__startswith=PREFIX).order_by("pk"))
    clients = []
    logging.disable(logging.INFO)  # the audit log's line for each sign-in below
    for member in members[:20]:
        client = Client(SERVER_NAME="localhost")
        client.force_login(member)
        clients.append(client)
    trivial_client = Client(SERVER_NAME="localhost")
    found = [len(foryou.suggest(m)) for m in members]
    open_count = Posting.objects.open().count()
    print(
        f"database: {connection.vendor}, open postings: {open_count}, members: {len(members)}, "
        f"runs: {args.runs}; suggestions per member: min {min(found)}, "
        f"median {statistics.median(found)}"
    )

    def trivial(i: int) -> object:
        return trivial_client.get("/api/v1/health", secure=True)

    def ranking(i: int) -> object:
        return foryou.suggest(members[i % len(members)])

    def page(i: int) -> object:
        answer = clients[i % len(clients)].get("/fr/jobs/for-you/", secure=True)
        assert answer.status_code == 200, answer.status_code
        return answer

    print(f"machine speed, before                {machine_speed()}")
    print(f"trivial page (/api/v1/health)        {timed(trivial, args.runs, warm_up=5)}")
    print(f"ranking (foryou.suggest)             {timed(ranking, args.runs, warm_up=5)}")
    print(f"page /fr/jobs/for-you/ (signed in)   {timed(page, args.runs, warm_up=5)}")
    print(f"trivial page again                   {timed(trivial, args.runs, warm_up=5)}")
    print(f"machine speed, after                 {machine_speed()}")


if __name__ == "__main__":
    main()
