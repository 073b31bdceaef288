"""Who sees which part of alice's profile: every section audience against every persona,
on the profile page, in the API, and in both people searches.

Staff and moderators get no special access by design: they are members like carol.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.personas import MEMBERSHIP, VIEWERS, viewer_of
from tremplin.core.audience import Audience
from tremplin.profiles.models import (
    Education,
    Experience,
    LanguageSkill,
    Profile,
    Recommendation,
    RecommendationStatus,
    Skill,
)

# One marker per section, words that appear nowhere else in any page or JSON answer.
MARKERS = {
    "about": "Quokkabout",
    "experience": "Zanzibarista",
    "education": "Ouagadougollege",
    "skills": "Kettlebellography",
    "languages": "Tagalogish",
    "interests": "Origamiphilie",
    "recommendations": "Imperturbablement ponctuelle",
}
BASICS_MARKER = "Xylophoniste du Nunavut"


def fill(alice) -> Profile:
    profile = alice.profile
    profile.headline = BASICS_MARKER
    profile.about = f"Je suis {MARKERS['about']}."
    profile.interests = f"{MARKERS['interests']}, randonnée"
    profile.save()
    Experience.objects.create(
        profile=profile,
        title=MARKERS["experience"],
        organization_name="Café du coin",
        start=date(2020, 1, 1),
    )
    Education.objects.create(
        profile=profile, school=MARKERS["education"], program="DEC", start_year=2015
    )
    Skill.objects.create(profile=profile, name=MARKERS["skills"])
    LanguageSkill.objects.create(profile=profile, language=MARKERS["languages"], level="fluent")
    Recommendation.objects.create(
        author=Profile.objects.get(handle="bob-roy").user,
        recipient=alice,
        relationship="Collègue",
        text=MARKERS["recommendations"],
        status=RecommendationStatus.APPROVED,
    )
    return profile


def set_audiences(profile: Profile, *, basics: str, others: str) -> None:
    profile.basics_visibility = basics
    for section in MARKERS:
        setattr(profile, f"{section}_visibility", others)
    profile.save()


def api_json(response):
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", Audience.values)
def test_each_section_shows_only_to_the_persona_its_audience_names(
    personas, as_user, audience, viewer
):
    profile = fill(personas.alice)
    set_audiences(profile, basics=Audience.PUBLIC, others=audience)
    client = as_user(viewer_of(personas, viewer))
    expected = audience in MEMBERSHIP[viewer]

    page = client.get("/fr/p/alice-martin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert BASICS_MARKER in html
    for section, marker in MARKERS.items():
        assert (marker in html) is expected, (section, viewer, audience)

    api = client.get("/api/v1/profiles/alice-martin")
    assert api.status_code == 200
    body = api.content.decode()
    data = api_json(api)
    for section, marker in MARKERS.items():
        assert (marker in body) is expected, (section, viewer, audience)
        key = {"experience": "experience", "education": "education"}.get(section, section)
        if expected:
            assert data[key], section
        else:
            assert data[key] is None, section
    assert ("about" in data["visible_sections"]) is expected
    assert "basics" in data["visible_sections"]


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", Audience.values)
def test_the_basics_audience_decides_who_finds_the_profile_at_all(
    personas, as_user, audience, viewer
):
    profile = fill(personas.alice)
    set_audiences(profile, basics=audience, others=Audience.PUBLIC)
    client = as_user(viewer_of(personas, viewer))
    expected = audience in MEMBERSHIP[viewer]

    page = client.get("/fr/p/alice-martin/")
    assert page.status_code == (200 if expected else 404)
    if not expected:
        body = page.content.decode()
        assert BASICS_MARKER not in body
        assert not any(marker in body for marker in MARKERS.values())

    api = client.get("/api/v1/profiles/alice-martin")
    assert api.status_code == (200 if expected else 404)
    data = api_json(api)
    if not expected:
        assert data == {"detail": "Not found."}

    found = client.get("/fr/people/", {"q": "Alice"})
    assert found.status_code == 200
    assert ("/fr/p/alice-martin/" in found.content.decode()) is expected
    assert (BASICS_MARKER in found.content.decode()) is expected

    listed = client.get("/api/v1/profiles", {"q": "Alice"})
    assert listed.status_code == 200
    handles = [p["handle"] for p in api_json(listed)["results"]]
    assert ("alice-martin" in handles) is expected
    assert (BASICS_MARKER in listed.content.decode()) is expected

    photo = client.get("/fr/p/alice-martin/photo.jpg")
    assert photo.status_code == 404  # no photo yet, and never a 403 that confirms her


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", Audience.values)
def test_searching_a_skill_finds_her_only_where_her_skills_are_visible(
    personas, as_user, audience, viewer
):
    profile = fill(personas.alice)
    set_audiences(profile, basics=Audience.PUBLIC, others=Audience.PUBLIC)
    profile.skills_visibility = audience
    profile.save()
    client = as_user(viewer_of(personas, viewer))
    expected = audience in MEMBERSHIP[viewer]

    page = client.get("/fr/people/", {"q": MARKERS["skills"].lower()})
    assert ("/fr/p/alice-martin/" in page.content.decode()) is expected
    listed = api_json(client.get("/api/v1/profiles", {"q": MARKERS["skills"]}))
    assert (listed["count"] == 1) is expected


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_new_profile_shows_to_signed_in_members_only(personas, as_user, viewer):
    """Privacy by default: nothing is public until the member chooses."""
    expected = viewer != "anonymous"
    client = as_user(viewer_of(personas, viewer))
    assert client.get("/fr/p/alice-martin/").status_code == (200 if expected else 404)
    assert client.get("/api/v1/profiles/alice-martin").status_code == (200 if expected else 404)
    handles = [p["handle"] for p in client.get("/api/v1/profiles?q=alice").json()["results"]]
    assert ("alice-martin" in handles) is expected


def test_new_profiles_keep_interests_for_connections(personas, as_user):
    profile = fill(personas.alice)
    assert profile.interests_visibility == Audience.CONNECTIONS
    assert MARKERS["interests"] in as_user(personas.bob).get("/fr/p/alice-martin/").content.decode()
    carol_sees = as_user(personas.carol).get("/fr/p/alice-martin/").content.decode()
    assert MARKERS["interests"] not in carol_sees
    assert MARKERS["about"] in carol_sees


def test_a_closed_counselling_case_ends_the_counsellors_access(personas, as_user):
    from tremplin.counselling.models import Case, CaseStatus

    profile = fill(personas.alice)
    set_audiences(profile, basics=Audience.MEMBERS, others=Audience.COUNSELLORS)
    dave = as_user(personas.dave)
    assert MARKERS["about"] in dave.get("/fr/p/alice-martin/").content.decode()
    Case.objects.filter(counsellor=personas.dave).update(status=CaseStatus.CLOSED)
    assert MARKERS["about"] not in dave.get("/fr/p/alice-martin/").content.decode()
    assert dave.get("/api/v1/profiles/alice-martin").json()["about"] is None


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_a_deactivated_members_profile_is_gone_for_everyone(personas, as_user):
    profile = fill(personas.alice)
    set_audiences(profile, basics=Audience.PUBLIC, others=Audience.PUBLIC)
    personas.alice.is_active = False
    personas.alice.save()
    for viewer in (None, personas.bob, personas.dave):
        client = as_user(viewer)
        assert client.get("/fr/p/alice-martin/").status_code == 404
        assert client.get("/api/v1/profiles/alice-martin").status_code == 404
        assert client.get("/api/v1/profiles?q=alice").json()["count"] == 0


def test_an_unknown_handle_is_a_plain_404_on_the_page_and_in_the_api(personas, as_user):
    client = as_user(personas.carol)
    assert client.get("/fr/p/nobody-here/").status_code == 404
    response = client.get("/api/v1/profiles/nobody-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_the_people_search_answers_htmx_with_a_fragment_that_still_hides_what_it_must(
    personas, as_user
):
    from tremplin.core.audience import Audience
    from tremplin.profiles.models import Profile

    Profile.objects.filter(user=personas.alice).update(basics_visibility=Audience.CONNECTIONS)
    headers = {"HX-Request": "true"}

    as_bob = as_user(personas.bob).get("/fr/people/", {"q": "Alice"}, headers=headers)
    as_carol = as_user(personas.carol).get("/fr/people/", {"q": "Alice"}, headers=headers)

    assert as_bob.status_code == as_carol.status_code == 200
    assert "<html" not in as_bob.content.decode()  # a fragment, not a page
    assert 'hx-swap-oob="innerHTML"' in as_bob.content.decode()
    assert "Alice Martin" in as_bob.content.decode()
    assert "Alice Martin" not in as_carol.content.decode()
    assert "HX-Request" in as_bob["Vary"]


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_the_people_count_stops_at_the_cap_on_the_page_and_in_the_api(db, monkeypatch):
    from django.test import Client

    from tests.factories import UserFactory
    from tremplin.core.audience import Audience
    from tremplin.profiles import queries
    from tremplin.profiles.models import Profile

    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", 25)
    for n in range(30):
        UserFactory(email=f"p{n}@example.org", name=f"Pat {n:02}")
    Profile.objects.update(basics_visibility=Audience.PUBLIC)

    page = Client().get("/fr/people/").content.decode()
    api = Client().get("/api/v1/profiles", {"limit": 50}).json()

    assert "Plus de 1" in page  # "More than 1,000 people found…"
    assert page.count('class="result"') == 20  # a full first page
    assert "?q=&amp;page=2" in page
    assert api["count"] == 26  # counted up to cap + 1
    assert len(api["results"]) == 30  # the results themselves are not capped
