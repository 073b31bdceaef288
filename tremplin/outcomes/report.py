"""The agency report: pure functions over querysets, then small-cell suppression.

Suppression (`suppress`): any group counting fewer than `THRESHOLD` (5) clients or
answers is shown as "fewer than 5", never as a number or a percentage, on the page, in
the charts, in the CSV and in the API. A breakdown whose total is shown would let a
reader subtract the shown cells from the total and find a hidden one, so when exactly
one cell of a breakdown is hidden, the smallest other cell is hidden too
(complementary suppression). Zero counts are fewer than five: they are hidden as well.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.casework.models import (
    EMPLOYED_OUTCOMES,
    TRAINING_OUTCOMES,
    FollowUp,
    FollowUpStatus,
)
from tremplin.core.small_cells import (  # noqa: F401 (re-exported for callers)
    THRESHOLD,
    Breakdown,
    Cell,
    Figure,
    breakdown,
    figure,
    suppress,
)
from tremplin.counselling.models import Case, CaseStatus, ExitReason
from tremplin.outcomes.models import SurveyKind, SurveyResponse

# Follow-up outcome categories, exclusive so that they add up to the row total:
# "employed" includes "employed and in training"; "in training" is training only.
OUTCOME_CATEGORIES = ("employed", "training", "other", "unreachable")


def outcome_labels() -> dict[str, str]:
    return {
        "employed": _("Employed"),
        "training": _("In training"),
        "other": _("Other"),
        "unreachable": _("Unreachable"),
    }


# Suppression lives in tremplin.core.small_cells (shared with mentoring's report).


@dataclass
class Satisfaction:
    """A group of answers: the number of answers and the share at 4 or 5."""

    key: str
    label: str
    answers: int
    satisfied: int
    suppressed: bool

    @property
    def answers_shown(self) -> int | None:
        return None if self.suppressed else self.answers

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.answers:
            return None
        return round(100 * self.satisfied / self.answers)


def satisfaction_groups(rows: Iterable[tuple[str, str, int, int]]) -> list[Satisfaction]:
    """(key, label, answers, satisfied) per group, suppressed together: the overall
    figure is shown, so a single hidden group would be found by subtraction."""
    found = list(rows)
    overall = sum(answers for _k, _l, answers, _s in found)
    hidden = suppress([answers for _k, _l, answers, _s in found], total_shown=overall >= THRESHOLD)
    return [
        Satisfaction(key, label, answers, satisfied, hide)
        for (key, label, answers, satisfied), hide in zip(found, hidden, strict=True)
    ]


# ------------------------------------------------------------------ the period


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months, today included."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


# ------------------------------------------------------------------ the figures


def served_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases that were ever active: the client consented (an invitation that was never
    accepted served nobody)."""
    return cases.filter(client__isnull=False, client_consented_at__isnull=False)


def clients_served(cases: QuerySet[Case], start: datetime, end: datetime) -> int:
    """Distinct clients whose case was active at some time in [start, end)."""
    return (
        served_cases(cases)
        .filter(client_consented_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .values("client")
        .distinct()
        .count()
    )


def active_now(cases: QuerySet[Case]) -> int:
    """Distinct clients with an active or paused case today."""
    return (
        cases.filter(status__in=[CaseStatus.ACTIVE, CaseStatus.PAUSED], client__isnull=False)
        .values("client")
        .distinct()
        .count()
    )


def exits_by_reason(cases: QuerySet[Case], start: datetime, end: datetime) -> dict[str, int]:
    """Served cases closed in [start, end), by exit reason."""
    rows = (
        served_cases(cases)
        .filter(status=CaseStatus.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .values("exit_reason")
        .annotate(n=Count("pk"))
    )
    return {row["exit_reason"] or ExitReason.OTHER: row["n"] for row in rows}


def outcome_category(status: str, outcome: str) -> str:
    if status == FollowUpStatus.UNREACHABLE:
        return "unreachable"
    if outcome in EMPLOYED_OUTCOMES:
        return "employed"
    if outcome in TRAINING_OUTCOMES:
        return "training"
    return "other"


def follow_up_outcomes(
    follow_ups: QuerySet[FollowUp], start: date, end: date
) -> dict[int, Counter[str]]:
    """Follow-ups due in [start, end] that were done (or found the person unreachable),
    per months after exit, by category."""
    rows = follow_ups.filter(
        status__in=[FollowUpStatus.DONE, FollowUpStatus.UNREACHABLE],
        due_on__gte=start,
        due_on__lte=end,
    ).values("months", "status", "outcome")
    found: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        found[row["months"]][outcome_category(row["status"], row["outcome"])] += 1
    return dict(sorted(found.items()))


def answers_in(
    responses: QuerySet[SurveyResponse], start: datetime, end: datetime
) -> QuerySet[SurveyResponse]:
    return responses.filter(created__gte=start, created__lt=end)


def satisfaction_by(responses: QuerySet[SurveyResponse], field_name: str) -> list[dict[str, Any]]:
    """Answers and answers at 4 or 5 per value of `field_name`."""
    return list(
        responses.values(field_name)
        .annotate(answers=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)))
        .order_by(field_name)
    )


# ------------------------------------------------------------------ the whole report


@dataclass
class Report:
    start: date
    end: date
    clients_served: Figure
    active_now: Figure
    exits: Breakdown
    outcomes: list[tuple[int, Breakdown]]
    overall: Satisfaction
    by_counsellor: list[Satisfaction]
    by_service: list[Satisfaction]
    by_kind: list[Satisfaction]
    threshold: int = THRESHOLD
    notes: list[str] = field(default_factory=list)


def _overall(responses: QuerySet[SurveyResponse]) -> Satisfaction:
    totals = responses.aggregate(answers=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)))
    answers, satisfied = totals["answers"] or 0, totals["satisfied"] or 0
    return Satisfaction("all", _("All answers"), answers, satisfied, answers < THRESHOLD)


def build_report(agency: Any, start: date, end: date) -> Report:
    """Every figure of the agency's report for [start, end], suppressed."""
    since, until = bounds(start, end)
    cases = Case.objects.filter(agency=agency)
    responses = answers_in(
        SurveyResponse.objects.filter(invitation__case__agency=agency), since, until
    )
    return Report(
        start=start,
        end=end,
        clients_served=figure(clients_served(cases, since, until)),
        active_now=figure(active_now(cases)),
        exits=_exits(cases, since, until),
        outcomes=_outcomes(agency, start, end),
        overall=_overall(responses),
        by_counsellor=_by_counsellor(responses),
        by_service=_by_service(responses),
        by_kind=_by_kind(responses),
    )


def _exits(cases: QuerySet[Case], since: datetime, until: datetime) -> Breakdown:
    reasons = dict(ExitReason.choices)
    return breakdown(
        (reason, str(reasons.get(reason, reason)), count)
        for reason, count in sorted(exits_by_reason(cases, since, until).items())
    )


def _outcomes(agency: Any, start: date, end: date) -> list[tuple[int, Breakdown]]:
    labels = outcome_labels()
    return [
        (months, breakdown((c, labels[c], counts.get(c, 0)) for c in OUTCOME_CATEGORIES))
        for months, counts in follow_up_outcomes(
            FollowUp.objects.filter(case__agency=agency), start, end
        ).items()
    ]


def _by_counsellor(responses: QuerySet[SurveyResponse]) -> list[Satisfaction]:
    per_counsellor = satisfaction_by(responses, "invitation__counsellor")
    names = dict(
        User.objects.filter(
            pk__in=[row["invitation__counsellor"] for row in per_counsellor]
        ).values_list("pk", "profile__display_name")
    )
    return satisfaction_groups(
        sorted(
            (
                (
                    str(row["invitation__counsellor"] or ""),
                    names.get(row["invitation__counsellor"]) or _("Counsellor no longer listed"),
                    row["answers"],
                    row["satisfied"],
                )
                for row in per_counsellor
            ),
            key=lambda r: (r[1].casefold(), r[0]),
        )
    )


def _by_service(responses: QuerySet[SurveyResponse]) -> list[Satisfaction]:
    services: Counter[str] = Counter()
    satisfied_per_service: Counter[str] = Counter()
    for row in satisfaction_by(responses, "invitation__case__record__service"):
        name = (row["invitation__case__record__service"] or "").strip()
        services[name] += row["answers"]
        satisfied_per_service[name] += row["satisfied"]
    return satisfaction_groups(
        (name, name or _("Not specified"), services[name], satisfied_per_service[name])
        for name in sorted(services, key=lambda n: (n == "", n.casefold()))
    )


def _by_kind(responses: QuerySet[SurveyResponse]) -> list[Satisfaction]:
    kinds = {row["invitation__kind"]: row for row in satisfaction_by(responses, "invitation__kind")}
    return satisfaction_groups(
        (
            kind.value,
            str(kind.label),
            kinds.get(kind.value, {}).get("answers", 0),
            kinds.get(kind.value, {}).get("satisfied", 0),
        )
        for kind in SurveyKind
        if kind.value in kinds
    )


# ------------------------------------------------------------------ output


def fewer_than() -> str:
    return _("fewer than %(count)d") % {"count": THRESHOLD}


def csv_rows(report: Report) -> list[list[str]]:
    """The report as CSV rows (header first), suppressed the same way as the page."""
    hidden = fewer_than()

    def shown(value: int | None, suffix: str = "") -> str:
        return hidden if value is None else f"{value}{suffix}"

    rows = [[_("Section"), _("Group"), _("Measure"), _("Value")]]
    period = _("%(start)s to %(end)s") % {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
    }
    rows.append([_("Period"), "", "", period])
    rows.append(
        [_("Clients"), _("Clients served"), _("Clients"), shown(report.clients_served.value)]
    )
    rows.append([_("Clients"), _("Active now"), _("Clients"), shown(report.active_now.value)])
    for cell in report.exits.cells:
        rows.append([_("Exits in the period"), cell.label, _("Cases"), shown(cell.figure.value)])
    rows.append([_("Exits in the period"), _("Total"), _("Cases"), shown(report.exits.total.value)])
    for months, row in report.outcomes:
        section = _("Follow-up at %(months)d months") % {"months": months}
        for cell in row.cells:
            rows.append([section, cell.label, _("Follow-ups"), shown(cell.figure.value)])
        rows.append([section, _("Total"), _("Follow-ups"), shown(row.total.value)])
    groups = [
        (_("Satisfaction"), [report.overall]),
        (_("Satisfaction by counsellor"), report.by_counsellor),
        (_("Satisfaction by service"), report.by_service),
        (_("Satisfaction by survey"), report.by_kind),
    ]
    for section, items in groups:
        for item in items:
            rows.append([section, item.label, _("Answers"), shown(item.answers_shown)])
            rows.append([section, item.label, _("Satisfied (4 or 5)"), shown(item.percent, " %")])
    return rows


def _figure_json(value: Figure) -> dict[str, Any]:
    return {"value": value.value, "suppressed": value.suppressed}


def _satisfaction_json(item: Satisfaction) -> dict[str, Any]:
    return {
        "key": item.key,
        "label": item.label,
        "answers": item.answers_shown,
        "satisfied_percent": item.percent,
        "suppressed": item.suppressed,
    }


def _breakdown_json(row: Breakdown) -> dict[str, Any]:
    return {
        "cells": [{"key": c.key, "label": c.label, **_figure_json(c.figure)} for c in row.cells],
        "total": _figure_json(row.total),
    }


def report_json(report: Report) -> dict[str, Any]:
    """The same suppressed figures for the API: a hidden value is null, with
    "suppressed": true."""
    return {
        "start": report.start,
        "end": report.end,
        "threshold": report.threshold,
        "clients_served": _figure_json(report.clients_served),
        "active_now": _figure_json(report.active_now),
        "exits": _breakdown_json(report.exits),
        "follow_ups": [
            {"months": months, **_breakdown_json(row)} for months, row in report.outcomes
        ],
        "satisfaction": {
            "overall": _satisfaction_json(report.overall),
            "by_counsellor": [_satisfaction_json(s) for s in report.by_counsellor],
            "by_service": [_satisfaction_json(s) for s in report.by_service],
            "by_kind": [_satisfaction_json(s) for s in report.by_kind],
        },
    }
