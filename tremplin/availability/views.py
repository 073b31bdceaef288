"""My availability: the member's week, one line per day, and their time zone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.availability import queries, services
from tremplin.availability.forms import WeekForm
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of


@login_required
def week(request: HttpRequest) -> HttpResponse:
    """GET shows the week; POST replaces it (bad input: the page again, text kept, 400)."""
    data, _files = posted(request)
    hours = queries.own_hours(request.user)
    form = WeekForm(data) if data is not None else WeekForm.for_hours(hours)
    if data is None:
        return render(request, "availability/week.html", {"form": form, "hours": hours})
    if form.is_valid():
        try:
            services.set_week(request.user, form.slots(), form.cleaned_data["time_zone"])
        except ValidationError as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(request, _("Your availability is saved."))
            return redirect("availability:week")
    return render(request, "availability/week.html", {"form": form, "hours": hours}, status=400)
