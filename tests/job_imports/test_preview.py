"""An upload into a source that closes missing jobs first shows what it would do and
asks before closing live postings; without "yes", nothing is closed. The staged file
is found only by its token, with its admin and its source, until it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_calls import api_call
from tests.factories import give_totp, make_member
from tremplin.job_imports import services, uploads
from tremplin.job_imports.models import PENDING_TTL, ImportRun, PendingUpload
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import Role

API = "/api/v1/job-imports"
HEADER = b"title_en,description_en,employer,apply_url,identifier\n"
WELDER = b"Welder,Weld parts.,Steel Co,https://steel.example/1,W1\n"
PLUMBER = b"Plumber,Fix pipes.,Steel Co,https://steel.example/2,W2\n"
COOK = b"Cook,Cook meals.,Diner,https://diner.example/3,W3\n"


@pytest.fixture
def imported(crew, csv_source):
    """The source already brought in the welder and the plumber."""
    services.upload(crew.greta, csv_source, SimpleUploadedFile("a.csv", HEADER + WELDER + PLUMBER))
    return csv_source


def status_of(identifier: str) -> str:
    return Posting.objects.get(identifier=identifier).status


def post_file(client, source, content: bytes, lang: str = "en"):
    return client.post(
        f"/{lang}/jobs/imports/{source.pk}/upload/",
        {"file": SimpleUploadedFile("b.csv", content, content_type="text/csv")},
    )


def test_the_page_lists_what_would_close_and_nothing_closes_without_yes(browser_of, imported):
    greta = browser_of("greta")
    response = post_file(greta, imported, HEADER + WELDER.replace(b"parts", b"steel") + COOK)
    pending = PendingUpload.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{pending.token}/")
    page = greta.get(response["Location"]).content.decode()
    assert "1 new job" in page and "1 job updated" in page and "Plumber" in page
    assert "Welder</a>" not in page  # only the job that would close is listed
    french = greta.get(response["Location"].replace("/en/", "/fr/")).content.decode()
    assert "1 nouvelle offre" in french and "Plumber" in french
    # A POST without a choice closes nothing and asks again.
    assert greta.post(response["Location"], {}).status_code == 400
    assert ImportRun.objects.count() == 1 and status_of("W2") == PostingStatus.OPEN
    done = greta.post(response["Location"], {"close": "no"})
    run = ImportRun.objects.latest("id")
    assert done["Location"].endswith(f"/runs/{run.pk}/")
    assert (run.created_count, run.updated_count, run.withdrawn_count) == (1, 1, 0)
    assert status_of("W2") == PostingStatus.OPEN and not PendingUpload.objects.exists()
    assert greta.post(response["Location"], {"close": "yes"}).status_code == 404  # used up


def test_confirming_closes_the_listed_jobs(browser_of, imported):
    greta = browser_of("greta")
    response = post_file(greta, imported, HEADER + WELDER)
    greta.post(response["Location"], {"close": "yes"})
    assert ImportRun.objects.latest("id").withdrawn_count == 1
    assert status_of("W2") == PostingStatus.CLOSED and status_of("W1") == PostingStatus.OPEN


def test_a_file_that_closes_nothing_is_imported_at_once(browser_of, imported):
    response = post_file(browser_of("greta"), imported, HEADER + WELDER + PLUMBER + COOK)
    assert "/runs/" in response["Location"] and status_of("W3") == PostingStatus.OPEN


def test_an_unreadable_file_is_refused_on_the_form(browser_of, imported):
    response = post_file(browser_of("greta"), imported, b"\x00\x01 nothing useful\n1,2\n")
    assert response.status_code == 400 and "saved as CSV" in response.content.decode()
    assert not PendingUpload.objects.exists() and ImportRun.objects.count() == 1


def test_only_its_admin_finds_a_staged_file_until_it_expires(browser_of, crew, imported, as_user):
    greta = browser_of("greta")
    url = post_file(greta, imported, HEADER + WELDER)["Location"]
    other = make_member(crew.agency, Role.ADMIN, email="hugo@example.org")
    give_totp(other)
    hugo = as_user(other)  # an admin of the same agency, not the one who uploaded
    assert hugo.get(url).status_code == 404
    assert hugo.post(url, {"close": "yes"}).status_code == 404
    assert browser_of("dave").get(url).status_code == 404
    assert greta.get(url.replace(url.rsplit("/", 2)[1], "forged")).status_code == 404
    PendingUpload.objects.update(created=PendingUpload.objects.get().created - PENDING_TTL)
    assert greta.get(url).status_code == 404
    assert status_of("W2") == PostingStatus.OPEN


def test_the_api_previews_then_confirms(browser_of, imported):
    greta = browser_of("greta")
    staged = greta.post(
        f"{API}/sources/{imported.pk}/uploads",
        {"file": SimpleUploadedFile("b.csv", HEADER + WELDER + COOK, content_type="text/csv")},
    )
    assert staged.status_code == 201, staged.content
    body = staged.json()
    assert (body["created"], body["unchanged"], body["closing_count"]) == (1, 1, 1)
    assert body["closing"][0]["title"] == "Plumber"
    path = f"/sources/{imported.pk}/uploads/{body['token']}"
    assert api_call(API, greta, "get", path).json()["closing_count"] == 1
    assert api_call(API, browser_of("dave"), "get", path).status_code == 404
    run = api_call(API, greta, "post", path + "/confirm", {"close_missing": False})
    assert run.status_code == 201 and run.json()["withdrawn_count"] == 0
    assert status_of("W2") == PostingStatus.OPEN
    again = api_call(API, greta, "post", path + "/confirm", {"close_missing": True})
    assert again.status_code == 404 and status_of("W2") == PostingStatus.OPEN


def test_the_api_refuses_an_unreadable_file_with_a_422(browser_of, imported):
    response = browser_of("greta").post(
        f"{API}/sources/{imported.pk}/uploads",
        {"file": SimpleUploadedFile("b.xlsx", b"PK\x03\x04\x00\x00", content_type="text/csv")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 422 and "CSV" in response.json()["detail"]
    assert not PendingUpload.objects.exists()


def test_the_one_step_upload_closes_only_when_asked(browser_of, imported):
    greta = browser_of("greta")
    send = lambda close: greta.post(  # noqa: E731
        f"{API}/sources/{imported.pk}/upload",
        {"file": SimpleUploadedFile("b.csv", HEADER + WELDER), "close_missing": close},
    )
    first = send("false")
    assert first.status_code == 201, first.content
    assert first.json()["withdrawn_count"] == 0 and status_of("W2") == "open"
    assert send("true").json()["withdrawn_count"] == 1 and status_of("W2") == "closed"


def test_stale_staged_files_of_the_admin_go_when_she_stages_another(crew, imported):
    old = PendingUpload.objects.create(
        token="old", source=imported, user=crew.greta, content=b"x", name="old.csv"
    )
    PendingUpload.objects.filter(pk=old.pk).update(created=old.created - timedelta(days=1))
    uploads.stage(crew.greta, imported, SimpleUploadedFile("b.csv", HEADER + WELDER))
    assert list(PendingUpload.objects.values_list("name", flat=True)) == ["b.csv"]


def test_a_reader_crash_on_a_strange_file_is_a_message_not_a_500(browser_of, imported, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a reader's bug")

    monkeypatch.setattr("tremplin.job_imports.uploads.parsing.parse", broken)
    response = post_file(browser_of("greta"), imported, HEADER + WELDER)
    assert response.status_code == 400 and "could not read" in response.content.decode()
    assert not PendingUpload.objects.exists()
