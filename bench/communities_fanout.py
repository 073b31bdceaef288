"""A post in the largest community reaching its members (bench/communities_load.py, c).

The owner posts through `POST /api/v1/feed/posts` with `community` (the community's
slug); the task worker writes the members' timeline rows. Timed from the commit of the
post's row (PostgreSQL's commit timestamps, as bench/jobs_alerts.py does):

- to the commit of the last timeline row of the post (target 0.5 s); the rows are not
  counted while the worker runs: two members' rows are looked up by the unique (owner,
  item) index until both exist, then the rows are counted once;
- to the last of the open websockets (`--sockets` members of the community, on
  /ws/notifications/) that receives an event naming the post (target 1 s).

Each run removes its post (and so its timeline rows) once measured."""

from __future__ import annotations

import asyncio
import json
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import loadkit

WORKER_LOG = Path(tempfile.gettempdir()) / "tremplin-bench-communities-worker.log"


def community_posting_exists() -> bool:
    from tremplin.feed.schemas import PostIn

    return "community" in PostIn.model_fields


def committed_at(sql: str, params: list) -> tuple[int, float | None]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, last = cursor.fetchone()
    connection.close()
    return int(count), float(last) if last is not None else None


def row_exists(owner_id: int, item_id: int) -> bool:
    from django.db import connection

    from tremplin.feed.models import TimelineEntry

    found = TimelineEntry.objects.filter(owner_id=owner_id, item_id=item_id).exists()
    connection.close()
    return found


POST_TEXT = "Rencontre d'information jeudi : qui vient ? (bench)"


def post(base: str, token: str, slug: str) -> tuple[int, dict]:
    body = json.dumps(
        {
            "text": POST_TEXT,
            "audience": "members",
            "community": slug,
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/feed/posts",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **loadkit.FORWARDED,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


async def listen(
    url: str, cookie: str, item: list, heard: dict, ready: list, stop: asyncio.Event, key: int
) -> None:
    import websockets

    async with websockets.connect(
        url,
        additional_headers={"Cookie": cookie, "Origin": loadkit.page_origin(url)},
        max_queue=None,
        open_timeout=60,
    ) as socket:
        hello = json.loads(await socket.recv())
        assert hello.get("type") == "hello", hello
        ready[0] += 1
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), timeout=0.2)
            except TimeoutError:
                continue
            # Kept with its time and matched once the post's id is known: the fan-out
            # now runs on the post's commit, before its HTTP answer, so events can
            # arrive before the id does.
            heard.setdefault(key, []).append((time.time(), raw))


async def one_run(base: str, token: str, community, cookies: dict, probes: list[int]) -> None:
    ws_url = base.replace("http://", "ws://") + "/ws/notifications/"
    heard: dict = {}
    ready = [0]
    item: list = []
    stop = asyncio.Event()
    listeners = [
        asyncio.create_task(listen(ws_url, cookie, item, heard, ready, stop, uid))
        for uid, cookie in cookies.items()
    ]
    while ready[0] < len(cookies):
        await asyncio.sleep(0.05)
    await asyncio.sleep(1)
    sent = time.time()
    status, answer = await asyncio.to_thread(post, base, token, community.slug)
    answered = (time.time() - sent) * 1000
    if status != 201:
        stop.set()
        await asyncio.gather(*listeners, return_exceptions=True)
        print(f"SKIPPED fan-out: posting to a community answered {status}: {answer}")
        return
    item.append(answer["id"])
    started, rows_seen = time.time(), None
    while time.time() - started < 60:
        told = naming(heard, item[0])
        if rows_seen is None and all(
            [await asyncio.to_thread(row_exists, p, item[0]) for p in probes]
        ):
            rows_seen = time.time()
        if rows_seen and len(told) >= len(cookies):
            break
        if rows_seen and time.time() - rows_seen > 5:
            break  # the rows are there; a socket that heard nothing 5 s later will not
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.gather(*listeners, return_exceptions=True)
    await asyncio.to_thread(report, item[0], community, naming(heard, item[0]), len(cookies))
    print(f"  (the POST answered in {answered:.0f} ms)")
    await asyncio.to_thread(remove, item[0])


def naming(heard: dict, item_id: int) -> dict:
    """When each socket first received an event naming the item."""
    told = {}
    for key, events in heard.items():
        times = [at for at, raw in list(events) if str(item_id) in raw]
        if times:
            told[key] = times[0]
    return told


def report(item_id: int, community, heard: dict, sockets: int) -> None:
    _, posted = committed_at(
        "SELECT 1, extract(epoch FROM pg_xact_commit_timestamp(xmin)) FROM feed_item WHERE id = %s",
        [item_id],
    )
    rows, last = committed_at(
        "SELECT count(*), extract(epoch FROM max(pg_xact_commit_timestamp(xmin))) "
        "FROM feed_timelineentry WHERE item_id = %s",
        [item_id],
    )
    rows_after = (last - posted) * 1000 if last and posted else float("nan")
    times = sorted((t - posted) * 1000 for t in heard.values()) if posted else []
    told = (
        f"the last after {times[-1]:.0f} ms (the first after {times[0]:.0f}, the median "
        f"after {times[len(times) // 2]:.0f})"
        if times
        else "none heard of it"
    )
    print(
        f"post {item_id}: {rows:,} timeline rows ({community.member_count:,} members); "
        f"last row committed after {rows_after:.0f} ms; {len(heard)}/{sockets} sockets "
        f"told, {told}"
    )


def remove(item_id: int) -> None:
    from django.db import connection

    from tremplin.feed.models import Item

    Item.objects.filter(pk=item_id).delete()
    connection.close()


def remove_leftovers(owner) -> None:
    """Posts an interrupted run left (and their timeline rows)."""
    from tremplin.feed.models import Item

    Item.objects.filter(author=owner, body=POST_TEXT).delete()


def measure_fan_out(args, base: str, env: dict, community) -> None:
    if not community_posting_exists():
        print(
            "SKIPPED fan-out: the feed's post endpoint has no `community` field yet "
            "(tremplin.feed.schemas.PostIn)"
        )
        return
    from tremplin.api.services import create_token
    from tremplin.communities.models import Membership

    with_commit_timestamps()
    members = Membership.objects.filter(community=community, status="active")
    owner = members.get(role="owner").user
    remove_leftovers(owner)
    token = create_token(owner, "bench communities", can_write=True)[1]
    sample = list(members.exclude(user=owner).order_by("?").select_related("user")[: args.sockets])
    cookies = {m.user_id: loadkit.session_cookie(m.user) for m in sample}
    ids = members.order_by("user_id").values_list("user_id", flat=True)
    probes = [ids.first(), ids.last()]
    worker = subprocess.Popen(
        [
            str(loadkit.VENV_BIN / "python"),
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.02",
        ],
        cwd=loadkit.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=WORKER_LOG.open("w"),
    )
    print(f"(the worker's log: {WORKER_LOG})")
    try:
        print(
            f"\nposts in {community.slug}, {len(cookies)} websockets open "
            "(the first run also warms the worker up)"
        )
        for _ in range(args.runs):
            asyncio.run(one_run(base, token, community, cookies, probes))
    finally:
        loadkit.stop(worker)


def with_commit_timestamps() -> None:
    import sys

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW track_commit_timestamp")
        if cursor.fetchone()[0] != "on":
            sys.exit("PostgreSQL must record commit timestamps: restart bench/pg.sh's cluster.")
