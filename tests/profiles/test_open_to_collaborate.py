"""Open to collaborate (issue 17): a member says on her profile that she is open to
collaborate on projects; people search (page and API) can keep only those who said so,
through the same rule as the search itself (who may see her basics, hidden from search).
The flag is part of the basics: whoever sees the profile sees it, nobody else."""

from __future__ import annotations

import json

import pytest

from tests.personas import MEMBERSHIP, VIEWERS, viewer_of
from tests.profiles.test_editing import profile_form
from tremplin.core.audience import Audience


@pytest.fixture
def open_alice(personas):
    profile = personas.alice.profile
    profile.open_to_collaborate = True
    profile.save()
    return profile


def _found(client, **asked) -> tuple[set[str], set[str]]:
    """(handles on the page, handles in the API) for a filtered search."""
    page = client.get("/en/people/", {"collaborate": "on", **asked}).content.decode()
    api = client.get("/api/v1/profiles", {"open_to_collaborate": "true", **asked})
    assert api.status_code == 200
    on_page = {h for h in ("alice-martin", "bob-roy") if f"/en/p/{h}/" in page}
    return on_page, {r["handle"] for r in api.json()["results"]}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_filter_keeps_those_open_to_collaborate_that_the_viewer_may_see(
    personas, as_user, open_alice, viewer
):
    client = as_user(viewer_of(personas, viewer))
    sees_alice = Audience.MEMBERS in MEMBERSHIP[viewer]  # her basics: members
    expected = {"alice-martin"} if sees_alice else set()
    assert _found(client) == (expected, expected)  # bob did not say so: never there
    unfiltered = client.get("/api/v1/profiles", {"q": "Bob"}).json()["results"]
    assert [r["open_to_collaborate"] for r in unfiltered] == ([False] if sees_alice else [])
    open_alice.hidden_from_search = True
    open_alice.save()
    hidden = {"alice-martin"} if viewer == "alice" else set()
    assert _found(client) == (hidden, hidden)


@pytest.mark.parametrize(
    ("lang", "badge"), [("en", "Open to collaborate"), ("fr", "Ouvert·e à collaborer")]
)
def test_the_edit_form_sets_it_and_the_profile_shows_it(personas, as_user, lang, badge):
    client = as_user(personas.alice)
    assert 'name="open_to_collaborate"' in client.get(f"/{lang}/profile/edit/").content.decode()
    saved = client.post(f"/{lang}/profile/edit/", profile_form(open_to_collaborate="on"))
    assert saved.status_code == 302
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.open_to_collaborate
    assert badge in as_user(personas.bob).get(f"/{lang}/p/alice-martin/").content.decode()
    client.post(f"/{lang}/profile/edit/", profile_form())
    personas.alice.profile.refresh_from_db()
    assert not personas.alice.profile.open_to_collaborate
    assert badge not in as_user(personas.bob).get(f"/{lang}/p/alice-martin/").content.decode()


def test_the_api_reads_and_sets_it(personas, as_user):
    client = as_user(personas.alice)
    assert client.get("/api/v1/profiles/me").json()["open_to_collaborate"] is False
    changed = client.patch(
        "/api/v1/profiles/me",
        data=json.dumps({"open_to_collaborate": True}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["open_to_collaborate"] is True
    assert as_user(personas.bob).get("/api/v1/profiles/alice-martin").json()["open_to_collaborate"]
    bad = client.patch(
        "/api/v1/profiles/me",
        data=json.dumps({"open_to_collaborate": "yes"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/json")
    refused = client.get("/api/v1/profiles", {"open_to_collaborate": "maybe"})
    assert refused.status_code == 422
