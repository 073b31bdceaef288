"""Two server processes, one Redis: an event caused through process A reaches a
websocket held on process B. This is what lets Tremplin run N ASGI processes behind a
load balancer (settings: REDIS_URL selects the Redis channel layer).

Both uvicorn processes use the test database: the PostgreSQL test database when the
suite runs on PostgreSQL (scripts/with_services.sh), else a file copy of the in-memory
SQLite test database made after the test data is committed (sqlite3's backup API).
Redis is REDIS_URL when set, else a throw-away redis-server on a loopback port.
Under CI a missing Redis fails the test; elsewhere it is a visible skip.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import free_port, wait_for_port
from tests.factories import UserFactory
from tremplin.api.services import create_token

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_subprocesses(tmp_path: Path) -> str:
    """A URL the server processes can open, holding what this test committed."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    assert connection.vendor == "sqlite"
    copy = tmp_path / "two-processes.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{copy}"


@pytest.fixture
def two_servers(redis_url, tmp_path):
    """Starts processes A and B on loopback; yields a function giving their ports
    (call it once the test data is committed)."""
    processes: list[subprocess.Popen] = []
    logs = []

    def start() -> tuple[int, int]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tremplin.settings",
            "TREMPLIN_TESTING": "1",
            "TREMPLIN_TASKS_IMMEDIATE": "1",
            "DATABASE_URL": database_url_for_subprocesses(tmp_path),
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TREMPLIN_VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "",
        }
        ports = []
        for name in ("A", "B"):
            port = free_port()
            log = open(tmp_path / f"server-{name}.log", "w")  # noqa: SIM115
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "tremplin.asgi:application",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--lifespan",
                        "off",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            ports.append(port)
        for name, port, process in zip("AB", ports, processes, strict=True):
            wait_for_port(port, process, f"server {name}")
        return ports[0], ports[1]

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs:
        log.close()


def test_an_event_caused_on_process_a_reaches_a_websocket_on_process_b(two_servers, tmp_path):
    from websockets.sync.client import connect

    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy")
    browser = Client()
    browser.force_login(alice)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    _token, raw_token = create_token(bob, "two processes", can_write=True)

    port_a, port_b = two_servers()

    origin = f"http://127.0.0.1:{port_b}"
    with connect(
        f"ws://127.0.0.1:{port_b}/ws/notifications/",
        origin=origin,  # type: ignore[arg-type]
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
        open_timeout=20,
    ) as socket_on_b:
        assert json.loads(socket_on_b.recv(timeout=20)) == {"type": "hello"}

        # Bob asks Alice to connect, through process A's API.
        request = urllib.request.Request(  # noqa: S310 (loopback only)
            f"http://127.0.0.1:{port_a}/api/v1/network/requests",
            data=json.dumps({"handle": alice.profile.handle}).encode(),
            headers={"Authorization": f"Bearer {raw_token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            assert response.status == 201

        event = json.loads(socket_on_b.recv(timeout=30))

    assert event["type"] == "notification"
    assert event["kind"] == "connection_request"
    assert event["unread"] == 1
