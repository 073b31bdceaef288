"""HTTP requests through Django's synchronous handler, one thread hop per request.

uvicorn speaks ASGI, and websockets stay with Channels' async consumers; but every page
and API endpoint here is synchronous (DESIGN.md: domain code stays synchronous). Django's
own ASGI handler runs such a project through asgiref's adapters: each synchronous
middleware, each `process_request`/`process_response`/`process_view` of the others, and
the view itself crossed between the event loop and a thread, several times a request.
Measured with uvicorn on 2 cores (bench/README.md): the trivial page answered 480
requests/s through Django's ASGI handler and about 2,400 through this one.

So this application reads the request body on the event loop, runs the whole request
(middleware, view, response) in a worker thread through Django's WSGI handler, exactly as
a threaded WSGI server would, and sends the response from the event loop. Several threads
serve requests side by side: one waits for PostgreSQL while another computes.

Streaming responses are gathered before they are sent: Django's ASGI handler does the
same with synchronous iterators (our files are small: pictures, attachments, photos).
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from tremplin.core.uploads import body_cap


def wsgi_environ(scope: dict[str, Any], body: IO[bytes]) -> dict[str, Any]:
    """The WSGI environ of an ASGI HTTP scope (PEP 3333 and the ASGI spec's mapping)."""
    script_name = scope.get("root_path", "").encode("utf8").decode("latin1")
    path_info = scope["path"].encode("utf8").decode("latin1")
    if script_name and path_info.startswith(script_name):
        path_info = path_info[len(script_name) :]
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": scope.get("query_string", b"").decode("latin1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] if server[1] is not None else 80),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scope.get("client"):
        environ["REMOTE_ADDR"] = scope["client"][0]
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin1").upper().replace("-", "_")
        if name not in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            name = f"HTTP_{name}"
        value = raw_value.decode("latin1")
        # Repeated headers are joined with commas, as HTTP allows (RFC 9110, 5.3).
        environ[name] = f"{environ[name]},{value}" if name in environ else value
    _through_proxies(environ)
    return environ


def _through_proxies(environ: dict[str, Any]) -> None:
    """The client's address behind our reverse proxies (settings.TRUSTED_PROXIES): the
    right-most X-Forwarded-For address that is not one of them, when the peer is one of
    them. From any other peer, X-Forwarded-* are not ours to believe: they are dropped,
    and REMOTE_ADDR stays the peer's."""
    trusted = settings.TRUSTED_PROXIES
    if environ.get("REMOTE_ADDR") not in trusted:
        for name in [n for n in environ if n.startswith("HTTP_X_FORWARDED_")]:
            del environ[name]
        return
    hops = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(hops):
        if address not in trusted:
            environ["REMOTE_ADDR"] = address
            return


def _declared_length(scope: dict[str, Any]) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


async def _too_large(scope: dict[str, Any], send: Any) -> None:
    """413 before the body is read on, in the language of the address (JSON for the
    API); the rest of the body is not read (the server closes the connection)."""
    path = scope.get("path", "")
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        message = _("This request is too large: send smaller files, or fewer at once.")
    if path.startswith("/api/"):
        content, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        content, kind = message.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": content})


class Cap:
    """A request's body cap: the small one, until a body goes over it; then the cap
    of the endpoint (`core.uploads.body_cap`), looked up once."""

    def __init__(self, scope: dict[str, Any]) -> None:
        self.scope = scope
        self.bytes = min(settings.TREMPLIN_MAX_FORM_BYTES, settings.TREMPLIN_MAX_REQUEST_BYTES)
        self.looked_up = False

    def allows(self, size: int) -> bool:
        if size > self.bytes and not self.looked_up:
            self.looked_up = True
            self.bytes = body_cap(self.scope.get("path", ""), self.scope.get("method", "GET"))
        return size <= self.bytes


class SyncHTTPApplication:
    """The ASGI application for HTTP scopes (tremplin.asgi routes websockets elsewhere)."""

    def __init__(self, threads: int | None = None) -> None:
        self.handler = WSGIHandler()
        self.executor = ThreadPoolExecutor(
            max_workers=threads or settings.TREMPLIN_HTTP_THREADS, thread_name_prefix="http"
        )
        self.respond_in_thread = sync_to_async(
            self.respond, thread_sensitive=False, executor=self.executor
        )

    async def __call__(self, scope, receive, send) -> None:
        # The endpoint's own cap (core.uploads): small for forms and JSON, room for
        # the files of a view that takes files, never over TREMPLIN_MAX_REQUEST_BYTES.
        # The URL is resolved only for a body over the small cap (most have none).
        cap = Cap(scope)
        if not cap.allows(_declared_length(scope)):
            return await _too_large(scope, send)
        # Spooled like Django's ASGI handler: large uploads go to a temporary file.
        with SpooledTemporaryFile(
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b"
        ) as body:
            read = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left before its request was complete
                chunk = message.get("body", b"")
                read += len(chunk)
                if not cap.allows(read):  # a body longer than it said, or that said nothing
                    return await _too_large(scope, send)
                body.write(chunk)
                if not message.get("more_body", False):
                    break
            body.seek(0)
            status, headers, content = await self.respond_in_thread(scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def respond(self, scope, body: IO[bytes]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        started: dict[str, Any] = {}

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            started["status"] = int(status.split(" ", 1)[0])
            # Django writes cookies as " name=value" (a leading space, from
            # SimpleCookie's output): trimmed, as WSGI servers send them.
            started["headers"] = [
                (name.lower().encode("latin1"), value.strip().encode("latin1"))
                for name, value in headers
            ]

        result = self.handler(wsgi_environ(scope, body), start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # request_finished: connections go back to the pool
        return started["status"], started["headers"], content
