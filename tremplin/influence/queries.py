"""Author analytics, the read path of this app: what happened to MY items over a
period, compared with the period before, in a fixed number of aggregate queries (GROUP
BY day, region, sector), whatever the number of items, viewers or days. (The app has no
actions: it only reads what the feed and the network record.)

Privacy rules (the page and the API both read `summary()`, nothing else):
- only the signed-in author's own items, followers and audience; there is no way to ask
  for someone else's numbers, for staff or moderators either;
- counts only: no viewer is ever named;
- the audience breakdown reads a viewer's region and sector only where the viewer's
  basics section is visible to the author (`Profile.objects.visible_to(author)`: their
  own audience rule, blocks either way, deactivated members), and shows a group only
  when it holds at least MIN_GROUP distinct people (see `suppress`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.regions import Region
from tremplin.feed.models import Comment, Item, ItemView, Kind, Reaction
from tremplin.network.models import Follow
from tremplin.profiles.models import Profile, Sector

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 90
# The smallest group of people the breakdown may describe.
MIN_GROUP = 5
TOP_ITEMS = 10
OTHER = "other"

METRIC_LABELS = {
    "views": gettext_lazy("Views"),
    "viewers": gettext_lazy("Unique viewers"),
    "reactions": gettext_lazy("Reactions"),
    "comments": gettext_lazy("Comments"),
    "reshares": gettext_lazy("Reshares"),
    "followers": gettext_lazy("New followers"),
}


@dataclass
class Metric:
    key: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def decrease(self) -> int:
        return self.previous - self.current


@dataclass
class Day:
    day: date
    views: int = 0
    reactions: int = 0
    new_followers: int = 0
    followers: int = 0  # cumulative, at the end of the day


@dataclass
class TopItem:
    item: Item
    views: int

    @property
    def label(self) -> str:
        return item_label(self.item)


@dataclass
class Group:
    code: str
    label: str
    people: int


@dataclass
class Breakdown:
    groups: list[Group] = field(default_factory=list)
    # True when some people were left out because their group was too small.
    suppressed: bool = False


@dataclass
class Summary:
    days: int
    start: date
    end: date
    previous_start: date
    totals: list[Metric]
    series: list[Day]
    top_items: list[TopItem]
    regions: Breakdown
    sectors: Breakdown

    def total(self, key: str) -> Metric:
        return next(m for m in self.totals if m.key == key)


def item_label(item: Item) -> str:
    """What the author recognises an item by: an article's title, else the start of
    the text."""
    if item.title:
        return item.title
    if item.body.strip():
        return Truncator(" ".join(item.body.split())).chars(80)
    if item.kind == Kind.RESHARE:
        return _("Reshare without a comment")
    return _("Post without text")


def suppress(counts: Iterable[tuple[str, str, int]], minimum: int = MIN_GROUP) -> Breakdown:
    """Keep groups of at least `minimum` people (largest first); merge the smaller
    ones into one "other" group only if that merged group itself reaches `minimum`,
    else leave them out. A single small group can never reach `minimum` alone, so the
    merged group never describes one small group."""
    shown: list[Group] = []
    small = 0
    for code, label, people in counts:
        if people >= minimum:
            shown.append(Group(code, label, people))
        elif people > 0:
            small += people
    shown.sort(key=lambda g: (-g.people, g.label))
    suppressed = small > 0
    if small >= minimum:
        shown.append(Group(OTHER, _("Other (groups under 5 people)"), small))
        suppressed = False
    return Breakdown(shown, suppressed)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _per_day(rows: Iterable[Mapping[str, Any]], split: date, days: list[date]) -> PerDay:
    """{day: n} for the current period, and the totals of the current and previous
    periods, from `values("day").annotate(n=...)` rows covering both."""
    by_day = {row["day"]: row["n"] for row in rows}
    current = sum(by_day.get(d, 0) for d in days)
    previous = sum(n for d, n in by_day.items() if d < split)
    return PerDay(by_day, current, previous)


@dataclass
class PerDay:
    by_day: dict[date, int]
    current: int
    previous: int


@dataclass
class Period:
    """The `days` days ending `end` (included), and as many days just before."""

    days: int
    end: date

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.days - 1)

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    @property
    def since(self) -> datetime:
        return _start_of(self.previous_start)

    @property
    def split(self) -> datetime:
        return _start_of(self.start)

    @property
    def until(self) -> datetime:
        return _start_of(self.end + timedelta(days=1))


def _local_day() -> TruncDate:
    return TruncDate("created", tzinfo=timezone.get_current_timezone())


def _views(author: Any, period: Period) -> QuerySet[ItemView]:
    """One row per item, viewer and day: a viewer counts once a day per item."""
    return ItemView.objects.filter(
        item__author=author, day__gte=period.previous_start, day__lte=period.end
    )


def _view_days(views: QuerySet[ItemView], period: Period) -> PerDay:
    """1. Views per day, both periods."""
    rows = views.values("day").annotate(n=Count("id")).order_by()
    return _per_day(rows, period.start, period.dates)


def _viewers(views: QuerySet[ItemView], period: Period) -> Metric:
    """2. Distinct viewers in each period."""
    in_period = Q(day__gte=period.start)
    found = views.aggregate(
        now=Count("viewer", distinct=True, filter=in_period),
        before=Count("viewer", distinct=True, filter=~in_period),
    )
    return Metric("viewers", found["now"], found["before"])


def _reaction_days(author: Any, period: Period) -> PerDay:
    """3. Reactions per day by other people (the author's own do not measure influence)."""
    rows = (
        Reaction.objects.filter(
            item__author=author, created__gte=period.since, created__lt=period.until
        )
        .exclude(user=author)
        .annotate(day=_local_day())
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _per_day(rows, period.start, period.dates)


def _comments(author: Any, period: Period) -> Metric:
    """4. Comments by other people, both periods."""
    recent = Q(created__gte=period.split)
    found = (
        Comment.objects.filter(
            item__author=author, created__gte=period.since, created__lt=period.until
        )
        .exclude(author=author)
        .aggregate(now=Count("id", filter=recent), before=Count("id", filter=~recent))
    )
    return Metric("comments", found["now"], found["before"])


def _reshares(author: Any, period: Period) -> Metric:
    """5. Reshares by other people, both periods."""
    recent = Q(published__gte=period.split)
    found = (
        Item.objects.filter(
            reshare_of__author=author, published__gte=period.since, published__lt=period.until
        )
        .exclude(author=author)
        .aggregate(now=Count("id", filter=recent), before=Count("id", filter=~recent))
    )
    return Metric("reshares", found["now"], found["before"])


def _follower_days(author: Any, period: Period) -> tuple[PerDay, int]:
    """6. The current followers by the day they followed (nobody keeps unfollows), and
    7. how many followed before the period."""
    follows = Follow.objects.filter(user=author)
    rows = (
        follows.filter(created__gte=period.since, created__lt=period.until)
        .annotate(day=_local_day())
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _per_day(rows, period.start, period.dates), follows.filter(
        created__lt=period.split
    ).count()


def _series(
    period: Period, views: PerDay, reactions: PerDay, follows: PerDay, before: int
) -> list[Day]:
    running = before
    series = []
    for d in period.dates:
        running += follows.by_day.get(d, 0)
        series.append(
            Day(
                day=d,
                views=views.by_day.get(d, 0),
                reactions=reactions.by_day.get(d, 0),
                new_followers=follows.by_day.get(d, 0),
                followers=running,
            )
        )
    return series


def _top_items(author: Any, views: QuerySet[ItemView], period: Period) -> list[TopItem]:
    """8. Top items by views in the period, and 9. those items (with their counters)."""
    top = list(
        views.filter(day__gte=period.start)
        .values("item")
        .annotate(n=Count("id"))
        .order_by("-n", "-item")[:TOP_ITEMS]
    )
    items = Item.objects.filter(author=author).in_bulk([row["item"] for row in top])
    return [TopItem(items[row["item"]], row["n"]) for row in top if row["item"] in items]


def _audience(
    author: Any, views: QuerySet[ItemView], period: Period
) -> tuple[Breakdown, Breakdown]:
    """10-11. Who viewed, by region and by sector: one row per person (a profile per
    member), only where their basics are visible to the author."""
    people = Profile.objects.visible_to(author).filter(
        user__in=views.filter(day__gte=period.start).values("viewer")
    )
    regions = dict(Region.choices)
    sectors = dict(Sector.choices)
    by_region = people.exclude(region="").values("region").annotate(n=Count("id")).order_by()
    by_sector = people.exclude(sector="").values("sector").annotate(n=Count("id")).order_by()
    return (
        suppress(
            (r["region"], str(regions.get(r["region"], r["region"])), r["n"]) for r in by_region
        ),
        suppress(
            (r["sector"], str(sectors.get(r["sector"], r["sector"])), r["n"]) for r in by_sector
        ),
    )


def summary(author: Any, days: int = DEFAULT_DAYS, today: date | None = None) -> Summary:
    """The author's analytics for the `days` days ending today (included), and the
    same number of days before. About 11 queries, whatever the data."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    period = Period(days, today or timezone.localdate())
    views = _views(author, period)
    view_days = _view_days(views, period)
    reaction_days = _reaction_days(author, period)
    follower_days, followers_before = _follower_days(author, period)
    regions, sectors = _audience(author, views, period)
    return Summary(
        days=days,
        start=period.start,
        end=period.end,
        previous_start=period.previous_start,
        totals=[
            Metric("views", view_days.current, view_days.previous),
            _viewers(views, period),
            Metric("reactions", reaction_days.current, reaction_days.previous),
            _comments(author, period),
            _reshares(author, period),
            Metric("followers", follower_days.current, follower_days.previous),
        ],
        series=_series(period, view_days, reaction_days, follower_days, followers_before),
        top_items=_top_items(author, views, period),
        regions=regions,
        sectors=sectors,
    )
