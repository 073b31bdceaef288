"""The posting pages in both languages: posting (with the scam guard keeping the text),
editing, the review and report forms, the JSON-LD, the banner of a closed posting, the
Atom feed and the sitemap."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.jobs.conftest import posting_data
from tremplin.jobs import services
from tremplin.jobs.hooks import JOB_REVIEW
from tremplin.jobs.models import Posting, PostingReport, PostingStatus
from tremplin.notifications.models import Notification


def html(response) -> str:
    return response.content.decode()


def form_data(**overrides) -> dict:
    until = (timezone.localtime() + dt.timedelta(days=30)).date().isoformat()
    data = {
        "title_fr": "Boulanger ou boulangère",
        "description_fr": "Pain au levain, horaires de nuit.",
        "title_en": "Baker",
        "description_en": "Sourdough bread, night shifts.",
        "employment_type": "FULL_TIME",
        "workplace": "on_site",
        "city": "Ottawa",
        "region": "ON",
        "salary_min": "22.50",
        "salary_max": "28",
        "salary_unit": "HOUR",
        "apply_method": "url",
        "apply_url": "https://boulangerie.example.org/emplois",
        "valid_through": until,
        "audience": "public",
        "action": "publish",
    }
    data.update(overrides)
    return data


def json_ld_of(page: str) -> dict | None:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


# ------------------------------------------------------------------ posting


@pytest.mark.parametrize(
    ("name", "status"), [("anonymous", 302), ("alice", 403), ("carol", 403), ("mallory", 403)]
)
def test_only_employers_and_agency_staff_open_the_form(jobs, browser, name, status):
    response = browser(name).get("/fr/jobs/new/")
    assert response.status_code == status
    assert browser(name).post("/fr/jobs/new/", form_data()).status_code == status
    assert not Posting.objects.exists()


def test_a_verified_employer_posts_in_both_languages_and_it_opens(jobs, browser):
    victor = browser("victor")
    form = victor.get("/fr/jobs/new/")
    assert form.status_code == 200
    page = html(form)
    assert 'lang="fr"' in page and 'lang="en"' in page and 'name="title_en"' in page
    response = victor.post("/fr/jobs/new/", form_data())
    posting = Posting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fr/jobs/{posting.pk}/"
    assert posting.status == PostingStatus.OPEN
    shown = html(victor.get(response["Location"]))
    assert "Version française" in shown and "English version" in shown
    assert 'lang="en"' in shown and "Sourdough bread" in shown
    with_english = html(victor.get(f"/en/jobs/{posting.pk}/"))
    assert "<h1>Baker</h1>" in with_english
    assert "Manage this posting" in with_english


def test_an_unverified_employer_is_told_the_posting_waits_for_review(jobs, browser):
    ursula = browser("ursula")
    response = ursula.post("/en/jobs/new/", form_data(), follow=True)
    posting = Posting.objects.get()
    assert posting.status == PostingStatus.REVIEW
    assert "waits for an agency administrator to review it" in html(response)


def test_a_draft_is_saved_without_publishing(jobs, browser):
    browser("victor").post("/fr/jobs/new/", form_data(action="draft"))
    assert Posting.objects.get().status == PostingStatus.DRAFT


def test_bad_input_re_renders_the_form_with_the_text_kept(jobs, browser):
    response = browser("victor").post(
        "/en/jobs/new/",
        form_data(salary_min="40", salary_max="30", description_fr="Mon texte soigné"),
    )
    assert response.status_code == 422
    page = html(response)
    assert "Mon texte soigné" in page
    assert "The maximum salary cannot be less than the minimum." in page
    assert not Posting.objects.exists()


def test_the_scam_guard_explains_and_keeps_the_text_then_sends_to_review(jobs, browser):
    victor = browser("victor")
    text = "Envoyez votre NAS et des frais d'inscription de 20 $."
    first = victor.post("/en/jobs/new/", form_data(description_fr=text))
    assert first.status_code == 422
    page = html(first)
    assert text.replace("'", "&#x27;") in page
    assert "social insurance number" in page and "pay or to send money" in page
    assert 'name="send_to_review"' in page
    assert not Posting.objects.exists()

    second = victor.post("/en/jobs/new/", form_data(description_fr=text, send_to_review="1"))
    posting = Posting.objects.get()
    assert second.status_code == 302
    assert posting.status == PostingStatus.REVIEW and posting.hold_reasons == ["sin", "payment"]
    shown = html(victor.get(f"/en/jobs/{posting.pk}/"))
    assert "The scam guard held this posting for review" in shown


def test_an_agency_counsellor_posts_for_an_employer_with_the_agency_audience(jobs, browser):
    response = browser("dave").post(
        "/fr/jobs/new/",
        form_data(hiring_organization_name="Transport Boréal", audience="agency"),
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert posting.agency == jobs.agency and posting.audience == "agency"
    assert posting.status == PostingStatus.OPEN


def test_editing_keeps_the_values_and_saves_changes(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    victor = browser("victor")
    form = html(victor.get(f"/fr/jobs/{posting.pk}/edit/"))
    assert "Boulanger ou boulangère" in form
    until = timezone.localtime(posting.valid_through).date().isoformat()
    assert until in form
    response = victor.post(
        f"/fr/jobs/{posting.pk}/edit/",
        form_data(title_fr="Boulanger de jour", valid_through=until, action="save"),
    )
    assert response.status_code == 302
    assert Posting.objects.get(pk=posting.pk).title_fr == "Boulanger de jour"


@pytest.mark.parametrize(("name", "status"), [("carol", 403), ("greta", 403), ("ursula", 403)])
def test_others_cannot_edit_or_close(jobs, browser, name, status):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    client = browser(name)
    assert client.get(f"/fr/jobs/{posting.pk}/edit/").status_code == status
    assert client.post(f"/fr/jobs/{posting.pk}/close/").status_code == status
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN


def test_a_hidden_posting_is_a_404_for_its_actions(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data())  # a draft
    carol = browser("carol")
    for action in ("edit", "close", "publish", "report", "approve", "remove"):
        method = carol.get if action == "edit" else carol.post
        assert method(f"/fr/jobs/{posting.pk}/{action}/").status_code == 404, action


def test_close_shows_the_banner_and_reopen_opens_again(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    victor = browser("victor")
    victor.post(f"/fr/jobs/{posting.pk}/close/")
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.CLOSED
    page = html(browser("carol").get(f"/en/jobs/{posting.pk}/"))
    assert "This job posting is no longer accepting applications." in page
    assert "Apply on the employer" not in page
    assert json_ld_of(page) is None
    victor.post(f"/fr/jobs/{posting.pk}/reopen/", {"valid_through": ""})
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN


def test_an_expired_posting_shows_the_banner(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    Posting.objects.filter(pk=posting.pk).update(valid_through=timezone.now())
    page = html(browser("anonymous").get(f"/en/jobs/{posting.pk}/"))
    assert "no longer accepting applications" in page  # past its date, before expire_due
    services.expire_due()
    page = html(browser("anonymous").get(f"/en/jobs/{posting.pk}/"))
    assert "no longer accepting applications" in page


# ------------------------------------------------------------------ review, reports


def test_an_agency_admin_approves_from_the_posting_page(jobs, browser):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    greta = browser("greta")
    queue = html(greta.get("/en/jobs/review/"))
    assert posting.title_fr in queue
    page = html(greta.get(f"/en/jobs/{posting.pk}/"))
    assert f'action="/en/jobs/{posting.pk}/approve/"' in page
    response = greta.post(f"/en/jobs/{posting.pk}/approve/", {"note": ""})
    assert response.status_code == 302 and response["Location"] == "/en/jobs/review/"
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN


def test_a_refusal_without_a_note_is_refused(jobs, browser):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    greta = browser("greta")
    response = greta.post(f"/en/jobs/{posting.pk}/reject/", {"note": ""}, follow=True)
    assert "Tell the author why the posting is refused." in html(response)
    greta.post(f"/en/jobs/{posting.pk}/reject/", {"note": "Le salaire manque."})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REJECTED
    assert Notification.objects.filter(recipient=jobs.ursula, kind=JOB_REVIEW).exists()
    assert "Le salaire manque." in html(browser("ursula").get(f"/fr/jobs/{posting.pk}/"))


@pytest.mark.parametrize("name", ["dave", "frank", "victor", "carol"])
def test_only_agency_admins_approve_from_pages(jobs, browser, name):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    response = browser(name).post(f"/fr/jobs/{posting.pk}/approve/")
    assert response.status_code == 404  # they cannot even see it
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.REVIEW


def test_a_visitor_reports_a_posting_and_a_moderator_removes_it(jobs, browser, client):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    page = html(client.get(f"/fr/jobs/{posting.pk}/"))
    assert f'action="/fr/jobs/{posting.pk}/report/"' in page
    response = client.post(
        f"/fr/jobs/{posting.pk}/report/", {"reason": "scam", "details": "Demande un NAS"}
    )
    assert response.status_code == 302
    report = PostingReport.objects.get()
    assert report.reporter is None and report.details == "Demande un NAS"

    mallory = browser("mallory")
    assert "Demande un NAS" in html(mallory.get("/fr/jobs/reports/"))
    mallory.post(f"/fr/jobs/{posting.pk}/remove/", {"note": "Arnaque"})
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.REMOVED
    assert client.get(f"/fr/jobs/{posting.pk}/").status_code == 404


def test_a_bad_report_keeps_the_details_and_too_many_are_refused(jobs, client):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    bad = client.post(f"/fr/jobs/{posting.pk}/report/", {"reason": "nope", "details": "Mes mots"})
    assert bad.status_code == 422 and "Mes mots" in html(bad)
    for _n in range(services.REPORTS_PER_HOUR):
        client.post(f"/fr/jobs/{posting.pk}/report/", {"reason": "other"})
    limited = client.post(f"/fr/jobs/{posting.pk}/report/", {"reason": "other"})
    assert limited.status_code == 429
    assert PostingReport.objects.count() == services.REPORTS_PER_HOUR


# ------------------------------------------------------------------ JSON-LD, feed, sitemap


REQUIRED = {"@context", "@type", "title", "description", "datePosted", "hiringOrganization"}


def test_a_public_open_posting_embeds_valid_job_posting_json_ld(jobs, client):
    posting = services.create_posting(
        jobs.victor,
        posting_data(
            description_fr="Pain </script><script>alert(1)</script> & levain",
            identifier="BS-7",
        ),
        publish=True,
    )
    page = html(client.get(f"/fr/jobs/{posting.pk}/"))
    assert "<script>alert(1)" not in page
    data = json_ld_of(page)
    assert data is not None
    assert set(data) >= REQUIRED
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Boulanger ou boulangère"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Boulangerie Soleil",
        "sameAs": "https://boulangerie.example.org",
    }
    assert data["employmentType"] == "FULL_TIME"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "CA",
        "addressLocality": "Ottawa",
        "addressRegion": "ON",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "CAD",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "HOUR",
            "minValue": 22.5,
            "maxValue": 28,
        },
    }
    assert data["identifier"]["value"] == "BS-7"
    assert dt.datetime.fromisoformat(data["validThrough"]) > timezone.now()
    assert dt.datetime.fromisoformat(data["datePosted"]) <= timezone.now()
    assert data["url"] == f"http://testserver/fr/jobs/{posting.pk}/"


def test_a_remote_posting_says_telecommute_and_where_applicants_live(jobs, client):
    posting = services.create_posting(
        jobs.victor,
        posting_data(workplace="remote", region="", city="", applicant_location="Ontario"),
        publish=True,
    )
    data = json_ld_of(html(client.get(f"/en/jobs/{posting.pk}/")))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"]["name"] == "Ontario"
    assert "jobLocation" not in data


def test_members_only_postings_carry_no_json_ld(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(audience="members"), publish=True)
    page = html(browser("carol").get(f"/fr/jobs/{posting.pk}/"))
    assert json_ld_of(page) is None
    assert browser("carol").get(f"/api/v1/jobs/{posting.pk}").json()["json_ld"] is None
    assert browser("carol").get(f"/api/v1/jobs/{posting.pk}/json-ld").status_code == 404


def test_the_list_links_the_atom_feed_and_the_feed_is_valid_atom(jobs, client):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    page = html(client.get("/en/jobs/"))
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert 'href="/en/jobs/feed.atom"' in page
    feed = client.get("/en/jobs/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1
    assert (
        entries[0]
        .find("a:title", ns)
        .text.startswith("Boulanger ou boulangère — Boulangerie Soleil")
    )
    assert entries[0].find("a:link", ns).get("href").endswith(f"/en/jobs/{posting.pk}/")


def test_the_sitemap_lists_both_languages(jobs, client):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    response = client.get("/fr/jobs/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert locs == [
        f"http://testserver/fr/jobs/{posting.pk}/",
        f"http://testserver/en/jobs/{posting.pk}/",
    ]
    alternates = root.find("s:url", ns).findall("x:link", ns)
    assert {a.get("hreflang") for a in alternates} == {"fr", "en"}


@pytest.mark.both_databases  # the list goes through the job search (job_alerts.search)
def test_the_list_page_in_both_languages(jobs, browser):
    services.create_posting(jobs.victor, posting_data(), publish=True)
    assert "Boulanger ou boulangère" in html(browser("anonymous").get("/fr/jobs/"))
    page = html(browser("victor").get("/en/jobs/"))
    assert "Post a job" in page and "22.50" in page
    assert "Review queue" in html(browser("greta").get("/en/jobs/"))
    assert "Post a job" not in html(browser("carol").get("/en/jobs/"))


def test_editing_an_employer_posting_keeps_the_employer_website(jobs, browser):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    until = timezone.localtime(posting.valid_through).date().isoformat()
    browser("victor").post(
        f"/fr/jobs/{posting.pk}/edit/",
        form_data(title_fr="Boulanger de jour", valid_through=until, action="save"),
    )
    posting.refresh_from_db()
    assert posting.title_fr == "Boulanger de jour"
    assert posting.hiring_organization_url == "https://boulangerie.example.org"
    assert posting.hiring_organization_name == "Boulangerie Soleil"


def _has_template(name: str) -> bool:
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@pytest.mark.both_databases  # the list goes through the job search (job_alerts.search)
def test_the_list_carries_the_search_form_of_the_alerts_app(jobs, browser):
    if not _has_template("job_alerts/_search_form.html"):
        pytest.skip("the search+alerts app has no search form yet")
    services.create_posting(jobs.victor, posting_data(), publish=True)
    page = html(browser("carol").get("/fr/jobs/"))
    assert 'role="search"' in page and "Boulanger ou boulangère" in page


def test_the_posting_page_includes_the_applications_actions(jobs, browser):
    if not _has_template("applications/_posting_actions.html"):
        pytest.skip("the forwarding app has no posting actions yet")
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    assert 'id="applications-actions"' in html(browser("alice").get(f"/fr/jobs/{posting.pk}/"))
    # Nothing of it on a draft.
    draft = services.create_posting(jobs.victor, posting_data())
    assert 'id="applications-actions"' not in html(browser("victor").get(f"/fr/jobs/{draft.pk}/"))
