"""Fetching a URL that a member typed, without letting it reach inside our network (SSRF).

`fetch(url, max_bytes=..., timeout=...)`:
- only http and https, on any port;
- the host name is resolved once, and EVERY address it resolves to must be public: a
  private, loopback, link-local (169.254.169.254, the cloud metadata service), multicast,
  reserved, unspecified or otherwise non-global address refuses the whole fetch (IPv4,
  IPv6 and IPv4-mapped IPv6 alike), unless the host name or the address is listed in
  `settings.JOB_IMPORTS_ALLOWED_HOSTS` (tests and a deliberate local feed);
- the connection goes to the address that was checked, with the host name in the
  `Host` header and in TLS SNI / certificate checking, so a second DNS answer (DNS
  rebinding) cannot swap in an internal address between the check and the connection;
- redirects are followed by hand, at most `MAX_REDIRECTS`, each target checked again;
- the body is read in chunks and refused once it passes `max_bytes` (whatever
  Content-Length claims), with a timeout on connecting and on each read, and an overall
  deadline that holds whatever the server does: a watchdog shuts the connection down when
  it passes (a server dripping its headers or body a byte at a time, each within the
  per-read timeout, would otherwise hold the fetch for as long as it likes).

Errors are `FetchError` with a `code` and a translated `message`.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "Tremplin job importer (+https://tremplin.example/)"


class FetchError(Exception):
    """A refused or failed fetch. `code` is stable (for tests and logs); `message` is
    translated for the person who configured the source."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FetchResult:
    content: bytes
    content_type: str
    final_url: str


def _allowed_hosts() -> set[str]:
    return {str(h).strip().lower().strip("[]") for h in settings.JOB_IMPORTS_ALLOWED_HOSTS}


def is_public_address(address: str) -> bool:
    """True only for a global unicast address (IPv4-mapped IPv6 judged as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(host: str, port: int) -> list[tuple[int, str]]:
    """(family, address) pairs for `host`, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise FetchError(
            "dns", _("The address “%(host)s” could not be found.") % {"host": host}
        ) from error
    seen: list[tuple[int, str]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        pair = (family, str(sockaddr[0]))
        if pair not in seen:
            seen.append(pair)
    if not seen:
        raise FetchError("dns", _("The address “%(host)s” could not be found.") % {"host": host})
    return seen


def checked_address(host: str, port: int) -> str:
    """The address to connect to, once every address of `host` has been checked."""
    addresses = resolve(host, port)
    allowed = _allowed_hosts()
    if host.lower() in allowed:
        return addresses[0][1]
    for _family, address in addresses:
        if address.split("%", 1)[0].lower() in allowed:
            continue
        if not is_public_address(address):
            raise FetchError(
                "private_address",
                _(
                    "The address “%(host)s” leads to a private or local network: "
                    "only public addresses can be imported."
                )
                % {"host": host},
            )
    return addresses[0][1]


def _split(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError("bad_url", _("This web address is not valid.")) from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("bad_scheme", _("Only http:// and https:// addresses can be imported."))
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        raise FetchError("bad_url", _("This web address is not valid."))
    if port is None:
        port = 443 if scheme == "https" else 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a checked address while speaking to `host` (Host header)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = self.tcp = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to a checked address; TLS SNI and the certificate check use `host`."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = self.tcp = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _Watchdog:
    """Shuts a connection's socket down at the deadline, wherever http.client is
    waiting then (the status line, the headers, the body); `fired` says it did."""

    def __init__(self, connection: http.client.HTTPConnection, deadline: float) -> None:
        self.connection = connection
        self.fired = False
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        tcp = getattr(self.connection, "tcp", None)
        if tcp is not None:
            with contextlib.suppress(OSError):  # closed already
                tcp.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


def _read_capped(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes)
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("timeout", _("The server took too long to answer."))
        chunk = response.read(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _late() -> FetchError:
    return FetchError("timeout", _("The server took too long to answer."))


def too_large(max_bytes: int) -> FetchError:
    return FetchError(
        "too_large",
        _("The file is larger than the limit of %(size)s MB.")
        % {"size": f"{max_bytes / (1024 * 1024):.1f}".rstrip("0").rstrip(".")},
    )


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


def _get(connection: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    """Send the GET and read the status line and headers, as a FetchError on failure."""
    try:
        connection.request(
            "GET",
            path,
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"},
        )
        return connection.getresponse()
    except TimeoutError as error:
        raise FetchError("timeout", _("The server took too long to answer.")) from error
    except ssl.SSLError as error:
        raise FetchError("tls", _("The secure connection to the server failed.")) from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchError("connect", _("The server could not be reached.")) from error


def _status_error(status: int) -> FetchError:
    return FetchError(
        "http_status", _("The server answered with the error %(status)s.") % {"status": status}
    )


def _body(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    try:
        return _read_capped(response, max_bytes, deadline)
    except TimeoutError as error:
        raise FetchError("timeout", _("The server took too long to answer.")) from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchError("connect", _("The server could not be reached.")) from error


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None) -> FetchResult:
    """GET `url` safely (see the module's docstring)."""
    max_bytes = max_bytes or settings.JOB_IMPORTS_MAX_BYTES
    timeout = timeout or settings.JOB_IMPORTS_TIMEOUT
    # The whole fetch, redirects included, gets a few times the per-operation timeout.
    deadline = time.monotonic() + 3 * timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = _split(current)
        address = checked_address(host, port)
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address, timeout)
        watchdog = _Watchdog(connection, deadline)
        try:
            response = _get(connection, path)
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise _status_error(response.status)
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise _status_error(response.status)
            content = _body(response, max_bytes, deadline)
            if watchdog.fired:  # the body may have ended early, at the shutdown
                raise _late()
            return FetchResult(
                content=content,
                content_type=(response.getheader("Content-Type") or "").split(";")[0].strip(),
                final_url=current,
            )
        except FetchError:
            if watchdog.fired:
                raise _late() from None
            raise
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError("redirects", _("The address redirects too many times."))
