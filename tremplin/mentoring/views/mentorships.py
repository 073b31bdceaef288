"""My mentoring: proposals waiting for my answer, my mentors, my mentees, past ones, and
a form to propose. Every action is a POST form that works without JavaScript and calls
a function of `services.py`; a mentorship the viewer may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of
from tremplin.mentoring import queries, services
from tremplin.mentoring.forms import ProposeForm


def home_context(user: Any, form: ProposeForm) -> dict[str, Any]:
    return {"form": form, **queries.home(user)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """GET shows the page; POST proposes (bad input: the page again, text kept, 400)."""
    data, _files = posted(request)
    form = ProposeForm(data, viewer=request.user)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.propose(
                    request.user,
                    queries.member_or_none(request.user, form.cleaned_data["who"]),
                    form.cleaned_data["role"],
                    form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error("who", message_of(error))
            else:
                messages.success(request, str(DONE["propose"]))
                return redirect("mentoring:home")
        status = 400
    return render(request, "mentoring/home.html", home_context(request.user, form), status=status)


DONE = {
    "propose": gettext_lazy("Your proposal is sent. It waits for their answer."),
    "accept": gettext_lazy("The mentorship has started."),
    "decline": gettext_lazy("Proposal declined."),
    "end": gettext_lazy("The mentorship has ended."),
}
ACTIONS = {"accept": services.accept, "decline": services.decline, "end": services.end}


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = queries.mentorship_or_404(request.user, pk)
    try:
        ACTIONS[action](request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("mentoring:home")
