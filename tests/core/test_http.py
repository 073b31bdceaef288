"""HTTP through Django's synchronous handler in a worker thread (tremplin.core.http):
what a request carries in, what the response carries out, and the whole application
(tremplin.asgi) answering pages, the API and uploads that way."""

from __future__ import annotations

import io
import json

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

from tests.feed.conftest import png_bytes
from tremplin.api.services import create_token
from tremplin.core.http import SyncHTTPApplication, wsgi_environ

# Both databases: requests in worker threads, each giving its connection back (PostgreSQL's pool).
pytestmark = pytest.mark.both_databases


def scope(path: str, method: str = "GET", headers=(), query: bytes = b"", **extra) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
        **extra,
    }


async def call(app, request_scope: dict, *chunks: bytes) -> tuple[dict, bytes]:
    communicator = ApplicationCommunicator(app, request_scope)
    parts = list(chunks) or [b""]
    for n, chunk in enumerate(parts):
        await communicator.send_input(
            {"type": "http.request", "body": chunk, "more_body": n < len(parts) - 1}
        )
    start = await communicator.receive_output(timeout=20)
    body = await communicator.receive_output(timeout=20)
    await communicator.wait(timeout=5)
    return start, body["body"]


def header(start: dict, name: bytes) -> list[bytes]:
    return [value for key, value in start["headers"] if key == name]


def test_the_environ_follows_pep_3333(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the peer is our proxy: X-Forwarded-* kept
    environ = wsgi_environ(
        scope(
            "/app/fr/é",
            method="POST",
            headers=[
                (b"content-type", b"text/plain"),
                (b"content-length", b"3"),
                (b"accept", b"text/html"),
                (b"accept", b"application/json"),
                (b"x-forwarded-proto", b"https"),
            ],
            query=b"a=1&b=%C3%A9",
            root_path="/app",
        ),
        io.BytesIO(b"abc"),
    )
    assert environ["REQUEST_METHOD"] == "POST"
    assert environ["SCRIPT_NAME"] == "/app"
    assert environ["PATH_INFO"] == "/fr/é".encode().decode("latin1")  # WSGI's bytes-as-latin1
    assert environ["QUERY_STRING"] == "a=1&b=%C3%A9"
    assert environ["CONTENT_TYPE"] == "text/plain" and environ["CONTENT_LENGTH"] == "3"
    assert environ["HTTP_ACCEPT"] == "text/html,application/json"  # repeated headers joined
    assert environ["HTTP_X_FORWARDED_PROTO"] == "https"
    assert environ["REMOTE_ADDR"] == "127.0.0.1"
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"]) == ("127.0.0.1", "8000")
    assert environ["wsgi.input"].read() == b"abc"


def request(app, request_scope: dict, *chunks: bytes) -> tuple[dict, bytes]:
    return async_to_sync(call)(app, request_scope, *chunks)


@pytest.mark.django_db(transaction=True)
def test_pages_come_back_whole_with_every_header_and_cookie():
    app = SyncHTTPApplication(threads=2)
    start, body = request(app, scope("/fr/accounts/login/"))
    assert start["status"] == 200
    assert b'<html lang="fr"' in body
    assert header(start, b"content-security-policy")
    cookies = header(start, b"set-cookie")
    assert any(c.startswith(b"csrftoken=") for c in cookies), cookies
    start, body = request(app, scope("/api/v1/health"))
    assert start["status"] == 200 and json.loads(body)
    start, _body = request(app, scope("/fr/nothing-here/"))
    assert start["status"] == 404


@pytest.mark.django_db(transaction=True)
def test_a_body_sent_in_several_parts_reaches_the_view_whole(settings):
    from tests.factories import UserFactory

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the body goes to a temporary file
    _token, raw = create_token(UserFactory(), "tests", can_write=True)
    boundary = b"----tremplin"
    picture = png_bytes(size=(300, 200))
    form = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="p.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + picture + b"\r\n"
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="alt"\r\n\r\nUn graphique\r\n'
        b"--" + boundary + b"--\r\n"
    )
    middle = len(form) // 2
    start, body = request(
        SyncHTTPApplication(threads=2),
        scope(
            "/api/v1/feed/images",
            method="POST",
            headers=[
                (b"authorization", b"Bearer " + raw.encode()),
                (b"content-type", b"multipart/form-data; boundary=" + boundary),
                (b"content-length", str(len(form)).encode()),
            ],
        ),
        form[:middle],
        form[middle:],
    )
    assert start["status"] == 201, body
    answer = json.loads(body)
    assert answer["alt"] == "Un graphique" and answer["width"] == 300


def test_a_client_gone_before_its_request_ends_gets_no_answer():
    async def gone() -> bool:
        communicator = ApplicationCommunicator(SyncHTTPApplication(threads=1), scope("/fr/"))
        await communicator.send_input({"type": "http.disconnect"})
        await communicator.wait(timeout=5)
        return await communicator.receive_nothing()

    assert async_to_sync(gone)()


@pytest.mark.django_db(transaction=True)
def test_the_application_serves_http_this_way():
    from tremplin.asgi import application

    start, body = request(application, scope("/en/"))
    assert start["status"] == 200 and b'<html lang="en"' in body


def _peer(client: str, forwarded_for: bytes | None, settings, trusted: list[str]) -> dict:
    settings.TRUSTED_PROXIES = trusted
    headers = [(b"x-forwarded-proto", b"https")]
    if forwarded_for is not None:
        headers.append((b"x-forwarded-for", forwarded_for))
    return wsgi_environ(scope("/", headers=headers, client=(client, 4444)), io.BytesIO())


def test_nobody_but_our_proxies_chooses_the_address_limits_count(settings):
    """X-Forwarded-For from a peer that is not one of our proxies (a loopback one
    included, when no proxy is configured) is dropped with X-Forwarded-Proto: the address
    is the peer's."""
    environ = _peer("127.0.0.1", b"203.0.113.9", settings, [])
    assert environ["REMOTE_ADDR"] == "127.0.0.1"
    assert "HTTP_X_FORWARDED_FOR" not in environ
    assert "HTTP_X_FORWARDED_PROTO" not in environ
    environ = _peer("198.51.100.7", b"203.0.113.9", settings, ["10.0.0.2"])
    assert environ["REMOTE_ADDR"] == "198.51.100.7"


def test_behind_our_proxy_the_address_is_the_client_it_names(settings):
    """The right-most address that is not one of our proxies: what a client writes in
    the header itself (to the left) is not believed."""
    environ = _peer("10.0.0.2", b"6.6.6.6, 203.0.113.9", settings, ["10.0.0.2"])
    assert environ["REMOTE_ADDR"] == "203.0.113.9"
    assert environ["HTTP_X_FORWARDED_PROTO"] == "https"
    two_proxies = _peer("10.0.0.2", b"203.0.113.9, 10.0.0.3", settings, ["10.0.0.2", "10.0.0.3"])
    assert two_proxies["REMOTE_ADDR"] == "203.0.113.9"
    assert _peer("10.0.0.2", None, settings, ["10.0.0.2"])["REMOTE_ADDR"] == "10.0.0.2"


@pytest.mark.parametrize(
    "path, language_word", [("/fr/messages/", "volumineuse"), ("/en/messages/", "too large")]
)
def test_a_body_over_the_cap_is_refused_before_it_is_read(settings, path, language_word):
    """A 413 in the address's language, whether the body says its length or not; what
    lies beyond the cap is never read."""
    settings.TREMPLIN_MAX_REQUEST_BYTES = 1000
    app = SyncHTTPApplication(threads=1)
    declared = scope(path, method="POST", headers=[(b"content-length", b"5000")])
    start, body = async_to_sync(call)(app, declared, b"x" * 500)
    assert start["status"] == 413
    assert language_word in body.decode()
    undeclared = scope(path, method="POST")
    start, body = async_to_sync(call)(app, undeclared, b"x" * 600, b"x" * 600, b"x" * 600)
    assert start["status"] == 413


def test_the_api_says_so_in_json(settings):
    settings.TREMPLIN_MAX_REQUEST_BYTES = 1000
    app = SyncHTTPApplication(threads=1)
    request = scope("/api/v1/messaging/conversations", method="POST")
    start, body = async_to_sync(call)(app, request, b"x" * 2000)
    assert start["status"] == 413
    assert header(start, b"content-type") == [b"application/json"]
    assert "detail" in json.loads(body)
