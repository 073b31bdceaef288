"""My mentoring: proposals waiting for my answer, my mentors, my mentees, past ones, and
a form to propose. Every action is a POST form that works without JavaScript and calls
a function of `services.py`; a mentorship the viewer may not see is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.mentoring import services
from tremplin.mentoring.forms import ProposeForm
from tremplin.mentoring.models import Mentorship, MentorshipStatus
from tremplin.profiles.models import Profile

LIST_CAP = 100
PAST_CAP = 50


def mine(viewer):
    """The one place that decides eager loading for mentorship lists."""
    return Mentorship.objects.visible_to(viewer).select_related(
        "mentor__profile", "mentee__profile"
    )


def home_context(user, form: ProposeForm) -> dict:
    open_ = mine(user).open()
    invited = open_.filter(status=MentorshipStatus.INVITED).order_by("-created")
    waiting = list(invited.exclude(invited_by=user)[:LIST_CAP])
    proposed = list(invited.filter(invited_by=user)[:LIST_CAP])
    active = open_.filter(status=MentorshipStatus.ACTIVE).order_by("-started_at")
    mentors = list(active.filter(mentee=user)[:LIST_CAP])
    mentees = list(active.filter(mentor=user)[:LIST_CAP])
    past = list(mine(user).ended().order_by("-ended_at", "-pk")[:PAST_CAP])
    others = {m.other_party(user).pk for m in waiting + proposed + mentors + mentees + past}
    linkable = set(
        Profile.objects.visible_to(user).filter(user__in=others).values_list("user", flat=True)
    )
    return {
        "form": form,
        "waiting": waiting,
        "proposed": proposed,
        "mentors": mentors,
        "mentees": mentees,
        "past": past,
        "linkable": linkable,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """GET shows the page; POST proposes (bad input: the page again, text kept, 400)."""
    data, _files = posted(request)
    form = ProposeForm(data)
    status = 200
    if data is not None:
        if form.is_valid():
            other = (
                Profile.objects.visible_to(request.user)
                .select_related("user")
                .filter(handle=form.cleaned_data["who"])
                .first()
            )
            try:
                services.propose(
                    request.user,
                    other.user if other else None,
                    form.cleaned_data["role"],
                    form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error("who", " ".join(error.messages))
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
    found = get_object_or_404(Mentorship.objects.visible_to(request.user), pk=pk)
    try:
        ACTIONS[action](request.user, found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("mentoring:home")
