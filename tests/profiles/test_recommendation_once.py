"""A member cannot give the same recommendation twice (issue 15): once the recipient has
approved (or hidden) a recommendation, its author cannot write another; only a declined
one may be written again. These tests fail on the code before the fix, which refused only
a second *pending* recommendation."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tests.profiles.test_recommendations import API_WRITE, GOOD, WRITE, post_json
from tremplin.core.audience import Audience
from tremplin.profiles.models import Recommendation, RecommendationStatus
from tremplin.profiles.services import decide_recommendation

pytestmark = pytest.mark.usefixtures("public_alice")


@pytest.fixture
def public_alice(personas):
    profile = personas.alice.profile
    profile.basics_visibility = Audience.PUBLIC
    profile.save()
    return profile


def _written_and_decided(personas, as_user, status: str) -> None:
    assert post_json(as_user(personas.bob), API_WRITE, GOOD).status_code == 201
    rec = Recommendation.objects.get()
    decide_recommendation(personas.alice, rec.pk, RecommendationStatus.APPROVED)
    if status == RecommendationStatus.HIDDEN:
        decide_recommendation(personas.alice, rec.pk, RecommendationStatus.HIDDEN)


@pytest.mark.parametrize("status", [RecommendationStatus.APPROVED, RecommendationStatus.HIDDEN])
def test_the_api_refuses_a_second_recommendation_with_a_409(personas, as_user, status):
    _written_and_decided(personas, as_user, status)
    again = post_json(as_user(personas.bob), API_WRITE, {**GOOD, "text": "Encore"})
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/json")
    assert "Vous avez déjà recommandé Alice Martin" in again.json()["detail"]
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "You have already recommended Alice Martin"), ("fr", "Vous avez déjà recommandé")],
)
def test_the_page_refuses_it_in_the_members_language_and_keeps_the_text(
    personas, as_user, lang, said
):
    _written_and_decided(personas, as_user, RecommendationStatus.APPROVED)
    page = as_user(personas.bob).post(
        WRITE.replace("/en/", f"/{lang}/"), {**GOOD, "text": "Un second texte"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert said in html
    assert "Un second texte" in html
    assert Recommendation.objects.count() == 1


def test_after_a_decline_the_author_may_write_again(personas, as_user):
    assert post_json(as_user(personas.bob), API_WRITE, GOOD).status_code == 201
    decide_recommendation(personas.alice, Recommendation.objects.get().pk, "declined")
    assert post_json(as_user(personas.bob), API_WRITE, GOOD).status_code == 201


def test_the_database_refuses_a_second_live_recommendation(personas):
    fields = {"author": personas.bob, "recipient": personas.alice, "relationship": "x"}
    Recommendation.objects.create(**fields, text="a", status=RecommendationStatus.APPROVED)
    Recommendation.objects.create(**fields, text="b", status=RecommendationStatus.DECLINED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(**fields, text="c", status=RecommendationStatus.HIDDEN)
