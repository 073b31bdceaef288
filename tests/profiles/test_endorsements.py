"""Endorsing a connection's skill: who may, who sees the counts (the skills section's
audience), withdrawing, and bad input that never 500s — on the page and in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import MEMBERSHIP, VIEWERS, viewer_of
from tremplin.core.audience import Audience
from tremplin.profiles.models import Endorsement, Skill

PAGE = "/en/p/alice-martin/"
API = "/api/v1/profiles/alice-martin"


@pytest.fixture
def skill(personas):
    profile = personas.alice.profile
    profile.basics_visibility = Audience.PUBLIC
    profile.save()
    return Skill.objects.create(profile=profile, name="Soudure MIG")


def endorse_url(skill, handle="alice-martin"):
    return f"/en/p/{handle}/skills/{skill.pk}/endorsement/"


def api_url(skill, handle="alice-martin"):
    return f"/api/v1/profiles/{handle}/skills/{skill.pk}/endorsement"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_a_connection_may_endorse_on_the_page(personas, as_user, skill, viewer):
    response = as_user(viewer_of(personas, viewer)).post(endorse_url(skill), {"action": "endorse"})
    if viewer == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif viewer == "bob":
        assert response.status_code == 302
        assert response["Location"].endswith("/en/p/alice-martin/#skills-h")
    else:  # the owner herself, strangers, her counsellor, staff: not her connections
        assert response.status_code == 403
    assert Endorsement.objects.count() == (1 if viewer == "bob" else 0)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_a_connection_may_endorse_in_the_api(personas, as_user, skill, viewer):
    response = as_user(viewer_of(personas, viewer)).post(api_url(skill))
    expected = {"anonymous": 401, "bob": 200}.get(viewer, 403)
    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    if viewer == "bob":
        assert response.json() == {
            "id": skill.pk,
            "name": "Soudure MIG",
            "endorsements": 1,
            "endorsed_by_me": True,
        }
    else:
        assert response.json()["detail"]
        assert not Endorsement.objects.exists()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", Audience.values)
def test_endorsements_follow_the_skills_audience(personas, as_user, skill, audience, viewer):
    Endorsement.objects.create(skill=skill, endorser=personas.bob)
    profile = personas.alice.profile
    profile.skills_visibility = audience
    profile.save()
    expected = audience in MEMBERSHIP[viewer]
    client = as_user(viewer_of(personas, viewer))

    html = client.get(PAGE).content.decode()
    assert ("1 endorsement" in html) is expected
    assert ("Soudure MIG" in html) is expected

    data = client.get(API).json()
    if expected:
        assert data["skill_endorsements"][0]["endorsements"] == 1
        assert data["skill_endorsements"][0]["endorsed_by_me"] is (viewer == "bob")
    else:
        assert data["skill_endorsements"] is None


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_endorse_button_shows_only_to_a_connection(personas, as_user, skill, viewer):
    html = as_user(viewer_of(personas, viewer)).get(PAGE).content.decode()
    assert (endorse_url(skill) in html) is (viewer == "bob")
    assert ('value="endorse"' in html) is (viewer == "bob")


def test_a_connection_endorses_then_withdraws(personas, as_user, skill):
    bob = as_user(personas.bob)
    bob.post(endorse_url(skill), {"action": "endorse"})
    bob.post(endorse_url(skill), {"action": "endorse"})  # twice: still one
    assert Endorsement.objects.filter(skill=skill, endorser=personas.bob).count() == 1
    html = bob.get(PAGE).content.decode()
    assert "1 endorsement" in html
    assert 'value="withdraw"' in html
    assert "my endorsement of Soudure MIG" in html  # the button says what it withdraws

    bob.post(endorse_url(skill), {"action": "withdraw"})
    assert not Endorsement.objects.exists()
    html = bob.get(PAGE).content.decode()
    assert 'class="endorsements"' not in html  # no count is shown at zero
    assert 'value="endorse"' in html


def test_withdrawing_in_the_api_is_idempotent(personas, as_user, skill):
    bob = as_user(personas.bob)
    assert bob.post(api_url(skill)).json()["endorsements"] == 1
    first = bob.delete(api_url(skill))
    second = bob.delete(api_url(skill))
    assert first.status_code == second.status_code == 200
    assert second.json()["endorsements"] == 0
    assert second.json()["endorsed_by_me"] is False


def test_a_former_connection_can_still_withdraw(personas, as_user, skill):
    from tremplin.network.models import Connection

    Endorsement.objects.create(skill=skill, endorser=personas.bob)
    Connection.objects.between(personas.alice, personas.bob).delete()
    bob = as_user(personas.bob)
    assert 'value="withdraw"' in bob.get(PAGE).content.decode()
    assert bob.post(endorse_url(skill), {"action": "endorse"}).status_code == 403
    assert bob.delete(api_url(skill)).status_code == 200
    assert not Endorsement.objects.exists()


def test_hidden_skills_cannot_be_endorsed_and_say_404(personas, as_user, skill):
    profile = personas.alice.profile
    profile.skills_visibility = Audience.ONLY_ME
    profile.save()
    bob = as_user(personas.bob)
    assert bob.post(endorse_url(skill), {"action": "endorse"}).status_code == 404
    response = bob.post(api_url(skill))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Endorsement.objects.exists()


def test_a_skill_of_another_profile_is_a_404(personas, as_user, skill):
    bobs = Skill.objects.create(profile=personas.bob.profile, name="Plomberie")
    client = as_user(personas.bob)
    assert client.post(endorse_url(bobs), {"action": "endorse"}).status_code == 404
    assert client.post(api_url(bobs)).status_code == 404
    assert as_user(personas.alice).post(api_url(skill, "bob-roy")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/profiles/alice-martin/skills/0/endorsement",
        "/api/v1/profiles/alice-martin/skills/-1/endorsement",
        "/api/v1/profiles/alice-martin/skills/abc/endorsement",
        "/api/v1/profiles/alice-martin/skills/99999999999999999999/endorsement",
        "/api/v1/profiles/alice-martin/skills/424242/endorsement",
        "/api/v1/profiles/nobody/skills/1/endorsement",
    ],
)
def test_bad_endorsement_urls_are_json_4xx(personas, as_user, skill, url):
    for method in ("post", "delete"):
        response = getattr(as_user(personas.bob), method)(url)
        assert response.status_code in (404, 422), response.content
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


def test_bad_endorsement_pages_never_500(personas, as_user, skill):
    bob = as_user(personas.bob)
    assert bob.get(endorse_url(skill)).status_code == 405
    assert (
        bob.post("/en/p/alice-martin/skills/99999999999999999999/endorsement/").status_code == 404
    )
    assert bob.post(endorse_url(skill), {"action": "nonsense"}).status_code == 302  # endorses


def test_a_read_only_token_cannot_endorse(personas, skill):
    from tremplin.api.services import create_token

    _token, raw = create_token(personas.bob, "lecture", can_write=False)
    response = Client().post(api_url(skill), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert not Endorsement.objects.exists()


def test_a_deactivated_endorser_no_longer_counts(personas, as_user, skill):
    Endorsement.objects.create(skill=skill, endorser=personas.bob)
    personas.bob.is_active = False
    personas.bob.save()
    assert as_user(personas.carol).get(API).json()["skill_endorsements"][0]["endorsements"] == 0


def test_removing_a_skill_removes_its_endorsements(personas, as_user, skill):
    import json

    Endorsement.objects.create(skill=skill, endorser=personas.bob)
    response = as_user(personas.alice).patch(
        "/api/v1/profiles/me", json.dumps({"skills": ["Lecture de plans"]}), "application/json"
    )
    assert response.status_code == 200
    assert not Endorsement.objects.exists()
