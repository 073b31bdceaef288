"""The import pages: only the admins of the source's agency (greta) see or do anything;
other members get 404 and visitors are sent to sign in."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import give_totp, make_member
from tremplin.job_imports import services
from tremplin.job_imports.models import ImportRun, ImportSource, Trigger
from tremplin.jobs.models import Posting
from tremplin.organizations.models import Role

OUTSIDERS = ["dave", "erin", "frank", "alice", "bob", "carol", "mallory", "sam"]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def run(crew, csv_source):
    content = (
        b"title_fr,description_fr,employer,region,apply_url,identifier\n"
        b"Soudeur,Souder.,Acier,ON,https://acier.example/1,A1\n"
        b"Plombier,,Acier,ON,,A2\n"
    )
    return services.upload(crew.greta, csv_source, SimpleUploadedFile("jobs.csv", content))


def urls(source, run) -> list[tuple[str, str]]:
    base = f"/fr/jobs/imports/{source.pk}/"
    return [
        ("get", "/fr/jobs/imports/"),
        ("get", "/fr/jobs/imports/new/"),
        ("post", "/fr/jobs/imports/new/"),
        ("get", base),
        ("get", base + "edit/"),
        ("post", base + "edit/"),
        ("get", base + "delete/"),
        ("post", base + "delete/"),
        ("post", base + "import/"),
        ("get", base + "upload/"),
        ("post", base + "upload/"),
        ("get", f"/fr/jobs/imports/runs/{run.pk}/"),
    ]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_but_the_agency_admins_finds_the_pages(browser_of, crew, csv_source, run, name):
    client = browser_of(name)
    for method, url in urls(csv_source, run):
        response = getattr(client, method)(url, {"name": "x", "kind": "csv"})
        assert response.status_code == 404, (name, method, url)
    assert ImportSource.objects.count() == 1
    assert ImportRun.objects.count() == 1


def test_an_admin_of_another_agency_gets_404(crew, csv_source, run, as_user):
    other_admin = make_member(crew.other_agency, Role.ADMIN, email="olga@example.org")
    give_totp(other_admin)
    client = as_user(other_admin)
    assert client.get("/fr/jobs/imports/").status_code == 200  # her own (empty) list
    for method, url in urls(csv_source, run)[3:]:
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert "Fichier des employeurs" not in html(client.get("/fr/jobs/imports/"))


def test_visitors_are_sent_to_sign_in(client, crew, csv_source, run):
    for method, url in urls(csv_source, run):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_admin_adds_a_feed_source_in_both_languages(browser_of, crew):
    greta = browser_of("greta")
    for lang, heading in [("fr", "<h1>"), ("en", "Add an import source")]:
        page = greta.get(f"/{lang}/jobs/imports/new/")
        assert page.status_code == 200 and heading in html(page)
    response = greta.post(
        "/en/jobs/imports/new/",
        {
            "agency": crew.agency.pk,
            "name": "Job Bank Ottawa",
            "kind": "rss_atom",
            "url": "https://www.jobbank.example/feed",
            "poll_minutes": "30",
            "active": "on",
            "withdraw_missing": "on",
        },
    )
    source = ImportSource.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{source.pk}/")
    assert (source.poll_minutes, source.created_by) == (30, crew.greta)
    assert source.next_poll_at is not None
    listing = greta.get("/en/jobs/imports/")
    assert "Job Bank Ottawa" in html(listing) and "RSS or Atom feed" in html(listing)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "rss_atom", "url": "ftp://x.example/f"}, "starting with https://"),
        ({"kind": "rss_atom", "url": "http://10.0.0.5/feed"}, "private or local network"),
        ({"kind": "rss_atom", "url": "http://[::1]/feed"}, "private or local network"),
        ({"kind": "csv", "poll_minutes": "5"}, "15"),
        ({"kind": "bogus"}, "Select a valid choice"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_text(browser_of, crew, settings, fields, message):
    settings.JOB_IMPORTS_ALLOWED_HOSTS = []
    data = {"agency": crew.agency.pk, "name": "Mon flux", "poll_minutes": "60", **fields}
    response = browser_of("greta").post("/en/jobs/imports/new/", data)
    assert response.status_code == 400
    assert message in html(response)
    assert 'value="Mon flux"' in html(response)
    assert not ImportSource.objects.exists()


def test_an_admin_cannot_add_a_source_to_another_agency(browser_of, crew):
    response = browser_of("greta").post(
        "/en/jobs/imports/new/",
        {"agency": crew.other_agency.pk, "name": "x", "kind": "csv", "poll_minutes": "60"},
    )
    assert response.status_code == 400
    assert not ImportSource.objects.exists()


def test_the_admin_edits_and_deletes_a_source(browser_of, crew, csv_source, run):
    greta = browser_of("greta")
    page = greta.get(f"/en/jobs/imports/{csv_source.pk}/edit/")
    assert 'value="Fichier des employeurs"' in html(page)
    response = greta.post(
        f"/en/jobs/imports/{csv_source.pk}/edit/",
        {"name": "Employeurs", "kind": "csv", "poll_minutes": "60"},
    )
    assert response.status_code == 302
    csv_source.refresh_from_db()
    assert csv_source.name == "Employeurs" and not csv_source.withdraw_missing
    assert "Delete" in html(greta.get(f"/en/jobs/imports/{csv_source.pk}/delete/"))
    response = greta.post(f"/en/jobs/imports/{csv_source.pk}/delete/")
    assert response.status_code == 302
    assert not ImportSource.objects.exists()
    assert Posting.objects.filter(identifier="A1").exists()  # the jobs stay


def test_the_admin_uploads_a_csv_and_reads_the_run(browser_of, crew, csv_source):
    greta = browser_of("greta")
    form = greta.get(f"/en/jobs/imports/{csv_source.pk}/upload/")
    assert "title_fr,title_en" in html(form) and 'type="file"' in html(form)
    content = (
        b"title_en,description_en,employer,region,apply_url,identifier,valid_through\n"
        b"Welder,Weld parts.,Steel Co,ON,https://steel.example/1,W1,\n"
        b"Plumber,Fix pipes.,Steel Co,ON,https://steel.example/2,W2,someday\n"
    )
    response = greta.post(
        f"/en/jobs/imports/{csv_source.pk}/upload/",
        {"file": SimpleUploadedFile("jobs.csv", content, content_type="text/csv")},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/runs/{run.pk}/")
    page = html(greta.get(response["Location"]))
    assert "Its closing date, “someday”, could not be read" in page
    assert "W2" in page and "Plumber" in page  # the job is named
    assert "valid_through" not in page  # never the column's or a property's name
    detail = html(greta.get(f"/en/jobs/imports/{csv_source.pk}/"))
    assert "Done, with errors" in detail and "File upload" in detail
    # The same run read in French: the sentence is written for the reader, whoever ran it.
    french = html(greta.get(f"/fr/jobs/imports/runs/{run.pk}/"))
    assert "W2" in french and "Sa date limite, « someday »" in french


def test_a_bad_upload_re_renders_with_a_clear_message(browser_of, crew, csv_source, settings):
    settings.JOB_IMPORTS_MAX_BYTES = 100
    # The admin who starts the run reads French; the English page is in English all the
    # same (the run keeps a code, not a sentence).
    crew.greta.language = "fr"
    crew.greta.save(update_fields=["language"])
    greta = browser_of("greta")
    url = f"/en/jobs/imports/{csv_source.pk}/upload/"
    assert greta.post(url, {}).status_code == 400
    big = SimpleUploadedFile("big.csv", b"title_fr\n" + b"x" * 500)
    response = greta.post(url, {"file": big})
    assert response.status_code == 400 and "larger than the limit" in html(response)
    # A file that cannot be read is refused on the form (no run): nothing was imported.
    bad = SimpleUploadedFile("bad.csv", b"\x00\x01;\x02\nx;y\n")
    response = greta.post(url, {"file": bad})
    assert response.status_code == 400 and not ImportRun.objects.exists()
    page = html(response)
    assert "could not be read as a spreadsheet saved as CSV" in page
    assert "tableur" not in page


def test_import_now_queues_a_run(browser_of, crew, feed_source, local_server):
    local_server.serve(
        "/feed.xml",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    )
    greta = browser_of("greta")
    response = greta.post(f"/en/jobs/imports/{feed_source.pk}/import/")
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/runs/{run.pk}/")
    assert run.trigger == Trigger.MANUAL and run.started_by == crew.greta
    page = html(greta.get(response["Location"]))
    assert "waiting for its turn" in page or "Every item was read." in page


def test_import_now_is_refused_for_an_upload_source(browser_of, crew, csv_source):
    greta = browser_of("greta")
    response = greta.post(f"/en/jobs/imports/{csv_source.pk}/import/")
    assert response.status_code == 302
    assert not ImportRun.objects.exists()
    page = greta.get(response["Location"])
    assert "upload a file" in html(page)
