"""The job imports API for every persona: the agency's admins (greta) manage sources and
read runs; everyone else signed in gets 404, visitors 401; bad input is a 4xx JSON."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_calls import api_call
from tremplin.api.services import create_token
from tremplin.job_imports import services
from tremplin.job_imports.models import ImportRun, ImportSource, RunStatus
from tremplin.jobs.models import Posting

API = "/api/v1/job-imports"
send = partial(api_call, API)
OUTSIDERS = ["dave", "erin", "frank", "alice", "bob", "carol", "mallory", "sam"]
CSV = (
    "title_fr,description_fr,employer,region,apply_url,identifier\n"
    "Soudeur,Souder des pièces.,Acier,ON,https://acier.example/1,A1\n"
    "Plombier,,Acier,ON,,A2\n"
).encode()


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def run(crew, csv_source):
    return services.upload(crew.greta, csv_source, SimpleUploadedFile("jobs.csv", CSV))


def calls(source, run):
    return [
        ("get", "/sources", None),
        ("post", "/sources", {"agency": "agence-horizon", "name": "x", "kind": "csv"}),
        ("get", f"/sources/{source.pk}", None),
        ("patch", f"/sources/{source.pk}", {"name": "y"}),
        ("delete", f"/sources/{source.pk}", None),
        ("post", f"/sources/{source.pk}/import", None),
        ("get", f"/sources/{source.pk}/runs", None),
        ("get", f"/runs/{run.pk}", None),
        ("get", f"/runs/{run.pk}/errors", None),
    ]


def upload_call(client, source_id: int, content: bytes = CSV, name: str = "jobs.csv", **extra):
    return client.post(
        f"{API}/sources/{source_id}/upload",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


def test_visitors_get_401_everywhere(browser_of, crew, csv_source, run):
    for method, url, body in calls(csv_source, run):
        error(send(browser_of("anonymous"), method, url, body), 401)
    error(upload_call(browser_of("anonymous"), csv_source.pk), 401)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_but_the_agency_admins_finds_anything(browser_of, crew, csv_source, run, name):
    client = browser_of(name)
    for method, url, body in calls(csv_source, run):
        error(send(client, method, url, body), 404)
    error(upload_call(client, csv_source.pk), 404)
    assert ImportSource.objects.get().name == "Fichier des employeurs"
    assert ImportRun.objects.count() == 1


def test_the_admin_manages_a_source(browser_of, crew, local_server, allow_local):
    greta = browser_of("greta")
    created = send(
        greta,
        "post",
        "/sources",
        {
            "agency": "agence-horizon",
            "name": "Indeed Ottawa",
            "kind": "rss_atom",
            "url": local_server.url("/feed.xml"),
            "poll_minutes": 120,
        },
    )
    assert created.status_code == 201, created.content
    source = created.json()
    assert source["agency"] == "agence-horizon" and source["poll_minutes"] == 120
    assert source["next_poll_at"] is not None
    listed = send(greta, "get", "/sources").json()
    assert [s["id"] for s in listed] == [source["id"]]
    changed = send(greta, "patch", f"/sources/{source['id']}", {"active": False})
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert changed.json()["next_poll_at"] is None
    local_server.serve(
        "/feed.xml",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        b"<title>Soudeur</title><link>https://jobs.example.org/1</link><guid>G1</guid>"
        b"<description>Souder.</description></item></channel></rss>",
    )
    queued = send(greta, "post", f"/sources/{source['id']}/import")
    assert queued.status_code == 202
    assert queued.json()["status"] in {"queued", "succeeded"}
    services.execute(queued.json()["id"])  # the worker (the test's transaction never commits)
    got = send(greta, "get", f"/runs/{queued.json()['id']}").json()
    assert got["status"] == "succeeded" and got["created_count"] == 1
    runs = send(greta, "get", f"/sources/{source['id']}/runs").json()
    assert [r["id"] for r in runs] == [got["id"]]
    assert send(greta, "delete", f"/sources/{source['id']}").status_code == 204
    assert not ImportSource.objects.exists()
    assert Posting.objects.filter(identifier="G1").exists()


def test_the_admin_uploads_a_csv_and_reads_the_errors(browser_of, crew, csv_source):
    greta = browser_of("greta")
    response = upload_call(greta, csv_source.pk)
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["created_count"], run["failed_count"], run["status"]) == (1, 1, "partial")
    errors = send(greta, "get", f"/runs/{run['id']}/errors").json()
    assert errors["count"] == 1
    assert errors["results"][0]["code"] == "missing_description"
    assert errors["results"][0]["identifier"] == "A2"
    assert errors["results"][0]["message"] == (
        "It has neither a description nor a link to the job's page: add one at the source."
    )


def test_a_huge_upload_is_a_413(browser_of, crew, csv_source, settings):
    settings.JOB_IMPORTS_MAX_BYTES = 50
    body = error(upload_call(browser_of("greta"), csv_source.pk), 413)
    assert "larger than the limit" in body["detail"]
    assert not ImportRun.objects.exists()


def test_an_empty_upload_is_a_422(browser_of, crew, csv_source):
    error(upload_call(browser_of("greta"), csv_source.pk, b"  \n"), 422)
    response = browser_of("greta").post(
        f"{API}/sources/{csv_source.pk}/upload", {}, HTTP_ACCEPT_LANGUAGE="en"
    )
    error(response, 422)


def test_import_now_on_an_upload_source_is_a_409(browser_of, crew, csv_source):
    error(send(browser_of("greta"), "post", f"/sources/{csv_source.pk}/import"), 409)


@pytest.mark.parametrize(
    "body",
    [
        {"agency": "agence-horizon", "name": "x", "kind": "rss_atom", "url": "ftp://x/y"},
        {"agency": "agence-horizon", "name": "x", "kind": "rss_atom", "url": "http://10.0.0.1/"},
        {"agency": "agence-horizon", "name": "x", "kind": "nope"},
        {"agency": "agence-horizon", "name": "", "kind": "csv"},
        {"agency": "agence-horizon", "name": "   ", "kind": "csv"},
        {"agency": "agence-horizon", "name": "x", "kind": "csv", "poll_minutes": 1},
        {"agency": "agence-horizon", "name": "x", "kind": "csv", "active": "yes"},
        {"agency": "agence-horizon", "name": "x\x00", "kind": "csv"},
        {"agency": "agence-horizon", "name": "x", "kind": "csv", "surprise": 1},
        {"agency": "agence-horizon", "name": "x" * 121, "kind": "csv"},
    ],
)
def test_bad_input_is_a_422(browser_of, crew, settings, body):
    settings.JOB_IMPORTS_ALLOWED_HOSTS = []
    error(send(browser_of("greta"), "post", "/sources", body), 422)
    assert not ImportSource.objects.exists()


def test_another_agency_is_a_404(browser_of, crew):
    body = {"agency": "emploi-boreal", "name": "x", "kind": "csv"}
    error(send(browser_of("greta"), "post", "/sources", body), 404)


def test_malformed_ids_are_422_not_500(browser_of, crew):
    greta = browser_of("greta")
    for url in ["/sources/0", "/sources/99999999999", "/runs/-1", "/runs/abc/errors"]:
        assert send(greta, "get", url).status_code == 422


def test_a_read_only_token_cannot_write(client, crew, csv_source):
    _token, raw = create_token(crew.greta, "lecture", can_write=False)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"{API}/sources", **auth).status_code == 200
    response = client.patch(
        f"{API}/sources/{csv_source.pk}", '{"name": "z"}', content_type="application/json", **auth
    )
    error(response, 403)
    error(upload_call(client, csv_source.pk, **auth), 403)
    assert ImportSource.objects.get().name == "Fichier des employeurs"


def test_a_write_token_uploads(client, crew, csv_source):
    _token, raw = create_token(crew.greta, "import", can_write=True)
    response = upload_call(client, csv_source.pk, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201
    assert ImportRun.objects.get().status == RunStatus.PARTIAL
