"""A CSV file whose title, or description and link, columns are not recognised stops on
a page that shows its first rows and asks which column is which; the choice is
remembered for the source and used by its next files. A wrong choice says what to fix
and keeps what was chosen."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_calls import api_call
from tremplin.job_imports import columns, parsing, read_csv
from tremplin.job_imports.models import ImportRun, PendingUpload
from tremplin.jobs.models import Posting

API = "/api/v1/job-imports"
# An export whose headers the reader does not know (but "Ville", which it does).
EXPORT = (
    "Poste offert;Ce que vous ferez;Ville;Code interne;Notes;Postuler ici\n"
    "Soudeur;Souder des pièces en atelier.;Sudbury;S-1;urgent;https://nord.example/1\n"
    "Cariste;Conduire un chariot élévateur.;Sudbury;S-2;;https://nord.example/2\n"
).encode()
CHOICE = {
    "col_0": "title",
    "col_1": "description",
    "col_2": "city",
    "col_3": "identifier",
    "col_5": "apply_url",
}


def upload(client, source, content: bytes = EXPORT, lang: str = "en", **extra):
    return client.post(
        f"/{lang}/jobs/imports/{source.pk}/upload/",
        {"file": SimpleUploadedFile("export.csv", content, content_type="text/csv"), **extra},
    )


def test_unknown_columns_are_chosen_once_and_remembered(browser_of, csv_source):
    greta = browser_of("greta")
    response = upload(greta, csv_source)
    pending = PendingUpload.objects.get()
    assert response["Location"].endswith(f"/upload/{pending.token}/columns/")
    page = greta.get(response["Location"]).content.decode()
    assert '<label for="id_col_0">Poste offert</label>' in page
    assert "Souder des pièces en atelier." in page and "Do not use this column" in page
    assert "selected>City</option>" in page  # "Ville" is recognised
    assert (
        "Choisir les colonnes"
        in greta.get(response["Location"].replace("/en/", "/fr/")).content.decode()
    )
    done = greta.post(response["Location"], {**CHOICE, "col_4": ""})
    assert "/runs/" in done["Location"]
    run = ImportRun.objects.get()
    assert (run.created_count, run.warning_code) == (2, ""), [
        e.message for e in run.item_errors.all()
    ] + [run.error_code]  # noqa: E501
    assert Posting.objects.get(identifier="S-1").city == "Sudbury"
    csv_source.refresh_from_db()
    assert csv_source.column_map["poste offert"] == "title"
    assert (
        "“poste offert”: Job title"
        in greta.get(f"/en/jobs/imports/{csv_source.pk}/").content.decode()
    )
    # The next file with the same columns goes straight through.
    again = upload(greta, csv_source, EXPORT.replace(b"S-2", b"S-3"))
    assert "/runs/" in again["Location"] or "/upload/" in again["Location"]
    assert not again["Location"].endswith("/columns/")


def test_a_choice_without_a_title_says_so_and_keeps_the_choice(browser_of, csv_source):
    greta = browser_of("greta")
    url = upload(greta, csv_source)["Location"]
    response = greta.post(url, {**CHOICE, "col_0": "", "col_3": "city"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the column that holds the job&#x27;s title." in page
    assert "“City” is chosen for several columns (“Ville”, “Code interne”)" in page.replace(
        "&quot;", '"'
    ).replace("&ldquo;", "“")
    assert '<option value="description" selected>' in page  # what she chose is kept
    french = greta.post(url.replace("/en/", "/fr/"), {**CHOICE, "col_1": "", "col_5": ""})
    assert "Choisissez la colonne qui contient la description" in french.content.decode()
    assert not ImportRun.objects.exists() and not csv_source.column_map


def test_the_admin_may_ask_to_choose_recognised_columns(browser_of, csv_source):
    known = b"title_fr,description_fr\nSoudeur,Souder.\n"
    response = upload(browser_of("greta"), csv_source, known, choose_columns="on")
    assert response["Location"].endswith("/columns/")


def test_a_feed_source_has_no_columns_to_choose(browser_of, crew, feed_source):
    page = browser_of("greta").get(f"/en/jobs/imports/{feed_source.pk}/upload/")
    assert "choose_columns" not in page.content.decode()


def test_the_remembered_columns_serve_a_polled_read_too():
    chosen = {"poste offert": "title", "ce que vous ferez": "description", "notes": ""}
    chosen["postuler ici"] = "apply_url"
    parsed = parsing.parse("csv", EXPORT, columns=chosen)
    assert [i.title for i in parsed.items] == ["Soudeur", "Cariste"]
    assert parsed.warning_params == {"columns": "Code interne"}
    with pytest.raises(parsing.ParseError):
        parsing.parse("csv", EXPORT)
    assert not read_csv.header_of(EXPORT).complete
    assert columns.problems(["a", "b"], ["title"]) and columns.problems(["a"], ["bogus"])


def test_the_api_chooses_columns_then_confirms(browser_of, csv_source):
    greta = browser_of("greta")
    staged = greta.post(
        f"{API}/sources/{csv_source.pk}/uploads",
        {"file": SimpleUploadedFile("export.csv", EXPORT, content_type="text/csv")},
    ).json()
    assert staged["needs_columns"] and staged["columns"][2] == {
        "name": "Ville",
        "field": "city",
        "samples": ["Sudbury", "Sudbury"],
    }
    path = f"/sources/{csv_source.pk}/uploads/{staged['token']}"
    early = api_call(API, greta, "post", path + "/confirm", {})
    assert early.status_code == 422 and "Choose the columns" in early.json()["detail"]
    bad = api_call(API, greta, "put", path + "/columns", {"fields": ["", "description"]})
    assert bad.status_code == 422 and "each column" in bad.json()["detail"]
    fields = ["title", "description", "city", "identifier", "", "apply_url"]
    chosen = api_call(API, greta, "put", path + "/columns", {"fields": fields})
    assert chosen.status_code == 200 and chosen.json()["created"] == 2
    assert not chosen.json()["needs_columns"]
    kept = api_call(API, greta, "get", f"/sources/{csv_source.pk}").json()["columns_chosen"]
    assert kept["postuler ici"] == "apply_url" and kept["notes"] == ""
    run = api_call(API, greta, "post", path + "/confirm", {"close_missing": True})
    assert run.status_code == 201 and run.json()["created_count"] == 2
