"""The postings API: the same actions as the pages, JSON errors with documented 4xx
statuses, bounded input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.jobs.conftest import posting_data
from tremplin.api.services import create_token
from tremplin.jobs import services
from tremplin.jobs.models import Posting, PostingReport, PostingStatus

API = "/api/v1/jobs"


def body(**overrides) -> dict:
    data = {
        "title_fr": "Boulanger ou boulangère",
        "description_fr": "Pain au levain.",
        "region": "ON",
        "city": "Ottawa",
        "salary_min": "22.50",
        "salary_max": "28.00",
        "apply_method": "url",
        "apply_url": "https://boulangerie.example.org/emplois",
        "valid_through": (timezone.now() + dt.timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


def post(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    found = response.json()
    assert isinstance(found["detail"], str) and found["detail"]
    return found


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/mine"),
        ("get", "/review"),
        ("get", "/reports"),
        ("post", ""),
        ("patch", "/1"),
        ("post", "/1/publish"),
        ("post", "/1/close"),
        ("post", "/1/reopen"),
        ("post", "/1/approve"),
        ("post", "/1/reject"),
        ("post", "/1/remove"),
    ],
)
def test_anonymous_callers_get_a_401_in_json(db, method, url):
    error(getattr(Client(), method)(API + url, content_type="application/json"), 401)


def test_a_verified_employer_posts_and_publishes(jobs, browser):
    victor = browser("victor")
    made = post(victor, API, body(publish=True))
    assert made.status_code == 201, made.content
    found = made.json()
    assert found["status"] == "open" and found["is_open"] is True
    assert found["organization"] == "boulangerie-soleil" and found["organization_verified"]
    assert found["salary_min"] == 22.5 and found["salary_min_yearly"] == 46800.0
    assert found["json_ld"]["@type"] == "JobPosting"
    assert found["manager"] is True
    # Everyone sees it in the list, visitors included.
    listed = Client().get(API).json()
    assert [p["id"] for p in listed["results"]] == [found["id"]]
    assert listed["next_offset"] is None


def test_an_unverified_employer_is_sent_to_review(jobs, browser):
    made = post(browser("ursula"), API, body(publish=True))
    assert made.status_code == 201 and made.json()["status"] == "review"


def test_a_held_posting_says_why(jobs, browser):
    made = post(browser("victor"), API, body(publish=True, description_fr="Envoyez votre NAS."))
    found = made.json()
    assert found["status"] == "review"
    assert [r["code"] for r in found["hold_reasons"]] == ["sin"]
    assert found["hold_reasons"][0]["label"]


@pytest.mark.parametrize("name", ["alice", "carol", "mallory"])
def test_members_who_are_not_employers_or_staff_get_a_403(jobs, browser, name):
    error(post(browser(name), API, body()), 403)
    assert not Posting.objects.exists()


def test_posting_for_an_organisation_one_does_not_belong_to_is_a_403(jobs, browser):
    error(post(browser("ursula"), API, body(organization="boulangerie-soleil")), 403)
    error(post(browser("frank"), API, body(agency="agence-horizon")), 403)
    error(post(browser("victor"), API, body(organization="no-such-employer")), 404)


@pytest.mark.parametrize(
    "overrides",
    [
        {"salary_min": "30", "salary_max": "20"},
        {"salary_min": "-1"},
        {"salary_min": "1.234"},
        {"valid_through": "2001-01-01T00:00:00Z"},
        {"valid_through": "9999-01-01T00:00:00Z"},
        {"apply_url": "ftp://example.org"},
        {"title_fr": "", "description_fr": ""},
        {"region": "ZZ"},
        {"title_fr": "x" * 201},
        {"status": "open"},
        {"title_fr": "nul\x00"},
        {"publish": "yes"},
    ],
)
def test_bad_input_is_a_422_in_json(jobs, browser, overrides):
    error(post(browser("victor"), API, body(**overrides)), 422)
    assert not Posting.objects.exists()


def test_update_changes_only_what_is_sent(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    victor = browser("victor")
    answer = patch(victor, f"{API}/{posting.pk}", {"title_en": "Baker", "description_en": "Bread"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["title_en"] == "Baker"
    assert answer.json()["title_fr"] == "Boulanger ou boulangère"
    error(patch(victor, f"{API}/{posting.pk}", {"salary_max": "1"}), 422)
    error(patch(browser("carol"), f"{API}/{posting.pk}", {"title_fr": "x"}), 403)
    draft = services.create_posting(jobs.victor, posting_data())
    error(patch(browser("carol"), f"{API}/{draft.pk}", {"title_fr": "x"}), 404)


def test_the_lifecycle_over_the_api(jobs, browser):
    victor, greta, ursula = browser("victor"), browser("greta"), browser("ursula")
    draft = post(victor, API, body()).json()
    assert draft["status"] == "draft"
    assert post(victor, f"{API}/{draft['id']}/publish").json()["status"] == "open"
    error(post(victor, f"{API}/{draft['id']}/publish"), 409)
    assert post(victor, f"{API}/{draft['id']}/close").json()["status"] == "closed"
    error(post(victor, f"{API}/{draft['id']}/close"), 409)
    reopened = post(victor, f"{API}/{draft['id']}/reopen", {"valid_through": None})
    assert reopened.json()["status"] == "open"

    waiting = post(ursula, API, body(publish=True)).json()
    error(post(browser("dave"), f"{API}/{waiting['id']}/approve", {}), 404)
    error(post(greta, f"{API}/{waiting['id']}/reject", {"note": ""}), 422)
    approved = post(greta, f"{API}/{waiting['id']}/approve", {"note": "OK"})
    assert approved.json()["status"] == "open"
    error(post(greta, f"{API}/{waiting['id']}/approve", {}), 409)


def test_reports_and_removal_over_the_api(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    made = post(Client(), f"{API}/{posting.pk}/report", {"reason": "scam", "details": "NAS"})
    assert made.status_code == 201 and made.json()["reason"] == "scam"
    error(post(Client(), f"{API}/{posting.pk}/report", {"reason": "bof"}), 422)
    error(post(browser("carol"), f"{API}/{posting.pk}/remove", {}), 403)
    removed = post(browser("mallory"), f"{API}/{posting.pk}/remove", {"note": "Arnaque"})
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    error(Client().get(f"{API}/{posting.pk}"), 404)
    error(post(Client(), f"{API}/{posting.pk}/report", {"reason": "scam"}), 404)
    assert PostingReport.objects.filter(resolved_at__isnull=False).count() == 1


def test_reports_are_rate_limited(jobs):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    client = Client()
    for _n in range(services.REPORTS_PER_HOUR):
        assert post(client, f"{API}/{posting.pk}/report", {"reason": "other"}).status_code == 201
    error(post(client, f"{API}/{posting.pk}/report", {"reason": "other"}), 429)


def test_json_ld_endpoint(jobs, client):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    found = client.get(f"{API}/{posting.pk}/json-ld")
    assert found.status_code == 200 and found.json()["@type"] == "JobPosting"
    services.close(jobs.victor, posting)
    error(client.get(f"{API}/{posting.pk}/json-ld"), 404)


def test_a_read_only_token_cannot_write(jobs):
    _token, raw = create_token(jobs.victor, "lecture", can_write=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get(f"{API}/mine", **headers).status_code == 200
    error(post(Client(), API, body(), **headers), 403)
    assert not Posting.objects.exists()


def test_paging_and_bounds(jobs, browser):
    for n in range(3):
        services.create_posting(jobs.victor, posting_data(title_fr=f"Poste {n}"), publish=True)
    page = Client().get(API, {"limit": 2}).json()
    assert len(page["results"]) == 2 and page["next_offset"] == 2
    rest = Client().get(API, {"limit": 2, "offset": 2}).json()
    assert len(rest["results"]) == 1 and rest["next_offset"] is None
    error(Client().get(API, {"limit": 500}), 422)
    error(Client().get(f"{API}/99999999999"), 422)
    assert Posting.objects.filter(status=PostingStatus.OPEN).count() == 3


def test_a_reviewer_who_refuses_gets_the_refused_posting_back(jobs, browser):
    waiting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    refused = post(browser("greta"), f"{API}/{waiting.pk}/reject", {"note": "Salaire?"})
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"
    assert refused.json()["review_note"] == "Salaire?"


def test_a_body_that_is_not_json_is_a_400(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    answer = browser("victor").generic(
        "PATCH", f"{API}/{posting.pk}", b"\x00", content_type="application/json"
    )
    error(answer, 400)
