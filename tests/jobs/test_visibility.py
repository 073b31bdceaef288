"""Who sees which posting, persona by persona, on the pages and over the API: drafts,
postings in review, refused and removed ones stay with the people who manage them (and
the reviewers, for the queue); an agency's postings with its staff and clients. Anything
else is a 404, and lists, the Atom feed and the sitemap show open postings only."""

from __future__ import annotations

import pytest

from tests.jobs.conftest import PERSONAS, SEES, viewer
from tremplin.jobs.models import Posting

# Both databases: lists through the job search's filters, the compiled access query
# and the search index.
pytestmark = pytest.mark.both_databases

SITUATIONS = list(SEES)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_queryset_rule_matches_the_table(board, jobs, name):
    visible = set(Posting.objects.visible_to(viewer(jobs, name)).values_list("pk", flat=True))
    for situation in SITUATIONS:
        posting = getattr(board, situation)
        assert (posting.pk in visible) == (name in SEES[situation]), (name, situation)


@pytest.mark.parametrize("name", PERSONAS)
def test_posting_pages_answer_404_outside_the_audience(board, browser, name):
    client = browser(name)
    for situation in SITUATIONS:
        posting = getattr(board, situation)
        page = client.get(f"/fr/jobs/{posting.pk}/")
        expected = 200 if name in SEES[situation] else 404
        assert page.status_code == expected, (name, situation)
        if expected == 200:
            assert posting.title_fr in page.content.decode()


@pytest.mark.parametrize("name", PERSONAS)
def test_the_api_answers_404_outside_the_audience(board, browser, name):
    client = browser(name)
    for situation in SITUATIONS:
        posting = getattr(board, situation)
        answer = client.get(f"/api/v1/jobs/{posting.pk}")
        expected = 200 if name in SEES[situation] else 404
        assert answer.status_code == expected, (name, situation)
        if expected == 404:
            assert answer.json() == {"detail": "Not found."}


@pytest.mark.parametrize("name", PERSONAS)
def test_lists_show_open_postings_of_the_audience_only(board, browser, name):
    client = browser(name)
    page = client.get("/fr/jobs/").content.decode()
    listed = {p["id"] for p in client.get("/api/v1/jobs").json()["results"]}
    for situation in SITUATIONS:
        posting = getattr(board, situation)
        shown = situation in {"public", "members", "agency"} and name in SEES[situation]
        assert (f'href="/fr/jobs/{posting.pk}/"' in page) == shown, (name, situation)
        assert (posting.pk in listed) == shown, (name, situation)


def test_the_feed_and_the_sitemap_show_public_open_postings_only(board, client):
    atom = client.get("/fr/jobs/feed.atom").content.decode()
    sitemap = client.get("/fr/jobs/sitemap.xml").content.decode()
    for situation in SITUATIONS:
        posting = getattr(board, situation)
        listed = situation == "public"
        assert (f"/fr/jobs/{posting.pk}/" in atom) == listed, situation
        assert (f"/fr/jobs/{posting.pk}/<" in sitemap) == listed, situation


@pytest.mark.parametrize("name", PERSONAS)
def test_my_postings_hold_only_what_one_manages(board, browser, name):
    client = browser(name)
    answer = client.get("/api/v1/jobs/mine")
    if name == "anonymous":
        assert answer.status_code == 401
        return
    mine = {p["id"] for p in answer.json()["results"]}
    expected = {
        "victor": {"public", "members", "draft", "removed", "closed"},
        "ursula": {"review", "rejected"},
        "dave": {"agency"},
        "erin": {"agency"},
        "greta": {"agency"},
    }.get(name, set())
    assert mine == {getattr(board, s).pk for s in expected}, name
    page = client.get("/fr/jobs/mine/")
    if expected or name in {"frank"}:
        assert page.status_code == 200
    else:
        assert page.status_code == 403


@pytest.mark.parametrize("name", PERSONAS)
def test_only_agency_admins_open_the_review_queue(board, browser, name):
    client = browser(name)
    page = client.get("/fr/jobs/review/")
    answer = client.get("/api/v1/jobs/review")
    if name == "greta":
        assert page.status_code == 200 and board.review.title_fr in page.content.decode()
        assert [p["id"] for p in answer.json()["results"]] == [board.review.pk]
    elif name == "anonymous":
        assert page.status_code == 302 and answer.status_code == 401
    else:
        assert page.status_code == 403 and answer.status_code == 403


@pytest.mark.parametrize("name", PERSONAS)
def test_the_reports_queue_is_for_moderators_and_agency_admins(board, browser, jobs, name):
    from tremplin.jobs import services

    services.report(jobs.carol, board.public, "scam", "Trop beau pour être vrai")
    client = browser(name)
    page = client.get("/fr/jobs/reports/")
    answer = client.get("/api/v1/jobs/reports")
    if name in {"mallory", "greta"}:
        assert page.status_code == 200 and "Trop beau pour être vrai" in page.content.decode()
        assert [row["posting"]["id"] for row in answer.json()] == [board.public.pk]
    elif name == "anonymous":
        assert page.status_code == 302 and answer.status_code == 401
    else:
        assert page.status_code == 403 and answer.status_code == 403


def test_a_moderator_sees_a_reported_agency_posting_to_judge_it(board, browser, jobs):
    from tremplin.jobs import services

    mallory = browser("mallory")
    assert mallory.get(f"/fr/jobs/{board.agency.pk}/").status_code == 404
    services.report(jobs.alice, board.agency, "misleading")
    assert mallory.get(f"/fr/jobs/{board.agency.pk}/").status_code == 200
    # ...but it does not show in lists.
    assert f"/fr/jobs/{board.agency.pk}/" not in mallory.get("/fr/jobs/").content.decode()


def test_hold_reasons_and_notes_stay_with_managers_and_reviewers(board, browser, jobs):
    from tremplin.jobs import content, services

    held = services.create_posting(
        jobs.victor,
        {
            **{k: v for k, v in board.public.__dict__.items() if k in content.CONTENT_FIELDS},
            "description_fr": "Envoyez votre NAS.",
        },
        publish=True,
    )
    assert held.status == "review"
    for name, sees in [("victor", True), ("greta", True)]:
        body = browser(name).get(f"/api/v1/jobs/{held.pk}").json()
        assert bool(body["hold_reasons"]) == sees
    rejected = browser("ursula").get(f"/api/v1/jobs/{board.rejected.pk}").json()
    assert rejected["review_note"] == "Pas assez de détails."
    public = browser("carol").get(f"/api/v1/jobs/{board.public.pk}").json()
    assert public["hold_reasons"] == [] and public["review_note"] == ""


@pytest.mark.parametrize("who_blocks", ["reader", "author"])
def test_a_block_either_way_hides_the_authors_postings(board, jobs, browser, who_blocks):
    """frank and victor (who posted the public, members and closed postings): once
    either has blocked the other, frank gets a 404 for them everywhere; victor still
    manages his own, and alice still sees them."""
    from tremplin.network.services import block

    if who_blocks == "reader":
        block(jobs.frank, jobs.victor)
    else:
        block(jobs.victor, jobs.frank)
    hidden = [board.public, board.members, board.closed]
    frank = browser("frank")
    seen_by_frank = set(Posting.objects.visible_to(jobs.frank).values_list("pk", flat=True))
    listed = {p["id"] for p in frank.get("/api/v1/jobs").json()["results"]}
    found = {p["id"] for p in frank.get("/api/v1/job-alerts/search").json()["results"]}
    for posting in hidden:
        assert posting.pk not in seen_by_frank
        assert frank.get(f"/fr/jobs/{posting.pk}/").status_code == 404
        assert frank.get(f"/api/v1/jobs/{posting.pk}").status_code == 404
        assert posting.pk not in listed and posting.pk not in found
    assert board.agency.pk not in seen_by_frank  # not his agency (unchanged)
    for name in ("victor", "alice"):
        seen = set(Posting.objects.visible_to(getattr(jobs, name)).values_list("pk", flat=True))
        assert {p.pk for p in hidden} <= seen, name
