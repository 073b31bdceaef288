"""Headers every page carries, and cookies that scripts cannot read."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

PAGES = ["/", "/fr/", "/en/accounts/login/", "/fr/accounts/signup/"]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(db, client, path):
    response = client.get(path)

    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_refuses_framing_and_sniffing(db, client, path):
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_signed_in_page_carries_the_headers_too(personas, as_user):
    response = as_user(personas.alice).get("/fr/")

    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_carries_the_headers_too(personas, as_user):
    response = as_user(personas.alice).get("/api/v1/me")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_the_headers(db, client):
    response = client.get("/fr/no-such-page/")

    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_pages_contain_no_inline_script_or_style(personas, as_user):
    """The policy forbids inline code, so a page that had any would break."""
    import re

    for client, path in [
        (as_user(None), "/fr/accounts/login/"),
        (as_user(None), "/"),
        (as_user(personas.alice), "/fr/"),
        (as_user(personas.alice), "/fr/accounts/email/"),
    ]:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (path, tag)
        assert "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path
        assert ' style="' not in html, path


def test_the_session_and_csrf_cookies_are_http_only_and_same_site(personas, client):
    client.get("/fr/accounts/login/")
    response = client.post(
        "/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )

    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_the_language_cookie_is_http_only_and_same_site(db, client):
    response = client.post("/language/", {"language": "en"})

    cookie = response.cookies["tremplin_language"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_form_sent_without_its_csrf_token_gets_a_clear_bilingual_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    french = client.post("/fr/accounts/login/", {"login": "x@example.org", "password": "x"})
    english = client.post("/en/accounts/login/", {"login": "x@example.org", "password": "x"})

    assert french.status_code == english.status_code == 403
    assert "Cette page a expiré" in french.content.decode()
    assert "This page has expired" in english.content.decode()


def test_an_upload_over_the_size_limit_gets_a_clear_400_page(db, settings):
    from django.test import Client

    from tests.factories import UserFactory

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    client.force_login(UserFactory())
    response = client.post("/fr/profile/edit/", {"about": "x" * 5000})

    assert response.status_code == 400
    assert "La demande n'a pas pu être lue" in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_websockets_may_reach_our_own_host_only(db, client, path):
    """connect-src names this site's host for websockets, never any host (`ws:`)."""
    connect = csp_directives(client.get(path))["connect-src"]
    assert connect == ["'self'", "ws://testserver"]
    secure = csp_directives(client.get(path, secure=True))["connect-src"]
    assert secure == ["'self'", "wss://testserver"]


@pytest.mark.parametrize("path", ["/fr/", "/fr/network/", "/fr/notifications/", "/api/v1/me"])
def test_what_a_signed_in_member_is_shown_is_not_stored(personas, as_user, path):
    """No shared cache keeps a signed-in member's page and the browser does not show it
    again from its history after they sign out."""
    response = as_user(personas.alice).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_token_answer_is_not_stored(personas):
    from django.test import Client

    from tremplin.api.services import create_token

    _token, raw = create_token(personas.alice, "lecture", can_write=False)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_visitors_page_may_be_kept(db, client):
    """Without credentials nothing private is shown: the page keeps what it said."""
    assert "no-store" not in client.get("/fr/").get("Cache-Control", "")


def test_signing_out_clears_what_the_browser_kept(personas, client):
    client.force_login(personas.alice)

    signed_in_page = client.get("/fr/")
    response = client.post("/fr/accounts/logout/")

    assert "Clear-Site-Data" not in signed_in_page.headers
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
