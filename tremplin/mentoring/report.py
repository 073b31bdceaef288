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


report_columns: Hook[ReportColumn] = Hook("mentoring report columns")


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
        for column in sorted(report_columns, key=lambda c: c.order)
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
    return csv_bytes(rows)
