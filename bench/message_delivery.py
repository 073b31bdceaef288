"""Live message delivery: 1,000 members hold a websocket each (one tab), in 500
one-to-one conversations; senders post messages through the API and we time each one
from the moment its POST leaves until the recipient's socket receives the event.

The server runs as in production: uvicorn with 2 workers, PostgreSQL, Redis for the
channel layer, and the task worker (Procfile). Needs the data of
bench/social_data.py (it uses members 1,000 to 1,999 of it).

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/message_delivery.py
        [--clients 1000] [--messages 2000] [--senders 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from social_data import setup_django  # noqa: E402


def prepare(clients: int):
    """Members, their connections and conversations, session cookies and tokens."""
    from django.db import transaction

    from tremplin.accounts.models import User
    from tremplin.messaging import services
    from tremplin.messaging.models import Conversation
    from tremplin.network.services import connect

    members = list(
        User.objects.filter(email__endswith="@bench.example").order_by("id")[1000 : 1000 + clients]
    )
    pairs = [(members[i], members[i + 1]) for i in range(0, len(members) - 1, 2)]
    conversations = []
    with transaction.atomic():
        for a, b in pairs:
            connect(a, b)
            found = Conversation.objects.filter(participants__user=a).filter(participants__user=b)
            conversation = found.first()
            if conversation is None:
                conversation, _ = services.start_conversation(a, [b], "Bonjour !")
            conversations.append((conversation.pk, a, b))
    cookies = {m.pk: loadkit.session_cookie(m) for m in members}
    from tremplin.api.services import create_token

    tokens = {m.pk: create_token(m, "bench", can_write=True)[1] for m in members}
    return conversations, cookies, tokens


async def listen(url: str, cookie: str, user_id: int, inbox: dict, ready: asyncio.Event,
                 counter: list[int], total: int, stop: asyncio.Event) -> None:  # fmt: skip
    import websockets

    async with websockets.connect(
        url,
        additional_headers={"Cookie": cookie, "Origin": loadkit.page_origin(url)},
        max_queue=None,
        open_timeout=60,
    ) as socket:
        hello = json.loads(await socket.recv())
        assert hello.get("type") == "hello", hello
        counter[0] += 1
        if counter[0] == total:
            ready.set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), timeout=0.5)
            except TimeoutError:
                continue
            event = json.loads(raw)
            if event.get("type") == "message" and not event.get("mine"):
                inbox[(event["conversation"], user_id)] = time.perf_counter()


def send_all(base: str, plan: list, tokens: dict, sent: dict, posted: list, lock) -> None:
    for conversation, sender, recipient in plan:
        body = json.dumps({"body": f"Message {random.random():.6f}"}).encode()
        request = urllib.request.Request(
            f"{base}/api/v1/messages/conversations/{conversation}/messages",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {tokens[sender]}",
                "Content-Type": "application/json",
                **loadkit.FORWARDED,
            },
        )
        started = time.perf_counter()
        with lock:
            sent[(conversation, recipient)] = started
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 201, response.status
        posted.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def run(base: str, conversations, cookies, tokens, messages: int, senders: int) -> None:
    ws_url = base.replace("http://", "ws://") + "/ws/notifications/"
    inbox: dict = {}
    ready, stop = asyncio.Event(), asyncio.Event()
    counter = [0]
    listeners = []
    started = time.perf_counter()
    for user_id, cookie in cookies.items():
        listeners.append(
            asyncio.create_task(
                listen(ws_url, cookie, user_id, inbox, ready, counter, len(cookies), stop)
            )
        )
        await asyncio.sleep(0.002)
    await asyncio.wait_for(ready.wait(), timeout=120)
    print(f"{len(cookies)} websockets connected in {time.perf_counter() - started:.1f} s")

    # Each sender thread owns a share of the conversations, one message in flight per
    # conversation (so a receipt is matched to its message), alternating directions.
    rng = random.Random(3)
    shares: list[list] = [[] for _ in range(senders)]
    for n in range(messages):
        conversation, a, b = conversations[n % len(conversations)]
        sender, recipient = (a, b) if rng.random() < 0.5 else (b, a)
        shares[(n % len(conversations)) % senders].append((conversation, sender.pk, recipient.pk))
    sent: dict = {}
    posted: list[float] = []
    latencies: list[float] = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=send_all, args=(base, share, tokens, sent, posted, lock))
        for share in shares
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    seen: dict = {}
    while any(t.is_alive() for t in threads) or len(seen) < len(sent):
        await asyncio.sleep(0.005)
        with lock:
            for key, at in list(inbox.items()):
                if key in sent and at >= sent[key] and seen.get(key) != sent[key]:
                    latencies.append((at - sent[key]) * 1000)
                    seen[key] = sent[key]
        if time.perf_counter() - began > 600:
            break
        if not any(t.is_alive() for t in threads):
            await asyncio.sleep(2)  # the last receipts
            with lock:
                for key, at in list(inbox.items()):
                    if key in sent and at >= sent[key] and seen.get(key) != sent[key]:
                        latencies.append((at - sent[key]) * 1000)
                        seen[key] = sent[key]
            break
    elapsed = time.perf_counter() - began
    stop.set()
    await asyncio.gather(*listeners, return_exceptions=True)
    print(f"{len(posted)} messages sent in {elapsed:.1f} s ({len(posted) / elapsed:.0f}/s) "
          f"by {senders} senders; {len(latencies)} deliveries timed")  # fmt: skip
    for label, values in (("POST answered", posted), ("delivered to the socket", latencies)):
        print(f"{label:<25} p50 {statistics.median(values):6.1f}  "
              f"p95 {percentile(values, 0.95):6.1f}  p99 {percentile(values, 0.99):6.1f} ms  "
              f"(max {max(values):.1f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=4)
    args = parser.parse_args()
    setup_django()
    conversations, cookies, tokens = prepare(args.clients)
    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env)
    workers = [
        subprocess.Popen(
            [str(loadkit.VENV_BIN / "python"), "manage.py", "run_worker", "--no-reload", *extra],
            cwd=loadkit.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for extra in ([],)
    ]
    try:
        with urllib.request.urlopen(
            urllib.request.Request(base + "/api/v1/health", headers=loadkit.FORWARDED)
        ):
            pass
        asyncio.run(run(base, conversations, cookies, tokens, args.messages, args.senders))
    finally:
        for process in (*workers, server, redis):
            loadkit.stop(process)


if __name__ == "__main__":
    main()
