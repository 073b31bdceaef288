"""Choosing French or English: the chooser at /, the cookie, the member's language."""

from __future__ import annotations

import pytest
from django.conf import settings

COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_a_first_visit_shows_the_chooser_with_both_languages(db, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Français" in html
    assert "English" in html
    assert 'action="/language/"' in html
    # No guessing from the browser: nobody is sent anywhere before choosing.
    assert "Location" not in response


@pytest.mark.parametrize("language", ["fr", "en"])
def test_choosing_a_language_sets_the_cookie_and_goes_to_that_home(db, client, language):
    response = client.post("/language/", {"language": language})

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == language
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_switching_goes_to_the_same_page_in_the_other_language(personas, as_user):
    response = as_user(personas.bob).post(
        "/language/", {"language": "en", "next": "/fr/p/alice-martin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/p/alice-martin/"


def test_switching_keeps_the_query_string(db, client):
    response = client.post(
        "/language/", {"language": "fr", "next": "/en/accounts/login/?next=/en/"}
    )

    assert response["Location"] == "/fr/accounts/login/?next=/en/"


def test_switching_stores_the_language_of_a_signed_in_member(personas, as_user):
    client = as_user(personas.alice)
    assert personas.alice.language == "fr"

    client.post("/language/", {"language": "en", "next": "/fr/"})

    personas.alice.refresh_from_db()
    assert personas.alice.language == "en"


def test_switching_changes_nothing_for_an_anonymous_visitor_but_the_cookie(personas, client):
    client.post("/language/", {"language": "en"})

    assert client.cookies[COOKIE].value == "en"
    personas.alice.refresh_from_db()
    assert personas.alice.language == "fr"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_returning_visitor_goes_to_the_language_of_the_cookie(db, client, language):
    client.cookies[COOKIE] = language

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"


def test_a_signed_in_member_goes_to_her_own_language(personas, as_user):
    personas.alice.language = "en"
    personas.alice.save()
    client = as_user(personas.alice)
    client.cookies[COOKIE] = "fr"

    response = client.get("/")

    assert response["Location"] == "/en/"


def test_a_cookie_with_an_unknown_language_shows_the_chooser(db, client):
    client.cookies[COOKIE] = "de"

    response = client.get("/")

    assert response.status_code == 200
    assert "English" in response.content.decode()


def test_an_unknown_language_is_refused_without_a_cookie(personas, as_user):
    client = as_user(personas.alice)

    response = client.post("/language/", {"language": "de"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert COOKIE not in response.cookies
    personas.alice.refresh_from_db()
    assert personas.alice.language == "fr"


def test_the_next_address_cannot_send_the_visitor_to_another_site(db, client):
    for target in ("https://evil.example/fr/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/language/", {"language": "en", "next": target})

        assert response["Location"] == "/en/", target


def test_the_switch_only_accepts_post(db, client):
    assert client.get("/language/?language=en").status_code == 405


def test_pages_under_a_prefix_are_in_that_language(db, client):
    english = client.get("/en/accounts/login/").content.decode()
    french = client.get("/fr/accounts/login/").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french
    assert "Sign In" in english
    assert "Connexion" in french


@pytest.mark.parametrize("cookie", [None, "fr", "en"])
@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/en/p/alice-martin/", "fr", "/fr/p/alice-martin/"),
        ("/fr/p/alice-martin/", "en", "/en/p/alice-martin/"),
        ("/en/accounts/login/?next=/en/", "fr", "/fr/accounts/login/?next=/en/"),
    ],
)
def test_switching_translates_the_page_whatever_language_was_active(
    personas, client, cookie, next_url, language, expected
):
    if cookie:
        client.cookies[COOKIE] = cookie

    response = client.post("/language/", {"language": language, "next": next_url})

    assert response["Location"] == expected
