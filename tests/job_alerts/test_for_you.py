"""Jobs for you: the ranking and its reasons, the page, the preferences, the case
page's best matches, and who may see them (personas)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import client_for
from tremplin.job_alerts import foryou
from tremplin.job_alerts.foryou_services import save_preferences, wants_digest
from tremplin.jobs.models import PostingAudience, Workplace
from tremplin.profiles.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def wished(crew, make_posting):
    """alice looks for "cuisinier" in Ontario, knows "pâtisserie"; postings around it."""
    Skill.objects.create(profile=crew.alice.profile, name="Pâtisserie")
    save_preferences(
        crew.alice,
        {"desired_roles": "Cuisinier", "region": "ON", "min_salary": "40000",
         "salary_unit": "YEAR", "languages": ["fr"]},
    )  # fmt: skip
    crew.best = make_posting(
        title_fr="Cuisinière de nuit", description_fr="Pâtisserie et service.", region="ON",
        salary_min=25, salary_unit="HOUR", salary_min_yearly=52000,
    )  # fmt: skip
    crew.skill_only = make_posting(title_fr="Aide", description_fr="Pâtisserie fine.")
    crew.remote = make_posting(
        title_fr="Cuisinier conseil", region="BC", workplace=Workplace.REMOTE
    )
    crew.elsewhere = make_posting(title_fr="Cuisinier", region="QC")
    crew.unrelated = make_posting(title_fr="Soudeur", description_fr="Soudure.")
    crew.english_only = make_posting(title_fr="Cuisinier", requires_english=True)
    return crew


def test_ranks_by_role_skills_place_and_salary_with_reasons(wished):
    found = foryou.suggest(wished.alice)
    ids = [s.posting.pk for s in found]
    assert ids == [wished.best.pk, wished.remote.pk, wished.skill_only.pk]
    codes = [r["code"] for r in found[0].reasons]
    assert codes == ["role", "skills", "region", "language", "salary"]
    with translation.override("fr"):
        assert "Le titre correspond" in found[0].sentences[0]
    with translation.override("en"):
        assert found[0].sentences[0] == ("The title matches a job you are looking for: Cuisinier.")


def test_never_suggests_a_posting_the_member_may_not_see(wished, make_posting):
    hidden = make_posting(title_fr="Cuisinier", audience=PostingAudience.AGENCY)
    hidden.agency = wished.other_agency
    hidden.save()
    draft = make_posting(open_it=False, title_fr="Cuisinier")
    ids = {s.posting.pk for s in foryou.suggest(wished.alice)}
    assert hidden.pk not in ids and draft.pk not in ids and wished.best.pk in ids


def test_the_page_lists_reasons_and_the_empty_state_says_what_to_fill(wished):
    page = client_for(wished.alice).get(reverse("job_alerts:for_you"))
    assert page.status_code == 200
    assert wished.best.title_fr in page.content.decode()
    empty = client_for(wished.carol).get(reverse("job_alerts:for_you"))
    assert empty.status_code == 200
    assert reverse("job_alerts:preferences") in empty.content.decode()
    assert client_for(None).get(reverse("job_alerts:for_you")).status_code == 302


def test_preferences_form_saves_and_keeps_bad_input(crew):
    browser = client_for(crew.bob)
    url = reverse("job_alerts:preferences")
    assert browser.get(url).status_code == 200
    bad = browser.post(url, {"desired_roles": "a, b, c, d, e, f", "remote": "also",
                             "salary_unit": "YEAR"})  # fmt: skip
    assert bad.status_code == 400
    assert "a, b, c, d, e, f" in bad.content.decode()
    good = browser.post(url, {"desired_roles": "Soudeur", "remote": "only",
                              "salary_unit": "HOUR", "min_salary": "22",
                              "languages": ["en"], "weekly_digest": "on"})  # fmt: skip
    assert good.status_code == 302
    assert crew.bob.job_preferences.roles == ["Soudeur"]
    assert wants_digest(crew.bob)
