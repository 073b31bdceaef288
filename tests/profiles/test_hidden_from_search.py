"""Hide me from search (issue 15): a member who turns it on is left out of people search
(pages and API) and "people you may know" for everyone else, and her profile page asks
search engines not to index it (meta robots and X-Robots-Tag). Her profile stays where
it was for those who may see it and know its address; she still finds herself."""

from __future__ import annotations

import json

import pytest

from tests.factories import UserFactory
from tests.personas import VIEWERS, viewer_of
from tremplin.core.audience import Audience
from tremplin.network.queries import suggestions
from tremplin.network.services import connect
from tremplin.profiles.models import SECTIONS

PAGE = "/en/p/alice-martin/"


@pytest.fixture
def public_alice(personas):
    profile = personas.alice.profile
    profile.basics_visibility = Audience.PUBLIC
    profile.save()
    return profile


def _hide(profile, hidden: bool = True) -> None:
    profile.hidden_from_search = hidden
    profile.save()


def _found(client, query: str = "Alice") -> tuple[bool, bool]:
    page = client.get("/en/people/", {"q": query}).content.decode()
    api = client.get("/api/v1/profiles", {"q": query})
    assert api.status_code == 200
    handles = [r["handle"] for r in api.json()["results"]]
    return "/en/p/alice-martin/" in page, "alice-martin" in handles


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_hidden_member_is_found_by_nobody_but_herself(personas, as_user, public_alice, viewer):
    client = as_user(viewer_of(personas, viewer))
    assert _found(client) == (True, True)  # before: everyone may find her public profile
    _hide(public_alice)
    expected = viewer == "alice"
    assert _found(client) == (expected, expected)
    # The profile itself is not hidden from those who may see it.
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_profile_page_tells_search_engines_not_to_index_it(
    personas, as_user, public_alice, viewer
):
    client = as_user(viewer_of(personas, viewer))
    shown = client.get(PAGE)
    assert "X-Robots-Tag" not in shown
    assert 'name="robots"' not in shown.content.decode()
    _hide(public_alice)
    hidden = client.get(PAGE)
    assert hidden["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in hidden.content.decode()


def test_a_hidden_member_is_never_suggested(personas, as_user):
    stranger = UserFactory(email="zoe@example.org", name="Zoé Tremblay")
    connect(personas.bob, stranger)  # alice is a friend of zoe's friend bob
    client = as_user(stranger)
    assert "alice@example.org" in [e["profile"].user.email for e in suggestions(stranger)]
    assert "Alice Martin" in client.get("/en/network/").content.decode()
    _hide(personas.alice.profile)
    assert "alice@example.org" not in [e["profile"].user.email for e in suggestions(stranger)]
    assert "Alice Martin" not in client.get("/en/network/").content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_privacy_page_has_the_checkbox_and_saves_it(personas, as_user, lang):
    client = as_user(personas.alice)
    page = client.get(f"/{lang}/profile/privacy/").content.decode()
    assert 'name="hidden_from_search"' in page
    label = "Hide me from search" if lang == "en" else "Me cacher des recherches"
    assert label in page
    profile = personas.alice.profile
    data = {f"{s}_visibility": getattr(profile, f"{s}_visibility") for s in SECTIONS}
    hide = client.post(f"/{lang}/profile/privacy/", {**data, "hidden_from_search": "on"})
    assert hide.status_code == 302
    profile.refresh_from_db()
    assert profile.hidden_from_search
    assert client.post(f"/{lang}/profile/privacy/", data).status_code == 302
    profile.refresh_from_db()
    assert not profile.hidden_from_search


def test_the_api_reads_and_sets_it(personas, as_user):
    client = as_user(personas.alice)
    assert client.get("/api/v1/profiles/me").json()["hidden_from_search"] is False
    response = client.patch(
        "/api/v1/profiles/me",
        data=json.dumps({"hidden_from_search": True}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["hidden_from_search"] is True
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.hidden_from_search
    bad = client.patch(
        "/api/v1/profiles/me",
        data=json.dumps({"hidden_from_search": "yes"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith("application/json")
