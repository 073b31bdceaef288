"""The one rule and its SQL twin agree, for every persona and every audience; what
keeps a recruiter out (her current employer by name, an employer she hides from)."""

from __future__ import annotations

import pytest

from tests.personas import viewer_of
from tests.recruiting.conftest import VIEWERS
from tremplin.core.audience import SectionAudience, audience_q, in_audience
from tremplin.profiles.models import Experience, OpenToWorkAudience, Profile


@pytest.mark.parametrize("viewer", VIEWERS)
def test_in_audience_and_its_sql_twin_agree(cast, viewer):
    who = viewer_of(cast, viewer)
    profile = Profile.objects.get(user=cast.alice)
    for audience in SectionAudience.values:
        Profile.objects.filter(pk=profile.pk).update(about_visibility=audience)
        in_sql = Profile.objects.filter(
            audience_q(who, "about_visibility", "user", sections=True), pk=profile.pk
        ).exists()
        assert in_sql is in_audience(who, cast.alice, audience), audience
    for chosen in OpenToWorkAudience.values:
        Profile.objects.filter(pk=profile.pk).update(open_to_work_audience=chosen)
        profile.refresh_from_db()
        in_sql = Profile.objects.open_to_work_shown_to(who).filter(pk=profile.pk).exists()
        assert in_sql is profile.open_to_work_visible_to(who), chosen


def test_her_current_employer_is_found_by_name_whatever_its_case(cast):
    profile = cast.alice.profile
    assert profile.open_to_work_visible_to(cast.oscar) is False
    # Once she has left the café, its recruiters are recruiters like any other.
    Experience.objects.filter(organization_name="CAFÉ DU COIN").update(end="2024-01-01")
    profile = Profile.objects.get(pk=profile.pk)
    assert profile.open_to_work_visible_to(cast.oscar) is True
    assert profile.open_to_work_visible_to(cast.hugo) is False  # still hidden from
    profile.hidden_from_employers.clear()
    assert Profile.objects.get(pk=profile.pk).open_to_work_visible_to(cast.hugo) is True


def test_a_past_employer_is_not_her_employer(cast):
    """Rita's employer is a PAST job of alice's (it has an end date): rita sees her."""
    assert cast.alice.profile.open_to_work_visible_to(cast.rita) is True


def test_an_employer_that_loses_its_verification_loses_the_audience(cast, as_user):
    cast.rita.memberships.get().organization.__class__.objects.filter(
        slug="boulangerie-dupain"
    ).update(verified=False)
    client = as_user(cast.rita)
    assert client.get("/api/v1/profiles/alice-martin").json()["open_to_work"] is False
    assert client.get("/api/v1/recruiting/candidates").status_code == 403


def test_the_privacy_page_offers_the_audience_and_the_employers_to_hide_from(cast, as_user):
    client = as_user(cast.alice)
    page = client.get("/en/profile/privacy/").content.decode()
    assert 'value="recruiters"' in page
    assert "Boulangerie Dupain" in page and "Inconnu inc." in page
    form = {f"{s}_visibility": "members" for s in ("basics", "about", "experience")}
    form |= {f"{s}_visibility": "recruiters" for s in ("education", "skills", "languages")}
    form |= {"interests_visibility": "connections", "recommendations_visibility": "members"}
    oscar_employer = cast.oscar.memberships.get().organization
    form["hidden_from_employers"] = [str(oscar_employer.pk)]
    assert client.post("/en/profile/privacy/", form).status_code == 302
    profile = Profile.objects.get(user=cast.alice)
    assert profile.skills_visibility == "recruiters"
    assert list(profile.hidden_from_employers.all()) == [oscar_employer]


def test_the_profile_api_accepts_the_recruiters_audience(cast, as_user):
    client = as_user(cast.alice)
    response = client.patch(
        "/api/v1/profiles/me",
        {"visibility": {"skills": "recruiters"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["visibility"]["skills"] == "recruiters"
    wrong = client.patch(
        "/api/v1/profiles/me",
        {"visibility": {"skills": "headhunters"}},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    basics = client.patch(
        "/api/v1/profiles/me",
        {"visibility": {"basics": "recruiters"}},
        content_type="application/json",
    )
    assert basics.status_code == 422  # who finds her at all is never "recruiters" only


def test_the_profile_api_sets_the_employers_to_hide_from(cast, as_user):
    client = as_user(cast.alice)
    response = client.patch(
        "/api/v1/profiles/me",
        {"hidden_from_employers": ["boulangerie-dupain"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["hidden_from_employers"] == ["boulangerie-dupain"]
    assert Profile.objects.get(user=cast.alice).open_to_work_visible_to(cast.rita) is False
    unknown = client.patch(
        "/api/v1/profiles/me",
        {"hidden_from_employers": ["agence-horizon"], "headline": "Changée"},
        content_type="application/json",
    )
    assert unknown.status_code == 404  # an agency is no employer; nothing is changed
    assert "agence-horizon" in unknown.json()["detail"]
    assert Profile.objects.get(user=cast.alice).headline != "Changée"
