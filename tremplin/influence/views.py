"""My analytics (/<lang>/influence/): only about the signed-in member's own items.
There is no parameter naming a member, so nobody (staff and moderators included) can
ask for someone else's numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tremplin.influence.charts import Series, line_chart
from tremplin.influence.forms import PeriodForm
from tremplin.influence.queries import DEFAULT_DAYS, METRIC_LABELS, MIN_GROUP, summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET if "days" in request.GET else None)
    days, unknown_period = DEFAULT_DAYS, False
    if form.is_bound:
        if form.is_valid():
            days = form.cleaned_data["days"]
        else:
            # A hand-edited address: show the default period and say so.
            unknown_period = True
            form = PeriodForm(initial={"days": DEFAULT_DAYS})
    data = summary(request.user, days)
    first, last = date_format(data.start, "DATE_FORMAT"), date_format(data.end, "DATE_FORMAT")
    dates = [d.day for d in data.series]
    activity_chart = line_chart(
        "activity-chart",
        _("Views and reactions per day"),
        _(
            "Views (solid line) and reactions (dashed line) of my posts and articles, "
            "each day from %(first)s to %(last)s. The same numbers are in the table below."
        )
        % {"first": first, "last": last},
        dates,
        [
            Series(_("Views"), "series-views", [d.views for d in data.series]),
            Series(_("Reactions"), "series-reactions", [d.reactions for d in data.series]),
        ],
    )
    followers_chart = line_chart(
        "followers-chart",
        _("Followers over time"),
        _(
            "How many people followed me at the end of each day from %(first)s to "
            "%(last)s. The same numbers are in the table below."
        )
        % {"first": first, "last": last},
        dates,
        [Series(_("Followers"), "series-followers", [d.followers for d in data.series])],
    )
    totals = [(METRIC_LABELS[m.key], m) for m in data.totals]
    return render(
        request,
        "influence/home.html",
        {
            "form": form,
            "unknown_period": unknown_period,
            "data": data,
            "totals": totals,
            "activity_chart": activity_chart,
            "followers_chart": followers_chart,
            "min_group": MIN_GROUP,
        },
    )
