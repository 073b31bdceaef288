"""Home feed under load: wrk (a second process) against the production server set-up
(uvicorn, 2 workers, DEBUG off, PostgreSQL with Django's pool, Redis cache), on the data
of bench/social_data.py (100,000 members, 1,000,000 items, 76 million timeline rows).

Measures, with 4 and 32 concurrent clients: the trivial page (/api/v1/health, the
floor), the home feed API page 1 and page 5, the home feed HTML page 1 and page 5, for a
typical member; then API page 1 for a member with 50 connections and one with 5,000.
Prints requests/s and latency percentiles; asserts nothing.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/feed_load.py [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from social_data import setup_django  # noqa: E402


def member(handle: str | None = None, connections: int | None = None):
    from django.db.models import Q

    from tremplin.accounts.models import User
    from tremplin.network.models import Connection

    if handle:
        return User.objects.get(profile__handle=handle)
    # A typical member: the first generated one with about `connections` connections.
    for user in User.objects.filter(email__endswith="@bench.example").order_by("id")[2:2000]:
        count = Connection.objects.filter(Q(user_low=user) | Q(user_high=user)).count()
        if abs(count - connections) <= 10:
            return user
    raise SystemExit("no member of that size")


def cursor_of_page(base: str, token: str, page: int) -> str:
    """Walk the API to the cursor that opens page `page`."""
    cursor = ""
    for _ in range(page - 1):
        query = f"?cursor={urllib.parse.quote(cursor)}" if cursor else ""
        request = urllib.request.Request(
            f"{base}/api/v1/feed/{query}",
            headers={"Authorization": f"Bearer {token}", **loadkit.FORWARDED},
        )
        with urllib.request.urlopen(request) as response:
            cursor = json.load(response)["next_cursor"]
    return cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--quick", action="store_true", help="only the floor and the API pages, 4 clients"
    )
    args = parser.parse_args()
    setup_django()
    from tremplin.network.models import Connection

    people = {
        "typical (about 150 connections)": member(connections=150),
        "small network (50 connections)": member("bench-small"),
        "large network (5,000 connections)": member("bench-big"),
    }
    for label, user in people.items():
        size = Connection.objects.filter(user_low=user).count()
        size += Connection.objects.filter(user_high=user).count()
        print(f"{label}: member {user.pk}, {size} connections")
    tokens = {label: loadkit.api_tokens(user, 120) for label, user in people.items()}
    cookies = {label: loadkit.session_cookie(user) for label, user in people.items()}

    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env, workers=args.workers)
    try:
        typical = "typical (about 150 connections)"
        token_file = {k: loadkit.header_file([f"Authorization: Bearer {t}" for t in v])
                      for k, v in tokens.items()}  # fmt: skip
        cookie_file = {k: loadkit.header_file([f"Cookie: {v}"]) for k, v in cookies.items()}
        page5 = urllib.parse.quote(cursor_of_page(base, tokens[typical][0], 5))
        runs = [
            ("trivial page (/api/v1/health)", "/api/v1/health", None),
            ("feed API page 1", "/api/v1/feed/", token_file[typical]),
            ("feed API page 5", f"/api/v1/feed/?cursor={page5}", token_file[typical]),
            ("feed HTML page 1", "/fr/", cookie_file[typical]),
            ("feed HTML page 5", f"/fr/?cursor={page5}", cookie_file[typical]),
        ]
        if args.quick:
            runs = runs[:3]
        loadkit.wrk(base + "/api/v1/feed/", token_file[typical], 4, 5)  # warm-up
        if not args.quick:
            loadkit.wrk(base + "/fr/", cookie_file[typical], 4, 5)
        print(f"\n{args.seconds} s per run, wrk with 2 threads; latency in ms")
        for clients in (4,) if args.quick else (4, 32):
            print(f"-- {clients} concurrent clients, {typical}")
            for label, path, headers in runs:
                result = loadkit.wrk(base + path, headers, clients, args.seconds)
                print(loadkit.line(label, result))
        print("-- network size (feed API page 1, 4 clients)")
        for label in [] if args.quick else people:
            result = loadkit.wrk(base + "/api/v1/feed/", token_file[label], 4, args.seconds)
            print(loadkit.line(label, result))
    finally:
        loadkit.stop(server)
        loadkit.stop(redis)


if __name__ == "__main__":
    main()
