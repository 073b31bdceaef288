"""Fixtures of the job import tests: a local HTTP server on 127.0.0.1 (in a thread), the
setting that allows it, feed files from data/, and sources of alice's agency (greta is
its admin; dave and erin its counsellors; frank a counsellor of another agency)."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from tremplin.job_imports import services

DATA = Path(__file__).parent / "data"


def feed_bytes(name: str) -> bytes:
    """A file of data/, with {{VALID_THROUGH}} replaced by a date 60 days from today."""
    until = (timezone.localdate() + timedelta(days=60)).isoformat()
    return (DATA / name).read_bytes().replace(b"{{VALID_THROUGH}}", until.encode())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):  # noqa: N802 (http.server's name)
        server = self.server
        server.requests.append((self.path, self.headers.get("Host", "")))  # type: ignore[attr-defined]
        route = server.routes.get(self.path)  # type: ignore[attr-defined]
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers, body = route
        self.send_response(status)
        send_length = True
        for name, value in headers.items():
            if name == "X-No-Length":
                send_length = False
                continue
            self.send_header(name, value)
        if send_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


class LocalServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def routes(self) -> dict:
        return self.httpd.routes  # type: ignore[attr-defined]

    @property
    def requests(self) -> list:
        return self.httpd.requests  # type: ignore[attr-defined]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes, *, status: int = 200, **headers: str) -> str:
        headers = {"Content-Type": "application/rss+xml", **headers}
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": to}, b"")
        return self.url(path)


@pytest.fixture
def local_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def allow_local(settings):
    settings.JOB_IMPORTS_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def feed_source(crew, local_server, allow_local):
    """An RSS source of alice's agency served by the local server (empty until served)."""
    return services.create_source(
        crew.greta,
        crew.agency,
        {"name": "Indeed Ottawa", "kind": "rss_atom", "url": local_server.url("/feed.xml")},
    )


@pytest.fixture
def csv_source(crew):
    return services.create_source(
        crew.greta, crew.agency, {"name": "Fichier des employeurs", "kind": "csv"}
    )
