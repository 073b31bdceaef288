"""Named personas, built once per test (healthchecks style):

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

import pytest
from django.test import Client

from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.network.services import connect
from tremplin.organizations.models import Role


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


def make_personas() -> SimpleNamespace:
    """The personas of the module docstring of tests/personas.py (the `personas` fixture;
    also called by the query-budget tests, which build their world once per module)."""
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


@pytest.fixture
def personas(db):
    return make_personas()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def add_crew(personas: SimpleNamespace) -> SimpleNamespace:
    """The personas plus those the counselling tests need: frank, a counsellor of ANOTHER
    agency, greta, an admin of alice's agency, and `case`, alice's case with dave."""
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


@pytest.fixture
def crew(personas):
    """`add_crew`: frank, greta and alice's case with dave."""
    return add_crew(personas)


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
