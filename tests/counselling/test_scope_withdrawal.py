"""A withdrawn scope takes effect on the very next request: dave stops seeing alice's
counsellor-only profile sections as soon as she unticks "profile" (or pauses, or ends)."""

from __future__ import annotations

import pytest

from tremplin.core.audience import Audience

MARKER = "Quokkabout"


@pytest.fixture
def counsellor_only_about(crew):
    profile = crew.alice.profile
    profile.basics_visibility = Audience.MEMBERS
    profile.about = f"Je suis {MARKER}."
    profile.about_visibility = Audience.COUNSELLORS
    profile.save()
    return profile


def sees_about(browser) -> bool:
    page = browser.get("/fr/p/alice-martin/")
    api = browser.get("/api/v1/profiles/alice-martin")
    assert page.status_code == api.status_code == 200
    in_page = MARKER in page.content.decode()
    in_api = MARKER in api.content.decode()
    assert in_page == in_api
    return in_page


@pytest.mark.parametrize(
    "withdraw",
    [
        ("post", "scopes", {"case{pk}-scopes": ["documents", "messages"]}),
        ("post", "pause", {}),
        ("post", "end", {}),
    ],
)
def test_withdrawing_the_profile_scope_hides_the_sections_at_once(
    browser_of, crew, counsellor_only_about, withdraw
):
    dave, alice, erin = browser_of("dave"), browser_of("alice"), browser_of("erin")
    assert sees_about(dave)
    assert not sees_about(erin)  # another counsellor of the same agency
    _, action, data = withdraw
    data = {key.format(pk=crew.case.pk): value for key, value in data.items()}
    response = alice.post(f"/fr/counselling/cases/{crew.case.pk}/{action}/", data)
    assert response.status_code == 302
    assert not sees_about(dave)


def test_granting_it_again_shows_them_again(browser_of, crew, counsellor_only_about):
    dave, alice = browser_of("dave"), browser_of("alice")
    url = f"/api/v1/counselling/cases/{crew.case.pk}/scopes"
    alice.put(url, '{"scopes": []}', content_type="application/json")
    assert not sees_about(dave)
    alice.put(url, '{"scopes": ["profile"]}', content_type="application/json")
    assert sees_about(dave)


def test_an_invitation_grants_nothing_before_it_is_accepted(
    browser_of, crew, counsellor_only_about
):
    from tremplin.counselling import services

    services.end(crew.alice, crew.case)
    case = services.invite(crew.frank, crew.other_agency, client=crew.alice)
    frank = browser_of("frank")
    assert not sees_about(frank)
    services.accept(crew.alice, case, ["profile"])
    assert sees_about(frank)
