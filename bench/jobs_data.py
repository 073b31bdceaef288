"""Jobs data on PostgreSQL for the alert and search benchmarks.

On top of bench/social_data.py's members (reused when present, else created the same
way): 50,000 open job postings (default) with French and English titles and
descriptions (a Zipf-like share per trade, so "emploi" and "job" are broad words and
"zythologue" appears nowhere), their search documents (tsvector, GIN), and 200,000
alerts: `--target` of them (10,000 by default, one per member, members 0..target-1)
search "zythologue" — the posting bench/jobs_alerts.py publishes matches exactly those
— and the others search one or two trade, skill or city words, some with a region
(never Nunavut, the benchmark posting's), a remote or a salary filter. Alerts are filed
under their rarest keyword as the app files them (services.reindex_alert).

The notification table is filled to `--notifications` rows (1,000,000: ten per member,
six months of them, most read; bench/jobs_alerts.py inserts its 10,000 into a table of
that size and removes them after each run).

Rows are written with COPY. Idempotent per stage (a stage already done is skipped).

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/jobs_data.py
        [--members 100000] [--postings 50000] [--alerts 200000] [--target 10000]
        [--notifications 1000000] [--seed 11]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from social_data import copy_rows, reset_sequence, setup_django  # noqa: E402

NOW = datetime.now(UTC)
TARGET_WORD = "zythologue"
EMPLOYER_PREFIX = "bench-employer-"
ALERT_PREFIX = "bench alert"
TARGET_NAME = "bench target"

TRADES = [
    ("soudeur", "welder"), ("boulanger", "baker"), ("infirmière", "nurse"),
    ("comptable", "accountant"), ("développeur", "developer"), ("cuisinier", "cook"),
    ("caissier", "cashier"), ("électricien", "electrician"), ("plombier", "plumber"),
    ("chauffeur", "driver"), ("analyste", "analyst"), ("enseignant", "teacher"),
    ("mécanicien", "mechanic"), ("commis", "clerk"), ("préposé", "attendant"),
    ("technicien", "technician"), ("gestionnaire", "manager"), ("graphiste", "designer"),
    ("vendeur", "salesperson"), ("concierge", "janitor"), ("menuisier", "carpenter"),
    ("pharmacien", "pharmacist"), ("serveur", "server"), ("réceptionniste", "receptionist"),
    ("magasinier", "warehouse"), ("traducteur", "translator"), ("agronome", "agronomist"),
    ("coiffeur", "hairdresser"), ("paysagiste", "landscaper"), ("éducatrice", "educator"),
    ("couvreur", "roofer"), ("peintre", "painter"), ("ambulancier", "paramedic"),
    ("bibliothécaire", "librarian"), ("archiviste", "archivist"), ("sommelier", "sommelier"),
    ("horticultrice", "horticulturist"), ("géomètre", "surveyor"), ("ébéniste", "cabinetmaker"),
    ("orthophoniste", "therapist"),
]  # fmt: skip
SKILLS = [
    "python", "java", "excel", "bilingue", "nuit", "weekend", "soudure", "sql", "autocad",
    "comptabilité", "service", "cariste", "premiers", "secours", "camion", "classe",
]  # fmt: skip
CITIES = [
    ("Ottawa", "ON"), ("Toronto", "ON"), ("Sudbury", "ON"), ("Hamilton", "ON"),
    ("Montréal", "QC"), ("Québec", "QC"), ("Gatineau", "QC"), ("Moncton", "NB"),
    ("Winnipeg", "MB"), ("Vancouver", "BC"), ("Calgary", "AB"), ("Halifax", "NS"),
]  # fmt: skip
REGIONS = ["ON", "QC", "NB", "MB", "BC", "AB", "NS"]  # never NU: the target posting's
TYPES = ["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY"]


def zipf_weights(count: int, s: float = 0.9) -> list[float]:
    return [1 / (rank**s) for rank in range(1, count + 1)]


def members_for(count: int, rng: random.Random) -> list[int]:
    from tremplin.accounts.models import User

    existing = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("id")
        .values_list("id", flat=True)[:count]
    )
    if len(existing) >= count:
        return existing
    from social_data import build_members

    return build_members(count, rng)[:count]


def employers(count: int = 300) -> list[int]:
    from tremplin.organizations.models import Organization

    if Organization.objects.filter(slug__startswith=EMPLOYER_PREFIX).count() < count:
        Organization.objects.bulk_create(
            [
                Organization(
                    kind="employer", slug=f"{EMPLOYER_PREFIX}{i}", name=f"Employeur {i}",
                    verified=True, region=CITIES[i % len(CITIES)][1],
                )
                for i in range(count)
            ],
            ignore_conflicts=True,
        )  # fmt: skip
    return list(
        Organization.objects.filter(slug__startswith=EMPLOYER_PREFIX)
        .order_by("id")
        .values_list("id", flat=True)
    )


def build_postings(count: int, rng: random.Random) -> Counter:
    """Open postings; returns how many postings contain each trade/skill/city word (the
    rarity the alert index uses)."""
    from tremplin.jobs.models import Posting

    done = Posting.objects.filter(identifier__startswith="bench-").count()
    frequency: Counter = Counter()
    weights = zipf_weights(len(TRADES))
    org_ids = employers()
    rows = []
    for i in range(count):
        fr, en = rng.choices(TRADES, weights)[0]
        skill = rng.choice(SKILLS) if rng.random() < 0.5 else ""
        city, region = rng.choice(CITIES)
        bilingual = rng.random() < 0.6
        english_only = not bilingual and rng.random() < 0.3
        broad_fr = "Emploi de " if rng.random() < 0.6 else ""
        broad_en = "Job: " if rng.random() < 0.5 else ""
        title_fr = "" if english_only else f"{fr.capitalize()} {skill}".strip()
        title_en = f"{en.capitalize()} {skill}".strip() if bilingual or english_only else ""
        desc_fr = (
            "" if english_only
            else f"{broad_fr}{fr} à {city}. Horaire stable, équipe accueillante, formation "
                 f"payée. Compétences : {skill or 'polyvalence'}."
        )  # fmt: skip
        desc_en = (
            f"{broad_en}{en} in {city}. Steady hours, friendly team, paid training. "
            f"Skills: {skill or 'versatility'}."
            if title_en
            else ""
        )
        words = {fr, en, city.lower(), skill} - {""}
        frequency.update(words)
        salary = rng.choice([None, 18, 22, 28, 35, 45000, 60000, 85000])
        hourly = salary is not None and salary < 1000
        rows.append(
            {
                "organization_id": rng.choice(org_ids),
                "hiring_organization_name": "Employeur",
                "title_fr": title_fr,
                "title_en": title_en,
                "description_fr": desc_fr,
                "description_en": desc_en,
                "employment_type": rng.choice(TYPES),
                "workplace": rng.choice(["on_site", "on_site", "hybrid", "remote"]),
                "city": city,
                "region": region,
                "salary_min": salary,
                "salary_unit": "HOUR" if hourly else "YEAR",
                "salary_min_yearly": (salary * 2080 if hourly else salary) if salary else None,
                "requires_french": rng.random() < 0.3,
                "requires_english": rng.random() < 0.3,
                "identifier": f"bench-{i}",
                "audience": "public" if rng.random() < 0.8 else "members",
                "status": "open",
                "date_posted": NOW - timedelta(minutes=rng.randint(1, 60 * 24 * 60)),
                "hold_reasons": [],
            }
        )
    if done >= count:
        return frequency
    print("postings")
    copy_rows(Posting, rows[done:])
    reset_sequence(Posting)
    return frequency


def build_documents() -> None:
    from django.db import connection

    from tremplin.job_alerts.documents import vector_sql

    print("search documents")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO job_alerts_postingdocument
                    (posting_id, text, vector, region, workplace, updated)
                SELECT p.id, ' ', {vector_sql()}, p.region, p.workplace, now()
                FROM jobs_posting p
                WHERE p.status = 'open' AND NOT EXISTS (
                    SELECT 1 FROM job_alerts_postingdocument d WHERE d.posting_id = p.id)"""  # noqa: S608
        )
        print(f"  {cursor.rowcount:,} documents in {time.perf_counter() - started:.1f} s")


def build_alerts(members: list[int], count: int, target: int, frequency: Counter,
                 rng: random.Random) -> None:  # fmt: skip
    from django.db import connection

    from tremplin.job_alerts.documents import word_keys
    from tremplin.job_alerts.models import AlertKey, SavedSearch

    if SavedSearch.objects.filter(name__startswith="bench ").count() >= count:
        return
    print("alerts")
    weights = zipf_weights(len(TRADES))
    vocabulary = [w for pair in TRADES for w in pair] + SKILLS + [c.lower() for c, _ in CITIES]
    choices: list[tuple[int, str, list[str], dict]] = []
    for i in range(min(target, len(members))):
        choices.append((members[i], TARGET_NAME, [TARGET_WORD], {}))
    while len(choices) < count:
        fr, en = rng.choices(TRADES, weights)[0]
        words = [fr if rng.random() < 0.6 else en]
        if rng.random() < 0.4:
            words.append(rng.choice(SKILLS + [c.lower() for c, _ in CITIES]))
        extra: dict = {}
        if rng.random() < 0.5:
            extra["region"] = rng.choice(REGIONS)
        if rng.random() < 0.1:
            extra["remote"] = True
        if rng.random() < 0.1:
            extra["min_salary"] = rng.choice([40000, 50000, 60000])
        choices.append((rng.choice(members), ALERT_PREFIX, words, extra))
    deliveries = ["in_app"] * 14 + ["email"] * 3 + ["digest"] * 3
    copy_rows(
        SavedSearch,
        (
            {
                "owner_id": owner, "name": f"{name} {n}", "q": " ".join(words),
                "is_alert": True, "delivery": rng.choice(deliveries), "sort": "relevance",
                **extra,
            }
            for n, (owner, name, words, extra) in enumerate(choices)
        ),
    )  # fmt: skip
    reset_sequence(SavedSearch)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE job_alerts_savedsearch SET query_text = (
                   plainto_tsquery('french', unaccent(q))
                   || plainto_tsquery('english', unaccent(q)))::text
               WHERE name LIKE 'bench %%' AND query_text = ''"""
        )
    print(f"  tsqueries in {time.perf_counter() - started:.1f} s")
    keys_of = {w: word_keys(w) for w in {*vocabulary, TARGET_WORD}}
    # Read first: the connection cannot run a query while its COPY is open.
    rows = list(SavedSearch.objects.filter(name__startswith="bench ").values_list("id", "q"))

    def key_rows():
        for alert_id, q in rows:
            usable = [w for w in q.split() if keys_of.get(w)]
            if not usable:
                yield {"alert_id": alert_id, "term": ""}
                continue
            rarest = min(usable, key=lambda w: (frequency.get(w, 0), -len(w)))
            for key in keys_of[rarest]:
                yield {"alert_id": alert_id, "term": key}

    AlertKey.objects.filter(alert__name__startswith="bench ").delete()
    copy_rows(AlertKey, key_rows())


TARGET_IDENTIFIER = "bench-target"
# The notification table's mix (kind, share): job alerts for random open postings, the
# rest social and counselling events from another member.
NOTIFICATION_MIX = [
    ("job_alert", 40), ("reaction", 15), ("comment", 12), ("connection_request", 8),
    ("connection_accepted", 7), ("mention", 6), ("message", 6), ("job_forwarded", 3),
    ("endorsement", 3),
]  # fmt: skip


def remove_target_postings() -> int:
    """The postings bench/jobs_alerts.py published and their job-alert notifications
    (a run removes its own; this clears what an interrupted run, or an earlier version
    of the benchmark, left)."""
    from django.db import connection

    from tremplin.jobs.models import Posting

    ids = list(Posting.objects.filter(identifier=TARGET_IDENTIFIER).values_list("pk", flat=True))
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM notifications_notification "
                "WHERE kind = 'job_alert' AND target_id = ANY(%s)",
                [ids],
            )
        Posting.objects.filter(pk__in=ids).delete()
    return len(ids)


def build_notifications(members: list[int], total: int, rng: random.Random) -> None:
    """Fill the notification table to `total` rows, as members collect them over six
    months (oldest first, as rows are appended): about `total / members` each, most of
    the older ones read, a tenth emailed. The alert benchmark then inserts its 10,000
    into a table of a stated size, and removes them after each run."""
    from django.contrib.contenttypes.models import ContentType

    from tremplin.jobs.models import Posting, PostingStatus
    from tremplin.notifications.models import Notification

    have = Notification.objects.count()
    if have >= total:
        return
    print(f"notifications ({have:,} there)")
    posting_type = ContentType.objects.get_for_model(Posting).pk
    postings = list(Posting.objects.filter(status=PostingStatus.OPEN).values_list("pk", flat=True))
    kinds, weights = zip(*NOTIFICATION_MIX, strict=True)
    told = set(
        Notification.objects.filter(kind="job_alert").values_list("recipient_id", "target_id")
    )
    count, span = total - have, timedelta(days=180)

    def rows():
        for i in range(count):
            created = NOW - span + span * (i + rng.random()) / count
            recipient = rng.choice(members)
            kind = rng.choices(kinds, weights)[0]
            row = {"recipient_id": recipient, "kind": kind, "created": created,
                   "updated": created}  # fmt: skip
            if kind == "job_alert":
                target = rng.choice(postings)
                if (recipient, target) in told:
                    continue
                told.add((recipient, target))
                row.update(target_type_id=posting_type, target_id=target,
                           data={"alert": "bench", "excerpt": "Emploi"})  # fmt: skip
            else:
                actor = rng.choice(members)
                row.update(actor_id=actor, recent_actor_ids=[actor])
                if kind in ("reaction", "comment"):
                    row["group_key"] = f"{kind}:post:{rng.randint(1, 1_000_000)}"
            recent = NOW - created < timedelta(days=7)
            if rng.random() < (0.4 if recent else 0.9):
                row["read_at"] = created + timedelta(hours=rng.randint(1, 48))
            if rng.random() < 0.1:
                row.update(email_state="sent", email_round=1, emailed_at=created)
            yield row

    copy_rows(Notification, rows())
    reset_sequence(Notification)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--alerts", type=int, default=200_000)
    parser.add_argument("--target", type=int, default=10_000, help="alerts matching the target")
    parser.add_argument("--notifications", type=int, default=1_000_000,
                        help="rows in the notification table")  # fmt: skip
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    members = members_for(args.members, rng)
    if removed := remove_target_postings():
        print(f"removed {removed} benchmark target postings left by earlier runs")
    frequency = build_postings(args.postings, rng)
    build_documents()
    build_alerts(members, args.alerts, args.target, frequency, rng)
    build_notifications(members, args.notifications, rng)
    with connection.cursor() as cursor:
        for table in ("jobs_posting", "job_alerts_postingdocument", "job_alerts_savedsearch",
                      "job_alerts_alertkey", "notifications_notification"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"ready in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
