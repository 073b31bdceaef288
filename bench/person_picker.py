"""The person picker's read at scale (tremplin.profiles.picker.people_for_picker).

Builds N members (default 100,000) with names drawn from 80 first names and 120 last
names, ~10 connections each, a sixth of them showing their profile to connections only,
a sixth to themselves only, then times what one keystroke costs a member: the
suggestions for a common prefix, a common last name, two words, a rare name and a name
nobody has. With DATABASE_URL set to PostgreSQL it also prints the query plans of the
"others" query (the one that could read every profile). Prints numbers; asserts nothing.

    .venv/bin/python bench/person_picker.py [--members 100000] [--runs 100]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from people_search import timed  # noqa: E402  (bench/ is on the path when run)


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "Alice Amélie Antoine Aya Benoît Camille Chloé Claire David Denis Dominique Élise Émile "
    "Emma Éric Fatima Félix Florence Gabriel Geneviève Hélène Hugo Inès Isabelle Jacques "
    "Jade Jean Jeanne Julie Julien Karim Laura Léa Léo Louis Lucie Luc Manon Marc Marie "
    "Mathieu Maxime Mélanie Michel Nadia Nathalie Nicolas Noah Olivier Omar Pascal Patrick "
    "Paul Philippe Pierre Raphaël Rose Samuel Sarah Simon Sophie Stéphane Sylvie Thomas "
    "Valérie Victor William Yasmine Yves Zoé Priya Wei Ahmed Kofi Mei Arjun Lina Tariq"
)
LAST = _words(
    "Martin Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet "
    "Pelletier Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron "
    "Beaulieu Cloutier Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin Thibault "
    "St-Pierre Nadeau Martel Gilbert Hamel Grenier Lessard Bédard Lachance Bernier Rousseau "
    "Smith Brown Wilson Taylor Campbell Anderson Jones Williams Johnson Lee Wong Singh "
    "Patel Nguyen Chen Kaur Ali Khan Haddad Diallo Traoré Mensah Okafor Silva Santos Garcia "
    "Rossi Müller Kowalski Novak Ivanov Petrov Yilmaz Sato Kim Park Tanaka Liu Zhang Huang "
    "Walsh Murphy Kelly Ryan Byrne Doyle McCarthy Gallagher Quinn Murray Clarke Hughes "
    "Evans Davies Thomas Roberts Lewis Walker Wright Hall Allen Young King Scott Green "
    "Baker Adams Nelson Hill Moore Clark Mitchell Perez Lopez Gonzalez Rivera Torres"
)


def setup_django(members: int) -> None:
    os.environ.setdefault("DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"tremplin-picker-{members}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    import django

    django.setup()


def populate(members: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tremplin.accounts.models import User
    from tremplin.network.models import Connection
    from tremplin.profiles.models import Profile

    call_command("migrate", verbosity=0)
    if User.objects.count() >= members:
        return
    rng = random.Random(17)
    audiences = ["public", "members", "members", "members", "connections", "only_me"]
    started = time.perf_counter()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"picker{i}@bench.example", password="!") for i in range(members)],
            batch_size=5000,
        )
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in users]
        names[-1] = "Ophélie Zwiebelkuchen"  # the rare name
        Profile.objects.bulk_create(
            [
                Profile(
                    user=u,
                    handle=f"picker-{i}",
                    display_name=names[i],
                    basics_visibility=rng.choice(audiences),
                    hidden_from_search=rng.random() < 0.05,
                )
                for i, u in enumerate(users)
            ],
            batch_size=5000,
        )
        ids = [u.pk for u in users]
        pairs = set()
        for uid in ids:
            for other in rng.sample(ids, 5):
                if other != uid:
                    pairs.add((min(uid, other), max(uid, other)))
        Connection.objects.bulk_create(
            [Connection(user_low_id=a, user_high_id=b) for a, b in pairs], batch_size=10000
        )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load (it also empties the trigram indexes'
        # pending lists, which every search would otherwise scan).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"populated {members} members, {len(pairs)} connections in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    setup_django(args.members)
    populate(args.members)

    from django.db import connection

    from tremplin.accounts.models import User
    from tremplin.core.viewer import viewer_of
    from tremplin.profiles.picker import candidates, matching, people_for_picker

    member = User.objects.get(email="picker7@bench.example")
    print(f"{connection.vendor}, {args.members} members, viewer with "
          f"{len(list(viewer_of(member).relation('connections')))} connections")  # fmt: skip
    for text in ("ma", "mart", "tremblay", "marie tremb", "zwiebel", "zqxw"):
        found = people_for_picker(member, text)
        line = timed(lambda text=text: people_for_picker(member, text), args.runs)
        print(f"  {text!r:16} {len(found)} found   {line}")
    if connection.vendor == "postgresql":
        connected = list(viewer_of(member).relation("connections"))
        for text, whose in (("ma", "connections"), ("mart", "others"), ("zwiebel", "others")):
            found = candidates(member).filter(matching(text))
            if whose == "connections":
                found = found.filter(user_id__in=connected)
            else:
                found = found.findable(member).exclude(user_id__in=connected)
            query = found.for_list().order_by("display_name", "pk")[:8]
            print(f"\nplan of the {whose}' query for {text!r}:")
            with connection.cursor() as cursor:
                sql, params = query.query.sql_with_params()
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
                print("\n".join("  " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
