"""The "profile" scope binds on every path (issue 15, item 4): the sections alice shows
"my counsellors" reach dave while her case grants the scope (the page, the API, people
search by a skill she shows only to counsellors); once she withdraws it or pauses the
link, they are hidden everywhere and he is told why (page and API), and erin and frank
(other counsellors) never see them nor any reason.

REGRESSION: `test_a_withdrawn_profile_scope_hides_the_sections_and_says_why` fails on
629d474 (nothing told dave why the sections were gone)."""

from __future__ import annotations

import pytest

from tests.counselling.consent_paths import OTHERS, api, pause, withdraw
from tremplin.core.audience import Audience
from tremplin.profiles.models import Skill

MARKER = "Quokkabout"
SKILL = "quokkarigging"
SAID = {
    "withdraw": (
        "has not allowed you to see the parts of their profile",
        "ne vous a pas donné la permission de voir les parties de son profil",
    ),
    "pause": (
        "Your counselling link with Alice Martin is paused",
        "Votre suivi avec Alice Martin est en pause",
    ),
}


@pytest.fixture
def for_counsellors(crew):
    profile = crew.alice.profile
    profile.basics_visibility = Audience.MEMBERS
    profile.about = f"Je suis {MARKER}."
    profile.about_visibility = Audience.COUNSELLORS
    profile.skills_visibility = Audience.COUNSELLORS
    profile.save()
    Skill.objects.create(profile=profile, name=SKILL)
    return profile


def seen_by(crew, browser_of, name: str) -> dict[str, object]:
    page = browser_of(name).get("/en/p/alice-martin/")
    token = api(getattr(crew, name))
    answer = token.get("/api/v1/profiles/alice-martin")
    assert page.status_code == answer.status_code == 200
    found_page = browser_of(name).get(f"/en/people/?q={SKILL}").content.decode()
    found_api = token.get(f"/api/v1/profiles?q={SKILL}").json()["results"]
    return {
        "page": page.content.decode(),
        "about": MARKER in page.content.decode(),
        "api_about": answer.json()["about"],
        "notice": answer.json()["counsellor_notice"],
        "search": "alice-martin" in found_page,
        "api_search": [p["handle"] for p in found_api] == ["alice-martin"],
    }


def test_with_the_scope_dave_sees_the_sections_for_counsellors(crew, browser_of, for_counsellors):
    seen = seen_by(crew, browser_of, "dave")
    assert seen["about"] and MARKER in str(seen["api_about"])
    assert seen["search"] and seen["api_search"]
    assert seen["notice"] is None and 'id="counsellor-notice"' not in str(seen["page"])
    for name in OTHERS:
        other = seen_by(crew, browser_of, name)
        assert not other["about"] and other["api_about"] is None
        assert not other["search"] and not other["api_search"]
        assert other["notice"] is None


@pytest.mark.parametrize("how", ["withdraw", "pause"])
def test_a_withdrawn_profile_scope_hides_the_sections_and_says_why(
    crew, browser_of, for_counsellors, how
):
    if how == "withdraw":
        withdraw(browser_of, crew.case, "profile")
    else:
        pause(browser_of, crew.case)
    english, french = SAID[how]
    seen = seen_by(crew, browser_of, "dave")
    assert not seen["about"] and seen["api_about"] is None
    assert not seen["search"] and not seen["api_search"]
    assert english in str(seen["page"]) and english in str(seen["notice"])
    assert french in browser_of("dave").get("/fr/p/alice-martin/").content.decode()
    for name in OTHERS:
        other = seen_by(crew, browser_of, name)
        assert not other["about"] and other["notice"] is None
        assert 'id="counsellor-notice"' not in str(other["page"])
