"""Editing one's profile: bad input gets a clear message, keeps the typed text, never 500s;
nobody can reach another member's items."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.html import escape

from tests.factories import UserFactory
from tremplin.core.audience import Audience
from tremplin.profiles.models import Education, Experience, LanguageSkill, Skill

PHONE = "Appelez-moi au 613-555-0199"
SIN = "Mon NAS est 130 692 544"


def profile_form(**overrides) -> dict:
    data = {
        "display_name": "Alice Martin",
        "headline": "Soudeuse certifiée",
        "city": "Ottawa",
        "region": "ON",
        "about": "",
        "skills_text": "",
        "interests": "",
        "open_to_work_audience": "counsellors",
        "service_language": "fr",
    }
    data.update(overrides)
    return data


def test_the_edit_form_saves_a_clean_profile(personas, as_user):
    response = as_user(personas.alice).post(
        "/fr/profile/edit/", profile_form(skills_text="soudure,  Soudure , lecture de plans")
    )
    assert response.status_code == 302
    profile = personas.alice.profile
    profile.refresh_from_db()
    assert profile.headline == "Soudeuse certifiée"
    assert sorted(s.name for s in profile.skills.all()) == ["lecture de plans", "soudure"]


@pytest.mark.parametrize(("field", "text"), [("headline", PHONE), ("about", SIN)])
def test_personal_data_in_the_profile_is_warned_about_and_the_text_is_kept(
    personas, as_user, field, text
):
    client = as_user(personas.alice)
    response = client.post("/fr/profile/edit/", profile_form(**{field: text}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.pii_warnings
    html = response.content.decode()
    assert escape(form.pii_warnings[0]) in html
    assert escape(text) in html  # the typed text is still in the form
    assert 'name="confirm_pii"' in html
    personas.alice.profile.refresh_from_db()
    assert getattr(personas.alice.profile, field) == ""

    confirmed = client.post("/fr/profile/edit/", profile_form(**{field: text}, confirm_pii="on"))
    assert confirmed.status_code == 302
    personas.alice.profile.refresh_from_db()
    assert getattr(personas.alice.profile, field) == text


def test_a_phone_number_typed_as_a_skill_is_warned_about_too(personas, as_user):
    response = as_user(personas.alice).post(
        "/fr/profile/edit/", profile_form(skills_text="soudure, 613-555-0199")
    )
    assert response.status_code == 200
    assert "skills_text" in response.context["form"].errors
    assert "613-555-0199" in response.content.decode()
    assert not personas.alice.profile.skills.exists()


def test_the_edit_form_shows_the_current_skills(personas, as_user):
    Skill.objects.create(profile=personas.alice.profile, name="Soudure")
    Skill.objects.create(profile=personas.alice.profile, name="Anglais technique")
    form = as_user(personas.alice).get("/fr/profile/edit/").context["form"]
    assert form["skills_text"].value() == "Anglais technique, Soudure"


def test_an_empty_edit_form_says_what_is_missing(personas, as_user):
    response = as_user(personas.alice).post("/fr/profile/edit/", {})
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors


def test_a_bad_choice_on_the_privacy_page_is_refused_without_a_500(personas, as_user):
    client = as_user(personas.alice)
    data = {
        f"{s}_visibility": "members" for s in ("basics", "about", "experience", "recommendations")
    }
    data.update({f"{s}_visibility": "only_me" for s in ("education", "skills", "languages")})
    data["interests_visibility"] = "everyone-on-earth"
    response = client.post("/fr/profile/privacy/", data)
    assert response.status_code == 200
    assert "interests_visibility" in response.context["form"].errors
    data["interests_visibility"] = "public"
    assert client.post("/fr/profile/privacy/", data).status_code == 302
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.interests_visibility == Audience.PUBLIC
    assert personas.alice.profile.skills_visibility == Audience.ONLY_ME


def test_an_experience_that_ends_before_it_starts_is_refused_and_kept(personas, as_user):
    data = {
        "title": "Soudeuse de nuit",
        "organization_name": "Acier Ottawa",
        "start": "2021-05-01",
        "end": "2020-01-01",
        "description": "Soudure MIG et TIG.",
    }
    response = as_user(personas.alice).post("/fr/profile/experience/add/", data)
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    html = response.content.decode()
    assert "Soudeuse de nuit" in html and "Soudure MIG et TIG." in html
    assert not Experience.objects.exists()


@pytest.mark.parametrize("start", ["2021-13-45", "hier", ""])
def test_an_experience_with_an_unreadable_date_is_refused_without_a_500(personas, as_user, start):
    response = as_user(personas.alice).post(
        "/fr/profile/experience/add/",
        {"title": "Soudeuse", "organization_name": "Acier", "start": start},
    )
    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert not Experience.objects.exists()


def test_an_experience_with_a_phone_number_needs_confirmation(personas, as_user):
    client = as_user(personas.alice)
    data = {
        "title": "Soudeuse",
        "organization_name": "Acier",
        "start": "2020-01-01",
        "description": PHONE,
    }
    response = client.post("/fr/profile/experience/add/", data)
    assert response.status_code == 200
    assert response.context["form"].pii_warnings
    assert escape(PHONE) in response.content.decode()
    assert not Experience.objects.exists()
    assert (
        client.post("/fr/profile/experience/add/", {**data, "confirm_pii": "on"}).status_code == 302
    )
    assert Experience.objects.get().description == PHONE


@pytest.mark.parametrize("year", ["1800", "2200", "99999999999999", "-3", "deux mille"])
def test_an_education_year_out_of_range_is_refused_and_the_text_kept(personas, as_user, year):
    data = {"school": "Cité collégiale", "program": "Soudage", "start_year": year}
    response = as_user(personas.alice).post("/fr/profile/education/add/", data)
    assert response.status_code == 200
    assert "start_year" in response.context["form"].errors
    assert "Cité collégiale" in response.content.decode()
    assert not Education.objects.exists()


def test_an_education_that_ends_before_it_starts_is_refused(personas, as_user):
    data = {"school": "Cité", "program": "Soudage", "start_year": "2018", "end_year": "2016"}
    response = as_user(personas.alice).post("/fr/profile/education/add/", data)
    assert response.status_code == 200
    assert "end_year" in response.context["form"].errors
    assert not Education.objects.exists()


def test_the_same_language_twice_is_refused_whatever_its_case_and_spaces(personas, as_user):
    client = as_user(personas.alice)
    first = client.post("/fr/profile/language/add/", {"language": "Français", "level": "native"})
    assert first.status_code == 302
    again = client.post("/fr/profile/language/add/", {"language": "  français ", "level": "fluent"})
    assert again.status_code == 200
    assert "language" in again.context["form"].errors
    assert LanguageSkill.objects.count() == 1


def test_a_language_can_be_edited_without_clashing_with_itself(personas, as_user):
    item = LanguageSkill.objects.create(
        profile=personas.alice.profile, language="Anglais", level="basic"
    )
    response = as_user(personas.alice).post(
        f"/fr/profile/language/{item.pk}/", {"language": "Anglais", "level": "fluent"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.level == "fluent"


@pytest.fixture
def bobs_items(personas):
    profile = personas.bob.profile
    return {
        "experience": Experience.objects.create(
            profile=profile, title="Cuisinier", organization_name="Resto", start=date(2019, 1, 1)
        ),
        "education": Education.objects.create(
            profile=profile, school="École", program="Cuisine", start_year=2010
        ),
        "language": LanguageSkill.objects.create(
            profile=profile, language="Espagnol", level="basic"
        ),
    }


@pytest.mark.parametrize("kind", ["experience", "education", "language"])
def test_another_members_item_is_a_404_to_read_change_or_delete(
    personas, as_user, bobs_items, kind
):
    item = bobs_items[kind]
    client = as_user(personas.alice)
    assert client.get(f"/fr/profile/{kind}/{item.pk}/").status_code == 404
    assert client.post(f"/fr/profile/{kind}/{item.pk}/", {"title": "Pirate"}).status_code == 404
    assert client.post(f"/fr/profile/{kind}/{item.pk}/delete/").status_code == 404
    assert type(item).objects.filter(pk=item.pk).exists()
    # bob himself can
    assert as_user(personas.bob).get(f"/fr/profile/{kind}/{item.pk}/").status_code == 200


@pytest.mark.parametrize("kind", ["experience", "education", "language"])
def test_an_unknown_item_is_a_404(personas, as_user, kind):
    client = as_user(personas.alice)
    assert client.get(f"/fr/profile/{kind}/987654/").status_code == 404
    assert client.post(f"/fr/profile/{kind}/987654/delete/").status_code == 404


def test_the_owner_deletes_her_item_with_a_post_only(personas, as_user):
    item = Experience.objects.create(
        profile=personas.alice.profile, title="Caissière", organization_name="Épicerie",
        start=date(2018, 1, 1),
    )  # fmt: skip
    client = as_user(personas.alice)
    assert client.get(f"/fr/profile/experience/{item.pk}/delete/").status_code == 405
    assert Experience.objects.filter(pk=item.pk).exists()
    assert client.post(f"/fr/profile/experience/{item.pk}/delete/").status_code == 302
    assert not Experience.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/fr/profile/edit/",
        "/fr/profile/privacy/",
        "/fr/profile/photo/",
        "/fr/profile/experience/add/",
        "/fr/profile/language/add/",
    ],
)
def test_editing_pages_send_anonymous_visitors_to_sign_in(db, as_user, url):
    response = as_user(None).get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_member_with_a_taken_name_gets_a_distinct_handle(personas):
    twin = UserFactory(email="alice2@example.org", name="Alice Martin")
    assert twin.profile.handle == "alice-martin-2"
