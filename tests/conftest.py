"""Named personas (healthchecks style), shared by the tests that run inside a
transaction (see "personas" below):

- alice: a job seeker, owner of the profile under test
- bob: alice's connection
- carol: a member with no relation to alice (the stranger)
- dave: alice's counsellor (active case at the agency)
- erin: another counsellor of the same agency, not alice's
- mallory: a moderator; sam: a site administrator (staff)
- anonymous: nobody signed in
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.durations import expected_seconds
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.network.services import connect
from tremplin.organizations.models import Role

# ------------------------------------------------------------------ the session

BOTH_DATABASES = "both_databases"


def pytest_configure(config):
    _own_redis_database_per_worker()


def _own_redis_database_per_worker() -> None:
    """Under pytest-xdist (`-n`), each worker gets its own Redis database for the cache
    (tests clear the cache: FLUSHDB would empty another worker's) and its own prefix for
    the channel layer (pub/sub ignores database numbers, and user ids repeat across the
    workers' databases). Children started by tests inherit it through REDIS_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url.startswith("redis"):
        return
    from django.conf import settings
    from django.test.utils import override_settings

    number = int(worker.removeprefix("gw")) + 1  # 0 is left to runs without -n
    own = urlunsplit(urlsplit(url)._replace(path=f"/{number}"))
    os.environ["REDIS_URL"] = own
    caches = {name: dict(value) for name, value in settings.CACHES.items()}
    for value in caches.values():
        if value.get("LOCATION") == settings.REDIS_URL:
            value["LOCATION"] = own
    layers = {name: dict(value) for name, value in settings.CHANNEL_LAYERS.items()}
    for value in layers.values():
        if "hosts" in value.get("CONFIG", {}):
            value["CONFIG"] = {**value["CONFIG"], "hosts": [own], "prefix": f"asgi-{worker}"}
    override_settings(REDIS_URL=own, CACHES=caches, CHANNEL_LAYERS=layers).enable()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A test that commits for real (other connections, threads or processes meet its
    data) runs on both databases: locking, visibility between connections and the task
    workers differ between SQLite and PostgreSQL. The browser tests and the API fuzz are
    the exceptions: they are chosen by their own markers (see scripts/test.sh), as are
    the tests that run migrations themselves (the SQLite pass has none to run).
    A module that builds its world once keeps its tests on one worker; then the long
    tests move to the front (tests/durations.py says why)."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("fuzz"):
            continue
        if _commits(item, item.fixturenames) and not item.get_closest_marker("migrations"):
            item.add_marker(BOTH_DATABASES)
        if _builds_per_module(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    # Long tests first, longest first (tests/durations.py); the rest keep their order.
    items.sort(key=lambda item: -expected_seconds(item))


def _builds_per_module(item) -> bool:
    """A test whose module builds a world once for all its tests (a module-scoped
    fixture: the query budgets' measures, the communities' personas) runs on the worker
    that runs the rest of its module (`--dist loadgroup`, scripts/test.sh): split across
    two workers, each built it."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return False
    return any(
        fixture.scope == "module" and fixture.argname != "without_shared_personas"
        for fixtures in definitions.name2fixturedefs.values()
        for fixture in fixtures
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _views_written_at_once(settings):
    """Feed views are written a second later by a thread in production
    (tremplin.feed.viewcount); tests read them at once."""
    settings.FEED_VIEWS_FLUSH_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /en/ leaves English active in the thread: reset it so each test
    starts in the site's default language (French), whatever ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# ------------------------------------------------------------------ personas
#
# Building the personas (eight members with profiles, TOTP devices, an agency, a case, a
# connection) was half of a typical test's time. A test that runs inside a transaction
# (pytest-django's default `db`) now finds them already made: they are written once, in
# a transaction opened around the tests (each test's own transaction is a savepoint
# inside it, rolled back as usual), and every test gets FRESH Python objects read back
# from the database, so nothing one test does to them in memory reaches the next.
#
# The shared rows exist only while the tests that run one after another asked for the
# same personas: before the first test that does not (it asked for none, for `personas`
# but not `crew`, or it commits for real: `transaction=True`, `transactional_db`,
# `live_server`), they are rolled back. A test sees the personas only if it asked for
# them, exactly as when each test built its own. Tests that commit build their own, as
# before (their database is emptied after each of them).


def make_personas() -> SimpleNamespace:
    """The personas of tests/personas.py's docstring (the `personas` fixture shares them;
    the query-budget tests call it to build their world once per module)."""
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy")
    carol = UserFactory(email="carol@example.org", name="Carol Singh")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    erin = make_member(agency, Role.COUNSELLOR, email="erin@example.org", name="Erin Walsh")
    mallory = UserFactory(email="mallory@example.org", name="Mallory Moderator", is_moderator=True)
    sam = UserFactory(email="sam@example.org", name="Sam Admin", is_staff=True, is_superuser=True)
    connect(alice, bob)
    make_case(agency, dave, alice)
    for user in (dave, erin, mallory, sam):
        give_totp(user)  # their roles require MFA
    return SimpleNamespace(
        agency=agency,
        alice=alice,
        bob=bob,
        carol=carol,
        dave=dave,
        erin=erin,
        mallory=mallory,
        sam=sam,
    )


def add_crew(personas: SimpleNamespace) -> SimpleNamespace:
    """Adds frank, greta, the other agency and alice's case to `personas` (in place)."""
    from tremplin.counselling.models import Case

    other = OrganizationFactory(name="Emploi Boréal", slug="emploi-boreal")
    personas.other_agency = other
    personas.frank = make_member(
        other, Role.COUNSELLOR, email="frank@example.org", name="Frank Ouellet"
    )
    personas.greta = make_member(
        personas.agency, Role.ADMIN, email="greta@example.org", name="Greta Admin"
    )
    for user in (personas.frank, personas.greta):
        give_totp(user)
    personas.case = Case.objects.get(counsellor=personas.dave, client=personas.alice)
    return personas


def _fresh(made: dict) -> dict:
    """The same rows as `made` (name -> model instance), read back from the database:
    new Python objects, members with their profile loaded (as the factory leaves them)."""
    from tremplin.accounts.models import User

    users = {name: obj.pk for name, obj in made.items() if isinstance(obj, User)}
    found = User.objects.select_related("profile").in_bulk(users.values())
    fresh = {name: found[pk] for name, pk in users.items()}
    for name, obj in made.items():
        if name not in fresh:
            fresh[name] = type(obj)._default_manager.get(pk=obj.pk)
    return fresh


# The shared layers, in the order they stack: each adds its attributes to a namespace
# that holds those of the layers below.
_LAYERS = {
    "personas": lambda namespace: vars(namespace).update(vars(make_personas())),
    "crew": add_crew,
}


class SharedPersonas:
    """The stack of shared layers ("personas", then "crew") currently written inside
    open transactions on the default connection, each layer an atomic block (the first
    one the transaction, the next a savepoint)."""

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.layers: list[tuple[str, object, dict]] = []  # (name, atomic, what it made)
        self.builds = 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _atomic, _made in self.layers)

    def want(self, names: tuple[str, ...]) -> None:
        """Roll back the layers beyond the common prefix, then write the missing ones.
        Called right before a test's own transaction opens (no other block is open)."""
        from django.db import connection, transaction

        if self.names == names:
            return
        if len(connection.atomic_blocks) != len(self.layers):
            raise RuntimeError(
                f"shared personas: {len(connection.atomic_blocks)} atomic blocks are open "
                f"where the shared layers {self.names} opened {len(self.layers)}"
            )
        with self.blocker.unblock():
            while self.layers and self.names != names[: len(self.layers)]:
                _name, atomic, _made = self.layers.pop()
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
            namespace = SimpleNamespace()
            for _name, _atomic, made in self.layers:
                vars(namespace).update(made)
            for name in names[len(self.layers) :]:
                atomic = transaction.atomic()
                atomic.__enter__()
                # As Django's TestCase marks its own blocks: a durable block inside is
                # the outermost one as far as the code under test is concerned.
                connection.atomic_blocks[-1]._from_testcase = True
                before = dict(vars(namespace))
                try:
                    _LAYERS[name](namespace)
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
                made = {k: v for k, v in vars(namespace).items() if before.get(k) is not v}
                self.layers.append((name, atomic, made))
                self.builds += 1

    def close(self) -> None:
        self.want(())

    def fresh(self, layer: str) -> dict:
        """New objects for what `layer` made (name -> instance)."""
        (made,) = [made for name, _atomic, made in self.layers if name == layer]
        return _fresh(made)


_shared: SharedPersonas | None = None


def _commits(node, fixturenames) -> bool:
    """Whether the test commits for real (pytest-django's own reading of its marks and
    fixtures): such a test cannot run inside the shared transaction."""
    from pytest_django.fixtures import validate_django_db

    marker = node.get_closest_marker("django_db")
    if marker:
        transaction_, reset_sequences, _dbs, serialized, _apps = validate_django_db(marker)
        if transaction_ or reset_sequences or serialized:
            return True
    return any(
        name in fixturenames
        for name in (
            "transactional_db",
            "live_server",
            "django_db_reset_sequences",
            "django_db_serialized_rollback",
        )
    )


def shared_layers_for(request) -> tuple[str, ...]:
    if _commits(request.node, request.fixturenames):
        return ()
    names = request.fixturenames
    if "crew" in names:
        return ("personas", "crew")
    if "personas" in names:
        return ("personas",)
    return ()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    # Right before a test's database transaction (or its flushable database) is set up,
    # the shared layers become exactly those this test asked for.
    if fixturedef.argname == "_django_db_helper" and _shared is not None:
        _shared.want(shared_layers_for(request))
    return (yield)


@pytest.fixture(scope="session")
def _shared_personas(django_db_setup, django_db_blocker):
    global _shared
    _shared = SharedPersonas(django_db_blocker)
    yield _shared
    _shared.close()
    _shared = None


@pytest.fixture(scope="module")
def without_shared_personas():
    """For a module that writes its own world outside the tests' transactions (the query
    budgets): the shared personas are rolled back first, so they do not meet it."""
    if _shared is not None:
        _shared.want(())


@pytest.fixture
def personas(_shared_personas, db):
    if "personas" in _shared_personas.names:
        return SimpleNamespace(**_shared_personas.fresh("personas"))
    return make_personas()


@pytest.fixture
def crew(_shared_personas, personas):
    """The personas plus those the counselling tests need: frank, a counsellor of ANOTHER
    agency, greta, an admin of alice's agency, and `case`, alice's case with dave."""
    if "crew" in _shared_personas.names:
        vars(personas).update(_shared_personas.fresh("crew"))
        return personas
    return add_crew(personas)


def client_for(user) -> Client:
    """A test client signed in as `user` as if through the sign-in pages (the password
    and, for a member with TOTP, the code: tests.accounts.helpers.sign_in)."""
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


@pytest.fixture
def browser_of(crew):
    """A signed-in test client for a persona name of `crew` ("anonymous": nobody)."""

    def make(name: str):
        return client_for(None if name == "anonymous" else getattr(crew, name))

    return make


@pytest.fixture
def as_user():
    return client_for


@pytest.fixture
def require_service():
    """Under CI a missing service is an error; on a laptop it is a visible skip."""

    def check(available: bool, what: str):
        if available:
            return
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required under CI but is not available")
        pytest.skip(f"{what} is not installed here")

    return check


# ------------------------------------------------------------------ local servers

START_TIMEOUT = 60  # seconds for a server to answer; a bound, not a pace


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on port {port} within {START_TIMEOUT} s")


@pytest.fixture(scope="session")
def _asgi_live_server(django_db_setup, django_db_blocker):
    """uvicorn serving the production ASGI application (tests/browser/asgi_server.py) in
    a thread of this process, on the test database: the browser tests and the API fuzz
    use it as their `live_server`."""
    from tests.browser.asgi_server import AsgiLiveServer

    with django_db_blocker.unblock():
        server = AsgiLiveServer()
        server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(require_service, tmp_path):
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    server = shutil.which("redis-server")
    require_service(server is not None, "Redis (redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
