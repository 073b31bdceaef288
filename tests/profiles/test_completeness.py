"""The completeness meter: its value rises and its next step moves on as the profile fills."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.utils import translation

from tremplin.profiles.models import Education, Experience, LanguageSkill, Skill
from tremplin.profiles.queries import completeness

# (what the member does, the page the meter then points to); None once complete.
STEPS = [
    (lambda p: setattr(p, "headline", "Soudeuse"), "profiles:photo"),
    (lambda p: p.photo.save("x.jpg", ContentFile(b"\xff\xd8\xff"), save=False), "profiles:edit"),
    (lambda p: (setattr(p, "city", "Ottawa"), setattr(p, "region", "ON")), "profiles:edit"),
    (lambda p: setattr(p, "about", "Bonjour."), "profiles:experience_add"),
    (
        lambda p: Experience.objects.create(
            profile=p, title="Soudeuse", organization_name="Acier", start=date(2020, 1, 1)
        ),
        "profiles:education_add",
    ),
    (
        lambda p: Education.objects.create(
            profile=p, school="Cité", program="Soudage", start_year=2018
        ),
        "profiles:edit",
    ),
    (lambda p: Skill.objects.create(profile=p, name="MIG"), "profiles:language_add"),
    (lambda p: LanguageSkill.objects.create(profile=p, language="Français", level="native"), None),
]


def test_a_new_profile_starts_empty_and_asks_for_a_headline(personas):
    done = completeness(personas.alice.profile)
    assert done.percent == 0
    assert done.next_url_name == "profiles:edit"
    assert "titre de profil" in done.next_step  # French is the default language
    with translation.override("en"):
        assert "headline" in completeness(personas.alice.profile).next_step


def test_each_step_raises_the_meter_and_moves_the_next_step_on(personas):
    profile = personas.alice.profile
    previous = completeness(profile).percent
    for action, next_page in STEPS:
        action(profile)
        profile.save()
        done = completeness(profile)
        assert done.percent > previous
        assert done.next_url_name == next_page
        previous = done.percent
    assert previous == 100
    assert completeness(profile).next_step is None


def test_the_owner_sees_the_meter_and_its_next_step_on_her_page(personas, as_user):
    client = as_user(personas.alice)
    page = client.get("/fr/p/alice-martin/").content.decode()
    assert 'value="0"' in page
    assert 'href="/fr/profile/edit/"' in page

    profile = personas.alice.profile
    profile.headline = "Soudeuse"
    profile.save()
    page = client.get("/fr/p/alice-martin/").content.decode()
    expected = completeness(profile).percent
    assert expected > 0
    assert f'value="{expected}"' in page
    assert '<a href="/fr/profile/photo/">' in page

    dashboard = client.get("/fr/").content.decode()
    assert f'value="{expected}"' in dashboard


def test_visitors_never_see_someone_elses_meter(personas, as_user):
    page = as_user(personas.bob).get("/fr/p/alice-martin/").content.decode()
    assert "completeness-meter" not in page


def test_the_api_reports_the_same_completeness(personas, as_user):
    client = as_user(personas.alice)
    assert client.get("/api/v1/profiles/me").json()["completeness"] == 0
    profile = personas.alice.profile
    profile.headline = "Soudeuse"
    profile.about = "Bonjour."
    profile.save()
    data = client.get("/api/v1/profiles/me").json()
    assert data["completeness"] == completeness(profile).percent > 0
    assert data["next_step"] == completeness(profile).next_step
