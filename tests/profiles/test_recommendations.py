"""Written recommendations: who may write one, the recipient's decisions along the
declared lifecycle, who sees approved ones (the recommendations section's audience),
the PII guard, and bad input that never 500s — on the pages and in the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils.html import escape

from tests.personas import MEMBERSHIP, VIEWERS, viewer_of
from tremplin.core.audience import Audience
from tremplin.profiles.models import (
    RECOMMENDATION_TRANSITIONS,
    Recommendation,
    RecommendationStatus,
)
from tremplin.profiles.services import decide_recommendation

MARKER = "Quintessentiellement fiable"
PAGE = "/en/p/alice-martin/"
WRITE = "/en/p/alice-martin/recommend/"
API_WRITE = "/api/v1/profiles/alice-martin/recommendations"
GOOD = {"relationship": "We worked together", "text": f"{MARKER}, **toujours** à l'heure."}


def post_json(client, url, body=None):
    data = body if isinstance(body, str) else json.dumps(body or {})
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def public_alice(personas):
    profile = personas.alice.profile
    profile.basics_visibility = Audience.PUBLIC
    profile.save()
    return profile


def approved_by_bob(personas) -> Recommendation:
    return Recommendation.objects.create(
        author=personas.bob,
        recipient=personas.alice,
        relationship="Collègue",
        text=MARKER,
        status=RecommendationStatus.APPROVED,
    )


# ---------------------------------------------------------------- who may write


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_a_connection_may_write_a_recommendation_on_the_page(
    personas, as_user, public_alice, viewer
):
    client = as_user(viewer_of(personas, viewer))
    form = client.get(WRITE)
    response = client.post(WRITE, GOOD)
    if viewer == "anonymous":
        assert form.status_code == response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif viewer == "bob":
        assert form.status_code == 200
        assert response.status_code == 302
        assert response["Location"] == PAGE
    else:
        assert form.status_code == response.status_code == 403
    assert Recommendation.objects.count() == (1 if viewer == "bob" else 0)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_a_connection_may_write_a_recommendation_in_the_api(
    personas, as_user, public_alice, viewer
):
    response = post_json(as_user(viewer_of(personas, viewer)), API_WRITE, GOOD)
    expected = {"anonymous": 401, "bob": 201}.get(viewer, 403)
    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    if viewer == "bob":
        data = response.json()
        assert data["status"] == "pending"
        assert data["author"] == {"display_name": "Bob Roy", "handle": "bob-roy"}
        assert data["recipient"]["handle"] == "alice-martin"
    else:
        assert response.json()["detail"]
        assert not Recommendation.objects.exists()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_write_link_shows_only_to_a_connection(personas, as_user, public_alice, viewer):
    html = as_user(viewer_of(personas, viewer)).get(PAGE).content.decode()
    assert (WRITE in html) is (viewer == "bob")


def test_a_counsellor_who_is_also_a_connection_may_write(personas, as_user, public_alice):
    from tremplin.network.services import connect

    connect(personas.alice, personas.dave)
    body = {"relationship": "I was her counsellor", "text": "Persévérante."}
    assert post_json(as_user(personas.dave), API_WRITE, body).status_code == 201


def test_a_hidden_profile_is_a_404_for_writing(personas, as_user):
    profile = personas.alice.profile
    profile.basics_visibility = Audience.ONLY_ME
    profile.save()
    bob = as_user(personas.bob)
    assert bob.get(WRITE).status_code == 404
    assert post_json(bob, API_WRITE, GOOD).status_code == 404


def test_one_pending_recommendation_per_author_and_recipient(personas, as_user, public_alice):
    bob = as_user(personas.bob)
    assert post_json(bob, API_WRITE, GOOD).status_code == 201
    again = post_json(bob, API_WRITE, GOOD)
    assert again.status_code == 409
    assert "attend toujours" in again.json()["detail"]  # no prefix on the API: French
    page = bob.post(WRITE, {**GOOD, "text": "Un second texte"})
    assert page.status_code == 200  # re-rendered with the reason and the text
    assert "still waiting for approval" in page.content.decode()
    assert "Un second texte" in page.content.decode()
    # Once declined, bob may write again.
    decide_recommendation(personas.alice, Recommendation.objects.get().pk, "declined")
    assert post_json(bob, API_WRITE, GOOD).status_code == 201


# ---------------------------------------------------------------- lifecycle

ALL = list(RecommendationStatus.values)


@pytest.mark.parametrize("target", ALL)
@pytest.mark.parametrize("start", ALL)
def test_only_declared_transitions_are_allowed(personas, start, target):
    rec = Recommendation.objects.create(
        author=personas.bob, recipient=personas.alice, relationship="x", text="y", status=start
    )
    allowed = target in RECOMMENDATION_TRANSITIONS[start]
    from django.core.exceptions import ValidationError

    if allowed:
        decide_recommendation(personas.alice, rec.pk, target)
        rec.refresh_from_db()
        assert rec.status == target and rec.decided_at is not None
    else:
        with pytest.raises(ValidationError):
            decide_recommendation(personas.alice, rec.pk, target)
        rec.refresh_from_db()
        assert rec.status == start and rec.decided_at is None


def test_the_lifecycle_is_what_the_product_promises():
    expected = {
        "pending": {"approved", "declined"},
        "approved": {"hidden"},
        "hidden": {"approved"},
        "declined": set(),
    }
    assert expected == RECOMMENDATION_TRANSITIONS


def test_the_recipient_approves_hides_and_shows_again_on_her_page(personas, as_user, public_alice):
    as_user(personas.bob).post(WRITE, GOOD)
    rec = Recommendation.objects.get()
    alice = as_user(personas.alice)
    carol = as_user(personas.carol)

    page = alice.get("/en/profile/recommendations/").content.decode()
    assert MARKER in page and "Waiting for approval" in page
    assert 'Approve<span class="visually-hidden"> the recommendation from Bob Roy' in page
    assert MARKER not in carol.get(PAGE).content.decode()  # pending: only the two of them

    url = f"/en/profile/recommendations/{rec.pk}/"
    assert alice.post(url + "approve/").status_code == 302
    assert MARKER in carol.get(PAGE).content.decode()
    assert "<strong>toujours</strong>" in carol.get(PAGE).content.decode()  # Markdown

    alice.post(url + "hide/")
    assert MARKER not in carol.get(PAGE).content.decode()
    alice.post(url + "show/")
    assert MARKER in carol.get(PAGE).content.decode()

    refused = alice.post(url + "decline/", follow=True)  # approved → declined is not a move
    assert "cannot go from" in refused.content.decode()
    rec.refresh_from_db()
    assert rec.status == "approved"


def test_nobody_else_can_decide(personas, as_user, public_alice):
    as_user(personas.bob).post(WRITE, GOOD)
    rec = Recommendation.objects.get()
    for user in (personas.bob, personas.carol, personas.sam):
        assert (
            as_user(user).post(f"/en/profile/recommendations/{rec.pk}/approve/").status_code == 404
        )
        response = as_user(user).post(f"/api/v1/profiles/me/recommendations/{rec.pk}/approve")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    anonymous = Client().post(f"/api/v1/profiles/me/recommendations/{rec.pk}/approve")
    assert anonymous.status_code == 401
    rec.refresh_from_db()
    assert rec.status == "pending"


def test_the_decisions_in_the_api(personas, as_user, public_alice):
    post_json(as_user(personas.bob), API_WRITE, GOOD)
    rec = Recommendation.objects.get()
    alice = as_user(personas.alice)
    received = alice.get("/api/v1/profiles/me/recommendations").json()
    assert [r["id"] for r in received] == [rec.pk]
    assert received[0]["status"] == "pending"

    base = f"/api/v1/profiles/me/recommendations/{rec.pk}"
    assert alice.post(base + "/hide").status_code == 409
    approved = alice.post(base + "/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["decided_at"]
    assert alice.post(base + "/decline").status_code == 409
    assert alice.post(base + "/hide").json()["status"] == "hidden"


def test_the_author_sees_the_status_of_what_they_wrote(personas, as_user, public_alice):
    bob = as_user(personas.bob)
    bob.post(WRITE, GOOD)
    profile_page = bob.get(PAGE).content.decode()
    assert "waiting for Alice Martin’s approval" in profile_page
    assert WRITE not in profile_page  # no second one while the first waits
    mine = bob.get("/en/profile/recommendations/").content.decode()
    assert "For Alice Martin" in mine and "Waiting for approval" in mine
    written = bob.get("/api/v1/profiles/me/recommendations/written").json()
    assert [r["status"] for r in written] == ["pending"]
    assert bob.get("/api/v1/profiles/me/recommendations").json() == []  # none received

    decide_recommendation(personas.alice, written[0]["id"], "declined")
    assert bob.get("/api/v1/profiles/me/recommendations/written").json()[0]["status"] == (
        "declined"
    )


# ---------------------------------------------------------------- who sees approved ones


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", Audience.values)
def test_approved_recommendations_follow_the_section_audience(
    personas, as_user, public_alice, audience, viewer
):
    approved_by_bob(personas)
    public_alice.recommendations_visibility = audience
    public_alice.save()
    expected = audience in MEMBERSHIP[viewer]
    client = as_user(viewer_of(personas, viewer))

    assert (MARKER in client.get(PAGE).content.decode()) is expected
    data = client.get("/api/v1/profiles/alice-martin").json()
    assert ("recommendations" in data["visible_sections"]) is expected
    if expected:
        assert [r["text"] for r in data["recommendations"]] == [MARKER]
    else:
        assert data["recommendations"] is None
        assert MARKER not in json.dumps(data)


def test_pending_declined_and_hidden_ones_never_show_on_the_profile(
    personas, as_user, public_alice
):
    # One live recommendation per author (issue 15): the hidden one is dave's.
    for status, author in (("pending", "bob"), ("declined", "bob"), ("hidden", "dave")):
        Recommendation.objects.create(
            author=getattr(personas, author),
            recipient=personas.alice,
            relationship="x",
            text=f"{MARKER} {status}",
            status=status,
        )
    for viewer in (None, personas.carol, personas.alice, personas.bob):
        client = as_user(viewer)
        assert MARKER not in client.get(PAGE).content.decode()
        shown = client.get("/api/v1/profiles/alice-martin").json()["recommendations"]
        assert shown == ([] if viewer else None)  # members only by default


def test_the_authors_name_shows_but_not_a_link_to_a_profile_the_viewer_cannot_see(
    personas, as_user, public_alice
):
    approved_by_bob(personas)
    public_alice.recommendations_visibility = Audience.PUBLIC
    public_alice.save()
    html = Client().get(PAGE).content.decode()
    assert "Bob Roy" in html and "/en/p/bob-roy/" not in html
    author = Client().get("/api/v1/profiles/alice-martin").json()["recommendations"][0]["author"]
    assert author == {"display_name": "Bob Roy", "handle": None}
    html = as_user(personas.carol).get(PAGE).content.decode()
    assert "/en/p/bob-roy/" in html


def test_a_deactivated_authors_recommendation_disappears(personas, as_user, public_alice):
    approved_by_bob(personas)
    personas.bob.is_active = False
    personas.bob.save()
    assert MARKER not in as_user(personas.carol).get(PAGE).content.decode()


def test_the_new_section_is_on_the_privacy_page_and_in_the_api(personas, as_user):
    alice = as_user(personas.alice)
    assert 'name="recommendations_visibility"' in alice.get("/en/profile/privacy/").content.decode()
    response = alice.patch(
        "/api/v1/profiles/me",
        json.dumps({"visibility": {"recommendations": "connections"}}),
        "application/json",
    )
    assert response.status_code == 200
    assert response.json()["visibility"]["recommendations"] == "connections"
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.recommendations_visibility == Audience.CONNECTIONS


def test_new_profiles_show_recommendations_to_members():
    from tremplin.profiles.models import Profile

    assert Profile().recommendations_visibility == Audience.MEMBERS


# ---------------------------------------------------------------- PII and bad input


def test_personal_data_is_warned_about_and_the_text_is_kept(personas, as_user, public_alice):
    bob = as_user(personas.bob)
    text = "Joignez-la au 613-555-0199, elle est excellente."
    response = bob.post(WRITE, {**GOOD, "text": text})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.pii_warnings
    html = response.content.decode()
    assert escape(form.pii_warnings[0]) in html
    assert escape(text) in html
    assert 'name="confirm_pii"' in html
    assert not Recommendation.objects.exists()

    confirmed = bob.post(WRITE, {**GOOD, "text": text, "confirm_pii": "on"})
    assert confirmed.status_code == 302
    assert Recommendation.objects.get().text == text


def test_personal_data_in_the_api_is_a_422_with_pii_unless_confirmed(
    personas, as_user, public_alice
):
    bob = as_user(personas.bob)
    body = {"relationship": "Voisin, alice@example.org", "text": "Fiable."}
    response = post_json(bob, API_WRITE, body)
    assert response.status_code == 422
    assert response.json()["pii"] == {"relationship": ["email"]}
    assert not Recommendation.objects.exists()
    assert post_json(bob, API_WRITE, {**body, "confirm_pii": True}).status_code == 201


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"relationship": "", "text": "Bien"},
        {"relationship": "Collègue", "text": ""},
        {"relationship": "x" * 121, "text": "Bien"},
        {"relationship": "Collègue", "text": "x" * 3001},
        {"relationship": "   ", "text": "   "},
    ],
)
def test_bad_recommendation_forms_keep_the_text_and_never_500(
    personas, as_user, public_alice, data
):
    response = as_user(personas.bob).post(WRITE, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    if data.get("text"):
        assert escape(data["text"]) in response.content.decode()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        {},
        {"relationship": "Collègue"},
        {"relationship": "", "text": "Bien"},
        {"relationship": " ", "text": " "},
        {"relationship": "Collègue", "text": "x" * 3001},
        {"relationship": "Collègue", "text": "Bien", "status": "approved"},
        {"relationship": "Collègue", "text": "Bien", "confirm_pii": "yes"},
    ],
)
def test_bad_recommendation_bodies_are_json_4xx(personas, as_user, public_alice, body):
    response = post_json(as_user(personas.bob), API_WRITE, body)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/profiles/me/recommendations/0/approve",
        "/api/v1/profiles/me/recommendations/abc/approve",
        "/api/v1/profiles/me/recommendations/99999999999999999999/hide",
        "/api/v1/profiles/me/recommendations/4242/decline",
    ],
)
def test_bad_decision_urls_are_json_4xx(personas, as_user, url):
    response = as_user(personas.alice).post(url)
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_bad_decision_pages_never_500(personas, as_user, public_alice):
    as_user(personas.bob).post(WRITE, GOOD)
    rec = Recommendation.objects.get()
    alice = as_user(personas.alice)
    assert alice.post(f"/en/profile/recommendations/{rec.pk}/explode/").status_code == 404
    assert alice.get(f"/en/profile/recommendations/{rec.pk}/approve/").status_code == 405
    assert (
        alice.post("/en/profile/recommendations/99999999999999999999/approve/").status_code == 404
    )
    assert Client().get("/en/profile/recommendations/").status_code == 302
