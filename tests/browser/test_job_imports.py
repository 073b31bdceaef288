"""An agency admin sets up a CSV import source in a real browser, uploads a file with a
malformed row, and reads the run: counts, the row's error with the text that was in
the cell, and the imported postings on the jobs list. In French, with the keyboard
for the form, and every page scanned with axe-core.

Selectors use names, ids and addresses, not button texts, so the test survives
translation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, give_totp, make_member
from tremplin.job_imports.models import ImportRun, ImportSource
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import OrgKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "title_fr;description_fr;employer;city;region;apply_url;identifier;valid_through\n"
    "Soudeur;Soudure MIG en atelier.;Acier Nord;Sudbury;ON;https://acier.example/1;A1;\n"
    "Plombière;Entretien des bâtiments.;Acier Nord;Sudbury;ON;https://acier.example/2;A2;\n"
    "Cariste;Conduite de chariot.;Acier Nord;Sudbury;ON;https://acier.example/3;A3;un jour\n"
)


def test_an_agency_admin_imports_a_csv_and_reads_the_run(new_context, assert_accessible, tmp_path):
    agency = OrganizationFactory(kind=OrgKind.AGENCY, name="Emploi Nord", slug="emploi-nord")
    greta = make_member(agency, Role.ADMIN, email="greta@example.org", name="Greta Admin")
    secret = give_totp(greta)
    page = sign_in(new_context(), greta, secret)

    page.goto("/fr/jobs/imports/")
    assert_accessible(page, "/fr/jobs/imports/")
    page.goto("/fr/jobs/imports/new/")
    assert_accessible(page, "/fr/jobs/imports/new/")

    # The form by keyboard only: a name, the CSV kind, then Enter submits.
    page.focus("#id_name")
    page.keyboard.type("Fichier des employeurs du Nord")
    page.focus("#id_kind")
    page.select_option("#id_kind", "csv")
    page.focus("#id_name")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    source = ImportSource.objects.get()
    expect(page).to_have_url(re.compile(rf"/fr/jobs/imports/{source.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Fichier des employeurs du Nord")
    assert_accessible(page, "source page")

    page.goto(f"/fr/jobs/imports/{source.pk}/upload/")
    assert_accessible(page, "upload page")
    upload = tmp_path / "employeurs.csv"
    upload.write_text(CSV, encoding="utf-8")
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    run = ImportRun.objects.get()
    expect(page).to_have_url(re.compile(rf"/fr/jobs/imports/runs/{run.pk}/$"))
    assert (run.created_count, run.failed_count) == (2, 1)
    body = page.locator("main")
    expect(body).to_contain_text("A3")  # the row's identifier
    expect(body).to_contain_text("un jour")  # the text that was in the cell, kept
    assert_accessible(page, "run page")
    snap(page, "job-imports-run")

    assert set(Posting.objects.values_list("identifier", "status")) == {
        ("A1", PostingStatus.OPEN),
        ("A2", PostingStatus.OPEN),
    }
    page.goto("/fr/jobs/")
    for posting in Posting.objects.all():
        expect(page.locator(f"a[href='/fr/jobs/{posting.pk}/']")).to_have_count(1)


# An export with headers the reader does not know (only "Ville" it does).
EXPORT_HEADER = "Poste offert;Ce que vous ferez;Ville;Code interne;Postuler ici\n"
EXPORT_ROWS = [
    "Soudeur;Souder des pièces en atelier.;Sudbury;S-1;https://nord.example/1\n",
    "Cariste;Conduire un chariot élévateur.;Sudbury;S-2;https://nord.example/2\n",
]
FIELDS = ["title", "description", "city", "identifier", "apply_url"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_import_journey_with_columns_and_a_preview(
    new_context, assert_accessible, tmp_path, lang
):
    agency = OrganizationFactory(kind=OrgKind.AGENCY, name="Emploi Nord", slug="emploi-nord")
    greta = make_member(agency, Role.ADMIN, email="greta@example.org", name="Greta Admin")
    page = sign_in(new_context(), greta, give_totp(greta), lang=lang)

    page.goto(f"/{lang}/jobs/imports/new/")
    page.fill("#id_name", "Export du Nord")
    page.select_option("#id_kind", "csv")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    source = ImportSource.objects.get()
    assert_accessible(page, "source page")

    # The first file: its columns are unknown, so the admin chooses them.
    first = tmp_path / "export.csv"
    first.write_text(EXPORT_HEADER + "".join(EXPORT_ROWS), encoding="utf-8")
    page.goto(f"/{lang}/jobs/imports/{source.pk}/upload/")
    page.set_input_files("#id_file", str(first))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/columns/$"))
    expect(page.get_by_label("Poste offert")).to_be_visible()  # each select is labelled
    expect(page.locator("main table")).to_contain_text("Souder des pièces en atelier.")
    assert_accessible(page, "columns page")
    snap(page, f"job-imports-columns-{lang}")
    # A choice without a title says so and keeps the rest.
    page.select_option("#id_col_1", "description")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_col_1")).to_have_value("description")
    assert_accessible(page, "columns page with its error")
    for index, field in enumerate(FIELDS):
        page.select_option(f"#id_col_{index}", field)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/runs/\d+/$"))
    assert Posting.objects.filter(status=PostingStatus.OPEN).count() == 2

    # The next file lacks the forklift job: the preview names it and asks.
    second = tmp_path / "export2.csv"
    second.write_text(EXPORT_HEADER + EXPORT_ROWS[0], encoding="utf-8")
    page.goto(f"/{lang}/jobs/imports/{source.pk}/upload/")
    page.set_input_files("#id_file", str(second))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/upload/[-\w]+/$"))
    expect(page.locator("main table")).to_contain_text("Cariste")
    assert Posting.objects.get(identifier="S-2").status == PostingStatus.OPEN
    assert_accessible(page, "preview page")
    snap(page, f"job-imports-preview-{lang}")
    with page.expect_navigation():
        page.locator("main button[name=close][value=yes]").click()
    expect(page).to_have_url(re.compile(r"/runs/\d+/$"))
    assert Posting.objects.get(identifier="S-2").status == PostingStatus.CLOSED
    assert Posting.objects.get(identifier="S-1").status == PostingStatus.OPEN
