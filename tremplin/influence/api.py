"""My analytics over the API: GET /api/v1/influence/summary?days=30. Always the caller's
own numbers (there is no parameter naming a member); the audience breakdown follows the
same suppression rule as the page (groups under 5 people are merged or left out)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tremplin.api.auth import signed_in
from tremplin.api.schemas import ErrorOut
from tremplin.influence.queries import DEFAULT_DAYS, MAX_DAYS, MIN_GROUP, Breakdown, summary

router = Router(tags=["influence"])


class MetricOut(Schema):
    current: int = Field(description="This period.")
    previous: int = Field(description="The same number of days just before.")


class TotalsOut(Schema):
    views: MetricOut = Field(description="One per viewer, per item, per day.")
    viewers: MetricOut = Field(description="Distinct people who viewed my items.")
    reactions: MetricOut
    comments: MetricOut
    reshares: MetricOut
    followers: MetricOut = Field(description="New followers (who still follow me).")


class DayOut(Schema):
    day: date
    views: int
    reactions: int
    new_followers: int
    followers: int = Field(description="Followers at the end of the day.")


class TopItemOut(Schema):
    id: int
    kind: str
    label: str = Field(description="The title, or the start of the text.")
    url: str
    published: date | None
    views: int = Field(description="Views in the period.")
    reactions: int = Field(description="All reactions to date.")
    comments: int = Field(description="All comments to date.")
    reshares: int = Field(description="All reshares to date.")


class GroupOut(Schema):
    code: str = Field(description='A region or sector code, or "other" for merged groups.')
    label: str
    people: int


class BreakdownOut(Schema):
    groups: list[GroupOut]
    suppressed: bool = Field(
        description="True when some people are left out because their group was too small."
    )


class AudienceOut(Schema):
    minimum_group_size: int
    regions: BreakdownOut
    sectors: BreakdownOut


class SummaryOut(Schema):
    days: int
    start: date
    end: date
    totals: TotalsOut
    daily: list[DayOut]
    top_items: list[TopItemOut]
    audience: AudienceOut


def breakdown_out(found: Breakdown) -> dict[str, Any]:
    return {
        "groups": [{"code": g.code, "label": g.label, "people": g.people} for g in found.groups],
        "suppressed": found.suppressed,
    }


@router.get(
    "/summary",
    response={200: SummaryOut, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My analytics",
)
def my_summary(
    request: HttpRequest,
    days: int = Query(
        DEFAULT_DAYS, ge=1, le=MAX_DAYS, description=f"The period, 1 to {MAX_DAYS} days."
    ),
) -> dict[str, Any]:
    """Views, reactions, comments, reshares and followers of my own items over the last
    `days` days (today included) compared with the days before, per day, my top items,
    and who viewed them by region and sector — only groups of at least 5 people, only
    people whose basics section I may see. 422 when `days` is not a number from 1 to 90."""
    data = summary(request.user, days)
    return {
        "days": data.days,
        "start": data.start,
        "end": data.end,
        "totals": {m.key: {"current": m.current, "previous": m.previous} for m in data.totals},
        "daily": [asdict(d) for d in data.series],
        "top_items": [
            {
                "id": t.item.pk,
                "kind": t.item.kind,
                "label": t.label,
                "url": t.item.get_absolute_url(),
                "published": timezone.localdate(t.item.published) if t.item.published else None,
                "views": t.views,
                "reactions": t.item.reaction_count,
                "comments": t.item.comment_count,
                "reshares": t.item.reshare_count,
            }
            for t in data.top_items
        ],
        "audience": {
            "minimum_group_size": MIN_GROUP,
            "regions": breakdown_out(data.regions),
            "sectors": breakdown_out(data.sectors),
        },
    }
