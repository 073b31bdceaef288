"""Communities under load (issue 16), on the data of bench/communities_data.py.

The production-like server of bench/loadkit.py (uvicorn with 2 workers, DEBUG off,
PostgreSQL with Django's pool, Redis for cache and channel layer), wrk with 4 clients
(2 threads), 15 s a line; in the same run:

a. the directory search page, signed in (20 members' sessions in rotation), a mix of
   queries: a word (broad and rare), a topic, a region, a name prefix, a word and a
   region, a place ordered by activity, in French and English (target: p95 at most
   50 ms);
b. the thread page of the thread of 500 replies, pages 1 to 10 of 50 in rotation, as a
   member of its community (target: p95 at most 50 ms), and the number of queries of
   pages 1, 5 and 10 counted in-process (they must be equal);
c. a post in the largest community (20,000 members) through the feed's post endpoint
   (`POST /api/v1/feed/posts` with `community`), with the task worker running: from
   the post's commit to the commit of the last member's timeline row (PostgreSQL's
   commit timestamps; target 0.5 s), and to the last of `--sockets` open websockets of
   members that hears of it (target 1 s);
d. the trivial page (`/api/v1/health`).

Each measurement whose page or endpoint is not there yet says so and is skipped (the
pages are built by other parts of issue 16). Prints numbers; asserts nothing.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/communities_load.py
        [--seconds 15] [--clients 4] [--sockets 200] [--runs 3] [--only directory]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from communities_data import BIG_THREAD_TITLE, SLUG_PREFIX  # noqa: E402
from social_data import setup_django  # noqa: E402

WRK_SCRIPT = Path(__file__).resolve().parent / "communities_wrk.lua"
PAGES = range(1, 11)
# The directory mix: a broad topic, a rare one, a region, name prefixes, word + region.
DIRECTORY_QUERIES = [
    "/fr/communities/?q=emploi",
    "/en/communities/?q=sante",
    "/fr/communities/?q=zythologie",
    "/fr/communities/?region=QC",
    "/en/communities/?region=NB",
    "/fr/communities/?q=Soud",
    "/en/communities/?q=Weld",
    "/fr/communities/?q=informatique&region=ON",
    "/en/communities/?q=newcomers&region=ON",
    "/fr/communities/?topic=entrevue",
    "/en/communities/?q=toronto&order=active",
]


def wrk(base: str, paths: list[str], headers: str | None, clients: int, seconds: int) -> dict:
    """One wrk run rotating through `paths` (bench/communities_wrk.lua), after a 3 s
    settle as loadkit.wrk does."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    time.sleep(3)
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    env = {**os.environ, "WRK_PATHS": handle.name}
    if headers:
        env["WRK_HEADERS"] = headers
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, clients)),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(WRK_SCRIPT),
            base + paths[0],
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def route(name: str, *args: object) -> str | None:
    """The path of a named page, or None when that page does not exist yet."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    try:
        with translation.override("fr"):
            return reverse(name, args=args)
    except NoReverseMatch:
        return None


def the_data():
    """(the largest community, the thread of 500 replies, 20 signed-in viewers who are
    members of the largest community)."""
    from tremplin.communities.models import Community, Membership, Thread

    community = Community.objects.filter(slug=f"{SLUG_PREFIX}1").first()
    if community is None:
        sys.exit("No generated communities: run bench/communities_data.py first.")
    thread = Thread.objects.get(community=community, title=BIG_THREAD_TITLE)
    viewers = list(
        Membership.objects.filter(community=community, status="active", role="member")
        .order_by("id")
        .select_related("user")[:20]
    )
    return community, thread, [m.user for m in viewers]


def query_counts(viewer, paths: dict[str, str]) -> None:
    """Queries of one GET of each page, in-process, after a first GET (what a member
    pays on every later visit; tests/budgets measures the same way)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)
    client.force_login(viewer)
    logging.disable(logging.ERROR)  # a page that fails says so by its status below
    for label, path in paths.items():
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        print(f"  {label:<40} {len(captured):3d} queries (HTTP {response.status_code})")
    logging.disable(logging.NOTSET)


def run_pages(args, base: str, thread_path: str | None, cookies: str) -> None:
    directory = route("communities:directory")
    runs = [("trivial page (/api/v1/health)", ["/api/v1/health"], None)]
    if directory is None:
        print("SKIPPED directory search: the route communities:directory does not exist yet")
    else:
        runs.append(("directory search, 11 queries in rotation", DIRECTORY_QUERIES, cookies))
    if thread_path is None:
        print("SKIPPED thread page: the route communities:thread does not exist yet")
    else:
        pages = [f"{thread_path}?page={n}" for n in PAGES]
        runs.append(("thread of 500 replies, pages 1-10", pages, cookies))
    runs = [run for run in runs if args.only in run[0] or run[2] is None]
    for label, paths, headers in list(runs):
        answers = {path: status_of(base, path, headers) for path in paths}
        wrong = {path: status for path, status in answers.items() if status != 200}
        if wrong:
            print(f"SKIPPED {label}: not every page answers 200 yet: {wrong}")
            runs.remove((label, paths, headers))
    for _label, paths, headers in runs:  # warm-up: templates, plans, caches
        wrk(base, paths, headers, args.clients, 3)
    print(f"\n{args.seconds} s per run, {args.clients} clients, wrk with 2 threads; ms")
    for label, paths, headers in runs:
        print(loadkit.line(label, wrk(base, paths, headers, args.clients, args.seconds)))


def request(url: str, header_file: str | None, **kwargs) -> urllib.request.Request:
    headers = dict(loadkit.FORWARDED)
    if header_file:
        name, value = Path(header_file).read_text().splitlines()[0].split(": ", 1)
        headers[name] = value
    return urllib.request.Request(url, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)


def status_of(base: str, path: str, header_file: str | None) -> int:
    try:
        with urllib.request.urlopen(request(base + path, header_file)) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="posts in the largest community")
    parser.add_argument("--only", default="", help="run only the lines whose label has this")
    args = parser.parse_args()
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("TREMPLIN_DEMO_MODE", "1")
    os.environ.setdefault("TREMPLIN_BEHIND_PROXY", "1")
    setup_django()
    from django.db import connection

    community, thread, viewers = the_data()
    print(
        f"{connection.vendor}; largest community {community.slug}: "
        f"{community.member_count:,} members; thread {thread.pk}: "
        f"{thread.reply_count} replies"
    )
    thread_path = route("communities:thread", thread.pk)
    counted = {f"thread page {n}": f"{thread_path}?page={n}" for n in (1, 5, 10)}
    if thread_path is None:
        counted = {}
    directory = route("communities:directory")
    if directory:
        counted["directory ?q=emploi"] = f"{directory}?q=emploi"
    cookies = loadkit.header_file([f"Cookie: {loadkit.session_cookie(v)}" for v in viewers])
    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env, workers=args.workers)  # collects static files
    try:
        print("queries per page (in-process, a member of the community):")
        query_counts(viewers[0], counted)
        if "post" in args.only or not args.only:
            from communities_fanout import measure_fan_out

            measure_fan_out(args, base, env, community)
        run_pages(args, base, thread_path, cookies)
    finally:
        loadkit.stop(server)
        loadkit.stop(redis)


if __name__ == "__main__":
    main()
