"""Job search under load: wrk against the production server set-up (uvicorn, 2 workers,
DEBUG off, PostgreSQL with Django's pool, Redis), on the data of bench/jobs_data.py
(50,000 open postings). For selective queries (a rare trade, two words, filters) and
broad ones ("emploi", "job": a large share of the postings) sorted by relevance and by
date, anonymously and signed in (the visibility rule joins more), prints requests/s and
latency percentiles (p50/p95/p99). Target: p95 under 50 ms, broad queries included.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/jobs_search.py
        [--seconds 10] [--clients 4]
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from social_data import setup_django  # noqa: E402

QUERIES = [
    ("selective: one rare trade", {"q": "archiviste"}),
    ("selective: two words", {"q": "soudeur python"}),
    ("selective: word + region + salary", {"q": "comptable", "region": "QC", "min_salary": 40000}),
    ("selective: filters only, remote", {"remote": "true", "employment_type": "CONTRACTOR"}),
    ("broad: emploi (relevance)", {"q": "emploi"}),
    ("broad: job (relevance)", {"q": "job"}),
    ("broad: emploi (date)", {"q": "emploi", "sort": "date"}),
    ("broad: job (date, page 2 by cursor)", {"q": "job", "sort": "date", "cursor": "@"}),
    ("no keyword: newest", {}),
]  # fmt: skip


def member():
    from tremplin.accounts.models import User

    user = User.objects.filter(email__endswith="@bench.example").order_by("id")[5000:5001].first()
    if user is None:
        sys.exit("No bench members: run bench/social_data.py or bench/jobs_data.py first.")
    return user


def first_cursor(base: str, params: dict) -> str:
    import json
    import urllib.request

    query = urllib.parse.urlencode({k: v for k, v in params.items() if k != "cursor"})
    request = urllib.request.Request(
        f"{base}/api/v1/job-alerts/search?{query}", headers=loadkit.FORWARDED
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)["next_cursor"] or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--only", default="", help="run the queries whose label has this")
    args = parser.parse_args()
    setup_django()
    from tremplin.jobs.models import Posting

    print(f"{Posting.objects.open().count():,} open postings")
    tokens = loadkit.api_tokens(member(), 120)
    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env, workers=args.workers)
    try:
        token_file = loadkit.header_file([f"Authorization: Bearer {t}" for t in tokens])
        loadkit.wrk(base + "/api/v1/job-alerts/search?q=emploi", None, args.clients, 5)
        print(f"\n{args.seconds} s per run, {args.clients} clients; latency in ms")
        for who, headers in (("anonymous", None), ("signed in", token_file)):
            print(f"-- {who}")
            for label, params in QUERIES:
                if args.only not in label:
                    continue
                params = dict(params)
                if params.get("cursor") == "@":
                    params["cursor"] = first_cursor(base, params)
                url = f"{base}/api/v1/job-alerts/search?{urllib.parse.urlencode(params)}"
                result = loadkit.wrk(url, headers, args.clients, args.seconds)
                print(loadkit.line(label, result))
    finally:
        loadkit.stop(server)
        loadkit.stop(redis)


if __name__ == "__main__":
    main()
