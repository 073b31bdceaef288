"""A programme's report: the coordinator's dashboard figures and the funder's CSV.

Figures are counts of people, de-identified as the agency report is: every figure under
5 (zero included) is shown as "fewer than 5", and in the breakdown of matches (waiting,
active, ended, declined) with its total shown, a single hidden cell hides the smallest
other one too (`tremplin.core.small_cells`, the rule the agency report uses).

Columns other apps know (outcomes: found work, started training; sessions, goals met and
satisfaction when the sessions part arrives) are registered into `report_columns` from
those apps' hooks.py: mentoring sits below them in the layers and never imports them.
A column counts people among the programme's mentees whose mentorship started
(`ReportColumn.count(programme, mentee_ids)`); it decides its own consent rule.

A column is an agency's unless it says otherwise (`agency_only=False`): outcomes read an
agency's follow-ups of its own clients, which a community-run programme has none of, so
its report shows the mentoring columns only (`outcomes_withheld` says so on the page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tremplin.core.exports import csv_bytes
from tremplin.core.hooks import Hook
from tremplin.core.small_cells import Breakdown, Figure, breakdown, figure
from tremplin.mentoring.models import EnrolmentStatus, Mentorship, MentorshipStatus, Programme, Side


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: Any  # a lazy translation
    count: Callable[[Programme, list[int]], int]
    order: int = 100
    # Deny by default: a column another app adds counts for an agency's programme only.
    agency_only: bool = True


report_columns: Hook[ReportColumn] = Hook("mentoring report columns")


def columns_for(programme: Programme) -> list[ReportColumn]:
    found = sorted(report_columns, key=lambda c: c.order)
    if programme.agency_id is None:
        return [column for column in found if not column.agency_only]
    return found


def outcomes_withheld(programme: Programme) -> bool:
    """Whether some registered columns are left out (a community-run programme)."""
    return len(columns_for(programme)) < len(report_columns)


@dataclass
class Row:
    key: str
    label: str
    figure: Figure


@dataclass
class ProgrammeReport:
    mentors: Figure
    mentees: Figure
    matches: Breakdown
    columns: list[Row]


def _match_counts(programme: Programme) -> dict[str, int]:
    return Mentorship.objects.filter(programme=programme).aggregate(
        waiting=Count("pk", filter=Q(status=MentorshipStatus.INVITED)),
        active=Count("pk", filter=Q(status=MentorshipStatus.ACTIVE)),
        ended=Count("pk", filter=Q(status=MentorshipStatus.ENDED, started_at__isnull=False)),
        declined=Count("pk", filter=Q(status=MentorshipStatus.ENDED, started_at__isnull=True)),
    )


def build(programme: Programme) -> ProgrammeReport:
    enrolled = programme.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    counts = _match_counts(programme)
    labels = {
        "waiting": _("Matches waiting for an answer"),
        "active": _("Active mentorships"),
        "ended": _("Mentorships ended"),
        "declined": _("Matches declined or withdrawn"),
    }
    started = list(
        Mentorship.objects.filter(programme=programme, started_at__isnull=False)
        .values_list("mentee_id", flat=True)
        .distinct()
    )
    columns = [
        Row(column.key, str(column.label), figure(column.count(programme, started)))
        for column in columns_for(programme)
    ]
    return ProgrammeReport(
        mentors=figure(enrolled.filter(side=Side.MENTOR).count()),
        mentees=figure(enrolled.filter(side=Side.MENTEE).count()),
        matches=breakdown((key, labels[key], counts[key]) for key in labels),
        columns=columns,
    )


def shown(value: Figure) -> str:
    return _("fewer than 5") if value.suppressed else str(value.count)


def csv_for(programme: Programme, report: ProgrammeReport) -> bytes:
    """The funder's CSV: one figure a line, small cells as "fewer than 5", every cell
    neutralised against formulas (`core.exports.csv_bytes`)."""
    rows: list[list[Any]] = [[_("Programme"), programme.name], [_("Figure"), _("Count")]]
    rows.append([_("Mentors enrolled"), shown(report.mentors)])
    rows.append([_("Mentees enrolled"), shown(report.mentees)])
    rows += [[cell.label, shown(cell.figure)] for cell in report.matches.cells]
    rows.append([_("Matches proposed, in all"), shown(report.matches.total)])
    rows += [[row.label, shown(row.figure)] for row in report.columns]
    if outcomes_withheld(programme):
        rows.append([_("Employment and training outcomes"), withheld_note()])
    return csv_bytes(rows)


def withheld_note() -> str:
    """Why a community's programme has no outcome figures (the page says it too)."""
    return _(
        "Not reported: a community runs this programme, and outcomes come from an "
        "agency's follow-ups of its own clients."
    )
