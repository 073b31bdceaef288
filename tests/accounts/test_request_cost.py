"""What a signed-in page costs before its own work: few queries, and no write.

Every signed-in request reads the session and the user; the member's memberships are
read once (MFA enforcement, the menu and every visibility rule share them through
core.viewer); the menu's two badges are one COUNT each. Session activity ("last active"
in the session list) is written at most every `ACTIVITY_EVERY`, and the TOTP check of
members who must use MFA is a cache lookup.
"""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.accounts.helpers import totp_code
from tests.factories import PASSWORD, UserFactory, give_totp, make_member
from tremplin.accounts import sessions
from tremplin.organizations.models import Role

SECURITY = "/en/security/"
CENTRE = "/en/notifications/"

# Before the page's own work: the session, the user, the memberships, the two badges.
PLATFORM = 5
# The menu's other entries cost nothing: "My profile" links to /profile/, which finds
# the handle when followed (profiles), and "My caseload / My counsellors" asks the
# viewer's memberships, read already (counselling).
MENU = 0

WRITES = ("INSERT", "UPDATE", "DELETE")


def signed_in(email: str, user_agent: str = "Firefox/140.0") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def queries_of(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured]


def writes_in(sql: list[str]) -> list[str]:
    return [q for q in sql if q.lstrip().upper().startswith(WRITES)]


@pytest.fixture
def member(db):
    return UserFactory(email="zoe@example.org", name="Zoé Tremblay")


def test_a_trivial_signed_in_page_stays_within_its_query_budget(member):
    client = signed_in(member.email)

    sql = queries_of(client, SECURITY)

    assert len(sql) <= PLATFORM + MENU, "\n".join(sql)
    reads_of = lambda table: [q for q in sql if f'FROM "{table}"' in q]  # noqa: E731
    assert len(reads_of("django_session")) == 1
    assert len(reads_of("accounts_user")) == 1  # the user is loaded once
    assert len(reads_of("notifications_notification")) == 1  # the badge
    assert not [q for q in sql if "usersessions_usersession" in q]


def test_the_notification_centre_counts_the_unread_once(member):
    """The centre shows the unread count, and so does the menu's badge: one COUNT."""
    client = signed_in(member.email)

    sql = queries_of(client, CENTRE)

    counts = [q for q in sql if "COUNT(" in q and "notifications_notification" in q]
    assert len(counts) == 1, counts


@pytest.mark.parametrize("path", [SECURITY, CENTRE, "/en/notifications/preferences/"])
def test_a_signed_in_get_writes_nothing(member, path):
    client = signed_in(member.email)

    first, again = queries_of(client, path), queries_of(client, path)

    assert writes_in(first) == [] and writes_in(again) == []
    assert not [q for q in first + again if q.upper().startswith("SAVEPOINT")]


def test_session_activity_is_recorded_at_most_every_few_minutes(member, monkeypatch):
    client = signed_in(member.email)
    session = UserSession.objects.get(user=member)
    seen_at_sign_in = session.last_seen_at

    queries_of(client, SECURITY)
    session.refresh_from_db()
    assert session.last_seen_at == seen_at_sign_in

    later = time.time() + sessions.ACTIVITY_EVERY.total_seconds() + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    sql = queries_of(client, SECURITY)

    assert [q for q in writes_in(sql) if "usersessions_usersession" in q]
    session.refresh_from_db()
    assert session.last_seen_at > seen_at_sign_in
    # ...and then not again until the next period.
    assert writes_in(queries_of(client, SECURITY)) == []


def test_a_session_without_a_record_gets_one_on_its_first_request(member):
    """A session opened another way (here force_login) is recorded at once."""
    client = Client(HTTP_USER_AGENT="Safari/18")
    client.force_login(member)
    assert not UserSession.objects.filter(user=member).exists()

    queries_of(client, SECURITY)

    assert UserSession.objects.get(user=member).user_agent == "Safari/18"
    assert writes_in(queries_of(client, SECURITY)) == []


@pytest.fixture
def counsellor(personas):
    return make_member(personas.agency, Role.COUNSELLOR, email="nour@example.org")


def test_the_totp_check_is_not_a_query_on_every_request(counsellor):
    give_totp(counsellor)
    client = signed_in(counsellor.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(counsellor)})
    queries_of(client, SECURITY)  # the first request asks, and remembers

    sql = queries_of(client, SECURITY)

    assert not [q for q in sql if "mfa_authenticator" in q]


def test_removing_totp_is_enforced_at_once_and_adding_it_releases_at_once(counsellor, as_user):
    give_totp(counsellor)
    client = as_user(counsellor)
    assert client.get("/fr/").status_code == 200

    Authenticator.objects.filter(user=counsellor).delete()
    assert client.get("/fr/").status_code == 302

    give_totp(counsellor)
    assert client.get("/fr/").status_code == 200
