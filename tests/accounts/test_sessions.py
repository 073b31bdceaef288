"""The list of open sessions (allauth usersessions), and signing the others out."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.test import Client

from tests.factories import PASSWORD

SESSIONS = "/fr/accounts/sessions/"


def sign_in(user_agent: str, email: str = "alice@example.org") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/fr/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_list_shows_each_open_session_with_its_browser(personas):
    laptop = sign_in("Mozilla/5.0 (X11; Linux) Firefox/140.0")
    sign_in("Mozilla/5.0 (Android 15) Chrome/139.0")

    response = laptop.get(SESSIONS)

    assert response.status_code == 200
    assert len(response.context["sessions"]) == 2
    html = response.content.decode()
    assert "Firefox/140.0" in html
    assert "Chrome/139.0" in html


def test_the_list_shows_only_the_members_own_sessions(personas):
    laptop = sign_in("Firefox/140.0")
    sign_in("Bob's Browser/1.0", email="bob@example.org")

    response = laptop.get(SESSIONS)

    assert [s.user for s in response.context["sessions"]] == [personas.alice]
    assert "Bob's Browser" not in response.content.decode()


def test_signing_out_the_other_sessions_ends_them_and_keeps_this_one(personas):
    laptop = sign_in("Firefox/140.0")
    phone = sign_in("Chrome/139.0")
    assert phone.get("/fr/").wsgi_request.user == personas.alice

    response = laptop.post(SESSIONS)

    assert response.status_code == 302
    assert not phone.get("/fr/").wsgi_request.user.is_authenticated
    assert laptop.get("/fr/").wsgi_request.user == personas.alice
    assert list(
        UserSession.objects.filter(user=personas.alice).values_list("user_agent", flat=True)
    ) == ["Firefox/140.0"]


def test_signing_out_others_leaves_other_members_signed_in(personas):
    laptop = sign_in("Firefox/140.0")
    bob = sign_in("Safari/18", email="bob@example.org")

    laptop.post(SESSIONS)

    assert bob.get("/fr/").wsgi_request.user == personas.bob


def test_signing_in_gives_a_new_session_key(personas):
    client = Client()
    client.get("/fr/accounts/login/")
    client.session.save()
    before = client.session.session_key

    client.post("/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})

    after = client.session.session_key
    assert before and after and after != before
    assert client.get("/fr/").wsgi_request.user == personas.alice
