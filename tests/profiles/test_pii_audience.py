"""The personal-data guard warns only about text that someone else may see: a section
set to "only me" is the member's own notebook (issue 15). Each test fails on the code
before the fix, which warned whatever the section's audience."""

from __future__ import annotations

import json

import pytest

from tests.profiles.test_editing import PHONE, SIN, profile_form
from tremplin.core.audience import Audience
from tremplin.profiles.models import Experience


def _set(profile, **audiences) -> None:
    for section, audience in audiences.items():
        setattr(profile, f"{section}_visibility", audience)
    profile.save()


@pytest.mark.parametrize(
    ("field", "section", "text"),
    [
        ("about", "about", SIN),
        ("headline", "basics", PHONE),
        ("skills_text", "skills", "613-555-0199"),
    ],
)
def test_no_warning_on_a_section_only_i_see(personas, as_user, field, section, text):
    profile = personas.alice.profile
    _set(profile, **{section: Audience.ONLY_ME})
    response = as_user(personas.alice).post("/fr/profile/edit/", profile_form(**{field: text}))
    assert response.status_code == 302, response.context["form"].errors
    profile.refresh_from_db()
    if field == "skills_text":
        assert [s.name for s in profile.skills.all()] == ["613-555-0199"]
    else:
        assert getattr(profile, field) == text


def test_the_warning_stays_for_the_same_text_in_a_section_others_see(personas, as_user):
    _set(personas.alice.profile, about=Audience.ONLY_ME, basics=Audience.MEMBERS)
    response = as_user(personas.alice).post(
        "/fr/profile/edit/", profile_form(about=SIN, headline=PHONE)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["headline"]  # about is only mine: not warned


def test_no_warning_on_an_experience_only_i_see(personas, as_user):
    _set(personas.alice.profile, experience=Audience.ONLY_ME)
    data = {"title": "Soudeuse", "organization_name": "Acier", "start": "2020-01-01"}
    response = as_user(personas.alice).post(
        "/fr/profile/experience/add/", {**data, "description": PHONE}
    )
    assert response.status_code == 302
    assert Experience.objects.get().description == PHONE


def _patch(client, body):
    return client.patch(
        "/api/v1/profiles/me", data=json.dumps(body), content_type="application/json"
    )


def test_the_api_does_not_refuse_text_in_a_section_only_i_see(personas, as_user):
    client = as_user(personas.alice)
    _set(personas.alice.profile, about=Audience.ONLY_ME)
    assert _patch(client, {"about": SIN}).status_code == 200
    # Setting the audience in the same request counts, both ways.
    assert (
        _patch(client, {"headline": PHONE, "visibility": {"basics": "only_me"}}).status_code == 200
    )
    refused = _patch(client, {"about": SIN + " ", "visibility": {"about": "members"}})
    assert refused.status_code == 422
    assert refused.json()["pii"] == {"about": ["sin"]}
