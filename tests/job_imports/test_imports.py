"""Import runs end to end on real-world-shaped files: counts, per-item errors,
de-duplication, updates, withdrawals, broken XML, wrong dates, huge files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.job_imports.conftest import feed_bytes
from tremplin.job_imports import services
from tremplin.job_imports.models import (
    ImportedItem,
    ImportRun,
    ItemErrorCode,
    RunStatus,
    Trigger,
)
from tremplin.jobs.models import Posting, PostingSource, PostingStatus, Workplace

RSS_ITEM = """<item><title>{title}</title><link>https://jobs.example.org/{key}</link>
<guid isPermaLink="false">{key}</guid><description>{description}</description>
<job:location>Ottawa, ON</job:location></item>"""


def rss(*items: str) -> bytes:
    body = "".join(items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:job="http://jobs.example.com/rss"><channel><title>Emplois</title>'
        f"{body}</channel></rss>"
    ).encode()


def item(key: str, title: str = "Soudeur", description: str = "Soudage de pièces.") -> str:
    return RSS_ITEM.format(key=key, title=title, description=description)


def counts(run: ImportRun) -> tuple[int, int, int, int, int]:
    return (
        run.created_count,
        run.updated_count,
        run.unchanged_count,
        run.withdrawn_count,
        run.failed_count,
    )


def upload(user, source, content: bytes, name: str = "jobs.csv") -> ImportRun:
    return services.upload(user, source, SimpleUploadedFile(name, content))


def read(source, local_server, content: bytes, user=None) -> ImportRun:
    local_server.serve("/feed.xml", content)
    run = services.queue_run(source, Trigger.MANUAL, user=user)
    # The immediate backend ran the task after commit (tests run in a transaction that
    # never commits, so run it as the worker would).
    return services.execute(run.pk)


# ------------------------------------------------------------------ real-world shapes


def test_an_indeed_like_rss_feed_is_imported_as_open_agency_postings(
    crew, feed_source, local_server
):
    run = read(feed_source, local_server, feed_bytes("indeed_rss.xml"), crew.greta)
    assert run.status == RunStatus.SUCCEEDED
    assert counts(run) == (3, 0, 0, 0, 0)
    postings = Posting.objects.filter(agency=crew.agency).order_by("identifier")
    assert [p.status for p in postings] == [PostingStatus.OPEN] * 3
    assert {p.source for p in postings} == {PostingSource.IMPORTED}
    warehouse = postings.get(identifier="a1b2c3d4")
    assert warehouse.hiring_organization_name == "Entrepôts Laurentiens"
    assert warehouse.title_fr.startswith("Commis d'entrepôt") and not warehouse.title_en
    assert "**commis d'entrepôt**" in warehouse.description_fr
    assert "- Réception des marchandises" in warehouse.description_fr
    assert "alert(1)" not in warehouse.description_fr  # scripts dropped
    assert (warehouse.city, warehouse.region) == ("Ottawa", "ON")
    assert str(warehouse.salary_min) == "20.50" and warehouse.salary_unit == "HOUR"
    assert warehouse.source_url == "https://ca.indeed.example/viewjob?jk=a1b2c3d4"
    english = postings.get(identifier="e5f6a7b8")
    assert english.title_en.startswith("Customer Service") and not english.title_fr
    assert english.salary_unit == "YEAR"
    assert postings.get(identifier="c9d0e1f2").region == "QC"
    assert ImportedItem.objects.filter(source=feed_source).count() == 3
    feed_source.refresh_from_db()
    assert feed_source.last_polled_at is not None


def test_a_job_bank_like_atom_feed_sorts_french_and_english(crew, feed_source, local_server):
    run = read(feed_source, local_server, feed_bytes("jobbank_atom.xml"))
    assert counts(run) == (2, 0, 0, 0, 0)
    cook = Posting.objects.get(identifier="urn:jobbank:job:43917712")
    assert cook.title_en.startswith("cook") and cook.hiring_organization_name == "Rideau Bistro"
    assert (cook.city, cook.region) == ("Ottawa", "ON")
    cuisinier = Posting.objects.get(identifier="urn:jobbank:job:43917999")
    assert cuisinier.title_fr.startswith("cuisinier") and not cuisinier.title_en
    assert "Préparer et cuire" in cuisinier.description_fr


def test_a_page_with_json_ld_graph_is_imported(crew, local_server, allow_local):
    url = local_server.serve(
        "/carrieres", feed_bytes("jsonld_graph.html"), Content_Type="text/html"
    )
    source = services.create_source(
        crew.greta, crew.agency, {"name": "Boréale", "kind": "jsonld_page", "url": url}
    )
    run = services.execute(services.queue_run(source, Trigger.MANUAL).pk)
    assert counts(run) == (2, 0, 0, 0, 0), run.error
    sales = Posting.objects.get(identifier="CB-2026-041")
    assert sales.title_fr == "Conseillère ou conseiller aux ventes"
    assert sales.employment_type == "PART_TIME" and sales.city == "Sudbury"
    assert str(sales.salary_max) == "19.00"
    assert sales.hiring_organization_url == "https://boreale.example"
    assert sales.valid_through is not None
    remote = Posting.objects.get(identifier="CB-2026-042")
    assert remote.workplace == Workplace.REMOTE and remote.title_en == "Remote bookkeeper"
    assert remote.applicant_location == "Canada"


def test_a_json_ld_file_upload_is_imported(crew, local_server, allow_local):
    source = services.create_source(
        crew.greta,
        crew.agency,
        {"name": "Boréale", "kind": "jsonld_page", "url": "https://carrieres.boreale.example/"},
    )
    content = (
        b'[{"@context": "https://schema.org", "@type": "JobPosting", "title": "Soudeur",'
        b' "description": "Souder des pi\xc3\xa8ces.", "identifier": "S-1",'
        b' "url": "https://boreale.example/s-1",'
        b' "jobLocation": {"address": {"addressLocality": "Timmins", "addressRegion": "ON"}}}]'
    )
    run = upload(crew.greta, source, content, "jobs.json")
    assert counts(run) == (1, 0, 0, 0, 0)
    assert Posting.objects.get(identifier="S-1").city == "Timmins"


def test_a_csv_with_bom_and_semicolons_imports_good_rows_and_reports_bad_ones(crew, csv_source):
    run = upload(crew.greta, csv_source, feed_bytes("jobs_bom_semicolon.csv"))
    assert run.status == RunStatus.PARTIAL
    assert counts(run) == (4, 0, 0, 0, 2)
    helper = Posting.objects.get(identifier="RV-1")
    assert (helper.title_fr, helper.title_en) == ("Aide-cuisinier", "Kitchen helper")
    assert str(helper.salary_min) == "17.20"  # a French decimal comma
    assert helper.employment_type == "PART_TIME"
    receptionist = Posting.objects.get(identifier="HL-7")
    assert receptionist.apply_method == "email"
    assert receptionist.apply_email == "emplois@laurier.example"
    assert Posting.objects.get(identifier="VL-9").title_en == "Driver"
    errors = {e.position: e for e in run.item_errors.all()}
    assert errors[5].code == ItemErrorCode.BAD_SALARY and errors[5].identifier == "EN-2"
    assert errors[6].code == ItemErrorCode.BAD_DATE
    assert errors[6].params == {"what": "closing", "value": "31/02/2026"}
    # The sentence is written when it is read, in the reader's language, and names what
    # to fix in their words (no column or property name).
    with translation.override("en"):
        assert errors[6].message == (
            "Its closing date, “31/02/2026”, could not be read: write the date as 2026-06-30."
        )
    with translation.override("fr"):
        assert errors[6].message.startswith("Sa date limite, « 31/02/2026 »")


# ------------------------------------------------------------------ broken input


def test_broken_xml_keeps_what_parses_and_reports_it(crew, feed_source, local_server):
    run = read(feed_source, local_server, (feed_bytes("broken.xml")))
    assert run.status == RunStatus.PARTIAL
    assert run.created_count == 2
    assert run.failed_count == 1
    assert run.item_errors.get().code == ItemErrorCode.MISSING_TITLE
    assert run.warning_code == "broken_feed" and run.warning_message
    assert Posting.objects.filter(identifier__in=["EN-100", "EN-101"]).count() == 2


def test_a_broken_feed_withdraws_nothing(crew, feed_source, local_server):
    read(feed_source, local_server, rss(item("A1"), item("A2", "Plombier")))
    run = read(feed_source, local_server, rss(item("A1")).replace(b"</channel>", b"<oops>"))
    assert run.warning_code and run.withdrawn_count == 0
    assert Posting.objects.get(identifier="A2").status == PostingStatus.OPEN


def test_something_that_is_not_a_feed_fails_the_run(crew, feed_source, local_server):
    run = read(feed_source, local_server, b"<html><body>Hello</body></html>")
    assert run.status == RunStatus.FAILED
    assert run.error_code == "not_a_feed" and run.error_message
    assert not Posting.objects.exists()


def test_missing_required_fields_are_reported_and_skipped(crew, feed_source, local_server):
    content = rss(
        item("B1"),
        "<item><guid>B2</guid><description>Sans titre.</description></item>",
        "<item><guid>B3</guid><title>Sans description ni lien</title></item>",
        item("B4", "Peintre", "Peinture."),
    )
    run = read(feed_source, local_server, content)
    assert counts(run) == (2, 0, 0, 0, 2)
    codes = sorted(e.code for e in run.item_errors.all())
    assert codes == [ItemErrorCode.MISSING_DESCRIPTION, ItemErrorCode.MISSING_TITLE]


def test_wrong_and_past_dates_are_reported_and_skipped(crew, feed_source, local_server):
    content = rss(
        item("C1").replace("</item>", "<pubDate>le 32 brumaire</pubDate></item>"),
        item("C2").replace("</item>", "<job:expires>2019-01-01</job:expires></item>"),
        item("C3").replace("</item>", "<job:expires>not-a-date</job:expires></item>"),
        item("C4", "Plombier"),
    )
    run = read(feed_source, local_server, content)
    assert run.created_count == 1 and run.failed_count == 3
    codes = {e.identifier: e.code for e in run.item_errors.all()}
    assert codes == {
        "C1": ItemErrorCode.BAD_DATE,
        "C2": ItemErrorCode.EXPIRED,
        "C3": ItemErrorCode.BAD_DATE,
    }


def test_a_closing_date_already_past_is_reported(crew, csv_source):
    content = (
        b"title_fr,description_fr,employer,region,valid_through,apply_url,identifier\n"
        b"Soudeur,Souder.,Acier Inc,ON,2025-01-15,https://acier.example/1,X1\n"
    )
    run = upload(crew.greta, csv_source, content)
    assert run.item_errors.get().code == ItemErrorCode.EXPIRED


def test_duplicate_items_in_one_feed_are_imported_once(crew, feed_source, local_server):
    content = rss(item("D1"), item("D1", "Soudeur (copie)"), item("D2", "Plombier"))
    run = read(feed_source, local_server, content)
    assert counts(run) == (2, 0, 0, 0, 1)
    duplicate = run.item_errors.get()
    assert duplicate.code == ItemErrorCode.DUPLICATE and duplicate.params == {"first": 1}
    assert Posting.objects.filter(identifier="D1").count() == 1


def test_items_without_identifier_are_matched_by_url_then_content(crew, csv_source):
    header = "title_fr,description_fr,employer,region,apply_url,apply_email\n"
    first = (
        header
        + "Soudeur,Souder.,Acier,ON,https://acier.example/s,\nCommis,Classer.,Acier,ON,,rh@acier.example\n"
    )
    run = upload(crew.greta, csv_source, first.encode())
    assert counts(run) == (2, 0, 0, 0, 0)
    second = (
        header
        + "Soudeur,Souder des pièces.,Acier,ON,https://acier.example/s,\nCommis,Classer.,Acier,ON,,rh@acier.example\n"
    )
    run = upload(crew.greta, csv_source, second.encode())
    assert counts(run) == (0, 1, 1, 0, 0)  # the URL recognised the welder; the hash the clerk
    assert Posting.objects.filter(agency=crew.agency).count() == 2


def test_a_huge_file_is_refused_with_a_clear_error(crew, csv_source, settings):
    settings.JOB_IMPORTS_MAX_BYTES = 1000
    with pytest.raises(services.ImportRefused) as caught:
        upload(crew.greta, csv_source, b"title_fr\n" + b"x" * 2000)
    assert caught.value.code == "too_large"
    assert not ImportRun.objects.exists()


def test_a_huge_feed_fails_the_run(crew, feed_source, local_server, settings):
    settings.JOB_IMPORTS_MAX_BYTES = 2000
    run = read(feed_source, local_server, rss(*[item(f"H{n}") for n in range(100)]))
    assert run.status == RunStatus.FAILED and run.error_code == "too_large"
    with translation.override("en"):  # written when read, in the reader's language
        assert run.error_message.startswith("The file is larger than the limit of 0.0019 MB")
    assert not Posting.objects.exists()


def test_a_private_address_fails_the_run_without_a_connection(crew, settings):
    settings.JOB_IMPORTS_ALLOWED_HOSTS = []
    source = services.create_source(
        crew.greta,
        crew.agency,
        {"name": "Interne", "kind": "rss_atom", "url": "http://intranet.example.test/feed"},
    )
    settings.JOB_IMPORTS_ALLOWED_HOSTS = []
    from tremplin.core import safe_fetch

    original = safe_fetch.resolve
    safe_fetch.resolve = lambda host, port: [(2, "10.0.0.7")]  # type: ignore[assignment]
    try:
        run = services.execute(services.queue_run(source, Trigger.MANUAL).pk)
    finally:
        safe_fetch.resolve = original  # type: ignore[assignment]
    assert run.status == RunStatus.FAILED and run.error_code == "private_address"


def test_scam_like_items_are_held_for_review(crew, feed_source, local_server):
    scam = item(
        "S1",
        "Commis de bureau",
        "Envoyez votre numéro d'assurance sociale et vos coordonnées bancaires pour être payé.",
    )
    run = read(feed_source, local_server, rss(scam))
    assert run.created_count == 1
    assert Posting.objects.get(identifier="S1").status == PostingStatus.REVIEW


# ------------------------------------------------------------------ later runs


def test_rerunning_an_unchanged_feed_changes_nothing(crew, feed_source, local_server):
    first = read(feed_source, local_server, feed_bytes("indeed_rss.xml"))
    before = list(Posting.objects.order_by("pk").values_list("pk", "updated", "status"))
    second = read(feed_source, local_server, feed_bytes("indeed_rss.xml"))
    assert counts(first) == (3, 0, 0, 0, 0)
    assert counts(second) == (0, 0, 3, 0, 0)
    assert second.status == RunStatus.SUCCEEDED
    assert list(Posting.objects.order_by("pk").values_list("pk", "updated", "status")) == before


def test_a_changed_item_updates_its_posting(crew, feed_source, local_server):
    read(feed_source, local_server, rss(item("U1"), item("U2", "Plombier")))
    posting = Posting.objects.get(identifier="U1")
    run = read(
        feed_source, local_server, rss(item("U1", "Soudeur-monteur"), item("U2", "Plombier"))
    )
    assert counts(run) == (0, 1, 1, 0, 0)
    posting.refresh_from_db()
    assert posting.title_fr == "Soudeur-monteur" and posting.status == PostingStatus.OPEN
    assert Posting.objects.filter(identifier="U1").count() == 1


def test_an_item_removed_from_the_feed_is_withdrawn_and_comes_back(crew, feed_source, local_server):
    read(feed_source, local_server, rss(item("W1"), item("W2", "Plombier")))
    run = read(feed_source, local_server, rss(item("W1")))
    assert counts(run) == (0, 0, 1, 1, 0)
    gone = Posting.objects.get(identifier="W2")
    assert gone.status == PostingStatus.CLOSED
    assert ImportedItem.objects.get(posting=gone).withdrawn_at is not None
    # A second read without it withdraws nothing more.
    assert read(feed_source, local_server, rss(item("W1"))).withdrawn_count == 0
    # Back in the feed: open again.
    back = read(feed_source, local_server, rss(item("W1"), item("W2", "Plombier")))
    assert back.updated_count == 1
    gone.refresh_from_db()
    assert gone.status == PostingStatus.OPEN


def test_a_source_that_keeps_missing_items_open_withdraws_nothing(crew, feed_source, local_server):
    services.update_source(crew.greta, feed_source, {"withdraw_missing": False})
    read(feed_source, local_server, rss(item("K1"), item("K2", "Plombier")))
    run = read(feed_source, local_server, rss(item("K1")))
    assert run.withdrawn_count == 0
    assert Posting.objects.get(identifier="K2").status == PostingStatus.OPEN


def test_a_malformed_item_does_not_withdraw_its_posting(crew, feed_source, local_server):
    read(feed_source, local_server, rss(item("M1"), item("M2", "Plombier")))
    broken = item("M2", "Plombier").replace("</item>", "<job:expires>n/a</job:expires></item>")
    run = read(feed_source, local_server, rss(item("M1"), broken))
    assert run.failed_count == 1 and run.withdrawn_count == 0
    assert Posting.objects.get(identifier="M2").status == PostingStatus.OPEN


def test_a_run_is_executed_once(crew, feed_source, local_server):
    local_server.serve("/feed.xml", rss(item("E1")))
    run = services.queue_run(feed_source, Trigger.MANUAL)
    services.execute(run.pk)
    again = services.execute(run.pk)
    assert again.created_count == 1
    assert Posting.objects.filter(identifier="E1").count() == 1
    assert [path for path, _ in local_server.requests] == ["/feed.xml"]


def test_a_removed_posting_is_not_brought_back(crew, feed_source, local_server):
    from tremplin.jobs.services import transition

    read(feed_source, local_server, rss(item("R1")))
    posting = Posting.objects.get(identifier="R1")
    transition(posting, PostingStatus.REMOVED)
    run = read(feed_source, local_server, rss(item("R1", "Soudeur changé")))
    assert run.unchanged_count == 1
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REMOVED


def test_a_withdrawal_tells_the_jobs_app(
    crew, feed_source, local_server, django_capture_on_commit_callbacks
):
    from tremplin.jobs.events import posting_ended_on_commit

    ended = []

    def receiver(posting_id, status):
        ended.append((posting_id, status))

    posting_ended_on_commit.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            read(feed_source, local_server, rss(item("T1"), item("T2", "Plombier")))
            read(feed_source, local_server, rss(item("T1")))
    finally:
        posting_ended_on_commit.disconnect(receiver)
    assert ended == [(Posting.objects.get(identifier="T2").pk, PostingStatus.CLOSED)]


# ------------------------------------------------------------------ nothing invented


def test_a_job_without_a_place_is_not_put_in_the_agencys_province(crew, feed_source, local_server):
    run = read(
        feed_source,
        local_server,
        rss(
            "<item><title>Dishwasher</title><link>https://jobs.example.org/d1</link>"
            "<guid>D1</guid><description>Evening shifts. Apply in person.</description></item>"
        ),
    )
    assert counts(run) == (1, 0, 0, 0, 0)
    posting = Posting.objects.get(identifier="D1")
    assert crew.agency.region == "ON"
    assert (posting.city, posting.region, posting.country) == ("", "", "")
    assert posting.hiring_organization_name == ""  # not the source's name ("Indeed Ottawa")
    assert posting.title_en == "Dishwasher" and not posting.title_fr  # short English
    assert posting.valid_through is None and posting.employment_type == ""


def test_imported_jobs_without_a_closing_date_expire_once_stale(crew, feed_source, local_server):
    read(feed_source, local_server, rss(item("S1"), item("S2", "Plombier")))
    old = timezone.now() - timedelta(days=61)
    Posting.objects.filter(identifier="S1").update(date_posted=old)
    Posting.objects.filter(identifier="S2").update(date_posted=None, created=old)
    assert services.close_stale_postings() == 2
    assert set(Posting.objects.values_list("status", flat=True)) == {PostingStatus.EXPIRED}
    assert services.close_stale_postings() == 0


def test_runs_saved_before_messages_had_parameters_keep_their_text(crew, feed_source):
    run = ImportRun.objects.create(
        source=feed_source,
        trigger=Trigger.MANUAL,
        status=RunStatus.FAILED,
        error_code="not_a_feed",
        error="Ce n'est pas un fil RSS ou Atom.",
    )
    error = run.item_errors.create(position=1, code="bad_date", detail="expires: demain")
    with translation.override("en"):
        assert run.error_message == "Ce n'est pas un fil RSS ou Atom."
        assert error.message == "A date could not be read." and error.detail


def test_a_job_abroad_is_shown_where_it_is(crew, client, csv_source):
    content = (
        b"title_en,description_en,employer,city,country,salary_min,salary_currency,apply_url\n"
        b"Hotel Supervisor,Supervise the front desk.,Alpine,Lisboa,PT,950,EUR,https://a.example/1\n"
    )
    run = upload(crew.greta, csv_source, content)
    assert counts(run) == (1, 0, 0, 0, 0)
    posting = Posting.objects.get()
    assert (posting.city, posting.region, posting.country) == ("Lisboa", "", "PT")
    page = client.get(f"/en/jobs/{posting.pk}/").content.decode()
    assert "Lisboa, PT" in page and "Ontario" not in page
    assert "950 EUR" in page and "Employment type" not in page  # none was given


def test_a_run_failed_on_a_code_this_version_does_not_know_still_says_something(crew, feed_source):
    run = ImportRun.objects.create(
        source=feed_source, trigger=Trigger.MANUAL, error_code="quic_refused", error_params={}
    )
    with translation.override("en"):
        assert run.error_message.startswith("The import could not read its source")
