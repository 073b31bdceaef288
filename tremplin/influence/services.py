"""Author analytics: what happened to MY items over a period, compared with the period
before, in a fixed number of aggregate queries (GROUP BY day, region, sector), whatever
the number of items, viewers or days.

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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
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


def _per_day(rows, split: date, days: list[date]) -> tuple[dict[date, int], int, int]:
    """{day: n} for the current period, and the totals of the current and previous
    periods, from `values("day").annotate(n=...)` rows covering both."""
    by_day = {row["day"]: row["n"] for row in rows}
    current = sum(by_day.get(d, 0) for d in days)
    previous = sum(n for d, n in by_day.items() if d < split)
    return by_day, current, previous


def summary(author, days: int = DEFAULT_DAYS, today: date | None = None) -> Summary:
    """The author's analytics for the `days` days ending today (included), and the
    same number of days before. About 11 queries, whatever the data."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    end = today or timezone.localdate()
    start = end - timedelta(days=days - 1)
    previous_start = start - timedelta(days=days)
    period = [start + timedelta(days=i) for i in range(days)]
    since, split = _start_of(previous_start), _start_of(start)
    until = _start_of(end + timedelta(days=1))
    local_day = TruncDate("created", tzinfo=timezone.get_current_timezone())

    views = ItemView.objects.filter(item__author=author, day__gte=previous_start, day__lte=end)
    in_period = Q(day__gte=start)

    # 1. Views per day, both periods (one row per item, viewer and day: a viewer counts
    # once a day per item).
    view_days, views_now, views_before = _per_day(
        views.values("day").annotate(n=Count("id")).order_by(), start, period
    )
    # 2. Distinct viewers in each period.
    viewers = views.aggregate(
        now=Count("viewer", distinct=True, filter=in_period),
        before=Count("viewer", distinct=True, filter=~in_period),
    )
    # 3. Reactions per day by other people (the author's own do not measure influence).
    reaction_days, reactions_now, reactions_before = _per_day(
        Reaction.objects.filter(item__author=author, created__gte=since, created__lt=until)
        .exclude(user=author)
        .annotate(day=local_day)
        .values("day")
        .annotate(n=Count("id"))
        .order_by(),
        start,
        period,
    )
    # 4. Comments and 5. reshares by other people, both periods.
    recent = Q(created__gte=split)
    comments = (
        Comment.objects.filter(item__author=author, created__gte=since, created__lt=until)
        .exclude(author=author)
        .aggregate(now=Count("id", filter=recent), before=Count("id", filter=~recent))
    )
    published_recently = Q(published__gte=split)
    reshares = (
        Item.objects.filter(reshare_of__author=author, published__gte=since, published__lt=until)
        .exclude(author=author)
        .aggregate(
            now=Count("id", filter=published_recently),
            before=Count("id", filter=~published_recently),
        )
    )
    # 6. Followers: the current followers by the day they followed (nobody keeps
    # unfollows), and 7. how many followed before the period.
    follows = Follow.objects.filter(user=author)
    follower_days, followers_now, followers_before = _per_day(
        follows.filter(created__gte=since, created__lt=until)
        .annotate(day=local_day)
        .values("day")
        .annotate(n=Count("id"))
        .order_by(),
        start,
        period,
    )
    running = follows.filter(created__lt=split).count()

    series = []
    for d in period:
        running += follower_days.get(d, 0)
        series.append(
            Day(
                day=d,
                views=view_days.get(d, 0),
                reactions=reaction_days.get(d, 0),
                new_followers=follower_days.get(d, 0),
                followers=running,
            )
        )

    # 8. Top items by views in the period, and 9. those items (with their counters).
    top = list(
        views.filter(in_period)
        .values("item")
        .annotate(n=Count("id"))
        .order_by("-n", "-item")[:TOP_ITEMS]
    )
    items = Item.objects.filter(author=author).in_bulk([row["item"] for row in top])
    top_items = [TopItem(items[row["item"]], row["n"]) for row in top if row["item"] in items]

    # 10-11. Who viewed, by region and by sector: one row per person (a profile per
    # member), only where their basics are visible to the author.
    people = Profile.objects.visible_to(author).filter(
        user__in=views.filter(in_period).values("viewer")
    )
    regions = dict(Region.choices)
    sectors = dict(Sector.choices)
    by_region = people.exclude(region="").values("region").annotate(n=Count("id")).order_by()
    by_sector = people.exclude(sector="").values("sector").annotate(n=Count("id")).order_by()

    return Summary(
        days=days,
        start=start,
        end=end,
        previous_start=previous_start,
        totals=[
            Metric("views", views_now, views_before),
            Metric("viewers", viewers["now"], viewers["before"]),
            Metric("reactions", reactions_now, reactions_before),
            Metric("comments", comments["now"], comments["before"]),
            Metric("reshares", reshares["now"], reshares["before"]),
            Metric("followers", followers_now, followers_before),
        ],
        series=series,
        top_items=top_items,
        regions=suppress(
            (r["region"], str(regions.get(r["region"], r["region"])), r["n"]) for r in by_region
        ),
        sectors=suppress(
            (r["sector"], str(sectors.get(r["sector"], r["sector"])), r["n"]) for r in by_sector
        ),
    )
