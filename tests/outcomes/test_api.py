"""The outcomes API: documented codes, JSON errors, the same privacy as the pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import give_totp, make_member
from tests.outcomes.conftest import answered, closed_case, invitation_with_link
from tests.personas import CASE_VIEWERS
from tremplin.organizations.models import Role
from tremplin.outcomes.models import SurveyInvitation, SurveyKind, SurveyResponse

pytestmark = pytest.mark.django_db
API = "/api/v1/outcomes"


def post(client, url, body=None):
    return client.post(API + url, json.dumps(body or {}), content_type="application/json")


def error(response, status):
    assert response.status_code == status, response.content
    assert isinstance(response.json()["detail"], str)


def test_answer_by_token_codes(crew, browser_of):
    anonymous = browser_of("anonymous")
    invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    error(post(anonymous, "/surveys/answer", {"token": signed, "score": 9}), 422)
    error(post(anonymous, "/surveys/answer", {"token": signed[:-3] + "xyz", "score": 4}), 404)
    done = post(anonymous, "/surveys/answer", {"token": signed, "score": 4, "comment": "ok"})
    assert done.status_code == 201 and done.json()["survey_id"] == invitation.pk
    error(post(anonymous, "/surveys/answer", {"token": signed, "score": 4}), 409)
    _old, expired = invitation_with_link(
        closed_case(crew.agency, crew.dave), expires_at=timezone.now() - timedelta(days=1)
    )
    error(post(anonymous, "/surveys/answer", {"token": expired, "score": 4}), 410)
    error(post(anonymous, "/surveys/answer", {"token": "", "score": 4}), 422)
    error(post(anonymous, "/surveys/answer", {"token": signed, "score": 4, "x": 1}), 422)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_alice_answers_and_lists_her_surveys(crew, browser_of, name):
    invitation, _signed = invitation_with_link(crew.case, SurveyKind.MID_SERVICE)
    client = browser_of(name)
    mine = client.get(API + "/surveys/mine")
    response = post(client, f"/surveys/{invitation.pk}/answer", {"score": 5})
    if name == "alice":
        assert [s["id"] for s in mine.json()] == [invitation.pk]
        assert "score" not in mine.json()[0]
        assert response.status_code == 201
        error(post(client, f"/surveys/{invitation.pk}/answer", {"score": 5}), 409)
    elif name == "anonymous":
        error(mine, 401)
        error(response, 401)
    else:
        assert mine.json() == []
        error(response, 404)


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_the_counsellor_sends_a_mid_service_survey(crew, browser_of, name):
    client = browser_of(name)
    response = post(client, f"/cases/{crew.case.pk}/surveys")
    if name == "dave":
        assert response.status_code == 201
        assert response.json()["kind"] == "mid_service"
        error(post(client, f"/cases/{crew.case.pk}/surveys"), 409)
    else:
        error(response, 401 if name == "anonymous" else 404)
    assert SurveyInvitation.objects.count() == (1 if name == "dave" else 0)


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_greta_reads_the_report(crew, browser_of, name):
    for score in (5, 5, 4, 3, 1):
        answered(crew.agency, crew.dave, score)
    answered(crew.agency, crew.erin, 5)
    response = browser_of(name).get(API + "/agencies/agence-horizon/report")
    if name != "greta":
        error(response, 401 if name == "anonymous" else 404)
        return
    body = response.json()
    assert body["satisfaction"]["overall"] == {
        "key": "all",
        "label": "Toutes les réponses",  # the API speaks French unless asked otherwise
        "answers": 6,
        "satisfied_percent": 67,
        "suppressed": False,
    }
    groups = body["satisfaction"]["by_counsellor"]
    assert [(g["answers"], g["satisfied_percent"], g["suppressed"]) for g in groups] == [
        (None, None, True),
        (None, None, True),
    ]
    assert body["active_now"] == {"value": None, "suppressed": True}


def test_the_report_refuses_bad_dates_and_other_admins(crew, browser_of, as_user):
    greta = browser_of("greta")
    url = API + "/agencies/agence-horizon/report"
    error(greta.get(url + "?start=2025-06-01&end=2025-01-01"), 422)
    error(greta.get(url + "?start=not-a-date"), 422)
    error(greta.get(url + "?start=1800-01-01"), 422)
    assert greta.get(url + "?start=2025-01-01&end=2025-06-30").json()["end"] == "2025-06-30"
    hank = make_member(crew.other_agency, Role.ADMIN, email="hank@example.org", name="Hank")
    give_totp(hank)
    error(as_user(hank).get(url), 404)
