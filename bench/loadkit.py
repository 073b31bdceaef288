"""Shared pieces of the load benchmarks: a production-like server (uvicorn, DEBUG off,
PostgreSQL with Django's connection pool, Redis for cache and channel layer), credentials
for generated members, and wrk runs that report requests/s and latency percentiles.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
# Production runs behind a TLS-terminating proxy that says so (SECURE_PROXY_SSL_HEADER).
FORWARDED = {"X-Forwarded-Proto": "https"}
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TREMPLIN_BEHIND_PROXY": "1",  # trusts X-Forwarded-Proto, like production
        "TREMPLIN_DEMO_MODE": "1",  # generated members have no TOTP; nothing else changes
        "DJANGO_SETTINGS_MODULE": "tremplin.settings",
    }
    env.update(extra)
    return env


def start_redis() -> tuple[str, subprocess.Popen]:
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="tremplin-bench-redis-")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0", process


def start_server(env: dict[str, str], workers: int = 2) -> tuple[str, subprocess.Popen]:
    """uvicorn as `make run` starts it, with `workers` processes and no access log."""
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "uvicorn"), "tremplin.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--no-access-log",
         "--log-level", "warning", "--lifespan", "off", "--no-server-header",
         "--no-proxy-headers"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            probe = urllib.request.Request(base + "/api/v1/health", headers=FORWARDED)
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return base, process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the server did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def api_tokens(user, count: int = 50) -> list[str]:
    """`count` read tokens for one member: wrk rotates through them so the per-token
    rate limit (300 a minute) does not cap the benchmark."""
    from tremplin.api.services import create_token

    return [create_token(user, f"bench {i}", can_write=False)[1] for i in range(count)]


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def header_file(lines: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".headers", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    return handle.name


def wrk(
    url: str, headers: str | None, connections: int, seconds: int = 15, settle: float = 3
) -> dict:
    """One wrk run (2 threads, as many as there are cores); returns its JSON summary.

    It starts `settle` seconds after it is called: when a run with 32 clients on a slow
    page ends, the requests it had queued are still being served for a second or two,
    and a run started at once measured that backlog (p99 of 270-800 ms on a page whose
    p99 is 30 ms on a drained server)."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    time.sleep(settle)
    env = {**os.environ, "WRK_HEADERS": headers or ""}
    if not headers:
        env.pop("WRK_HEADERS")
    output = subprocess.run(
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
         "--timeout", "5s", "-s", str(WRK_SCRIPT), url],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def line(label: str, result: dict) -> str:
    return (
        f"{label:<44} {result['rps']:7.1f} req/s  p50 {result['p50']:6.2f}  "
        f"p95 {result['p95']:6.2f}  p99 {result['p99']:6.2f} ms"
        + (f"  NOT 200: {result['non2xx']}" if result["non2xx"] else "")
        + (f"  socket errors {result['socket_errors']}" if result["socket_errors"] else "")
    )


def page_origin(websocket_url: str) -> str:
    """The Origin a page of the server at `websocket_url` sends with its socket (the
    server refuses any other: tremplin.core.websockets)."""
    from urllib.parse import urlsplit

    parts = urlsplit(websocket_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


def setup_in_process(sqlite_name: str) -> None:
    """Django in this process as production runs it (DEBUG off: DEBUG logs every query's
    SQL and parameters, ~20 ms of a ranking with its lists of ids), on DATABASE_URL or,
    without it, a scratch SQLite file named `sqlite_name` kept between runs."""
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("TREMPLIN_TASKS_IMMEDIATE", "0")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"{sqlite_name}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    import django

    django.setup()


def timed(fn, runs: int, warm_up: int = 1) -> str:
    """p50 and p95 in ms of `fn(i)` over `runs` calls, after `warm_up` untimed ones."""
    import statistics

    for i in range(warm_up):
        fn(i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return f"p50 {statistics.median(samples):7.2f} ms  p95 {p95:7.2f} ms"


def machine_speed() -> str:
    """This machine's pace at the moment (a pure Python loop of 10^7 additions): on a
    shared machine the same code ran 1.8 to 2.4 times slower at some hours than at others, so
    the figures are printed beside it."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return f"10^7 additions in {time.perf_counter() - start:.2f} s"
