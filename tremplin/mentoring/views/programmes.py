"""Programme pages for members: the list, creating one (agency staff), a programme's page,
joining a side with the intake, the mentee's ranked mentors (and asking one), and my
mentor profile. Thin adapters over `queries` and `services`; every form works without
JavaScript and bad input shows the page again with the text and the reason (400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status
from tremplin.mentoring.forms_programmes import (
    IntakeForm,
    MentorProfileForm,
    MessageForm,
    ProgrammeForm,
)
from tremplin.mentoring.models import Side
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.queries.coordinators import run_by_me
from tremplin.mentoring.queries.matching import mentee_features, rank
from tremplin.mentoring.scoring import reason_sentences
from tremplin.mentoring.services import matching
from tremplin.mentoring.services import programmes as services


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    context = {
        "programmes": queries.programme_list(request.user),
        "may_create": bool(queries.staff_agencies(request.user)),
        "communities": run_by_me(request.user),
    }
    return render(request, "mentoring/programmes/list.html", context)


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    agencies = queries.staff_agencies(request.user)
    if not agencies:
        raise Http404
    data, _files = posted(request)
    form = ProgrammeForm(data, agencies=agencies)
    status = 200
    if data is not None:
        if form.is_valid():
            agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
            try:
                made = services.create_programme(request.user, agency, form.data_for_service())
            except ValidationError as error:
                form.add_error(None, message_of(error))
            else:
                messages.success(request, _("The programme is created as a draft."))
                return redirect("mentoring:programme", pk=made.pk)
        status = 400
    return render(request, "mentoring/programmes/new.html", {"form": form}, status=status)


def programme_context(user: Any, programme: Any) -> dict[str, Any]:
    mine = queries.my_enrolments(user, programme)
    return {
        "programme": programme,
        "mine": mine,
        "is_coordinator": programme.is_coordinator(user),
        "may_join": {
            side: services.may_join(user, programme, side)
            and getattr(mine.get(side), "status", "") != "enrolled"
            for side in Side.values
        },
    }


@login_required
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = queries.programme_or_404(request.user, pk)
    return render(
        request, "mentoring/programmes/detail.html", programme_context(request.user, programme)
    )


@login_required
def join(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    programme = queries.programme_or_404(request.user, pk)
    if side not in Side.values:
        raise Http404
    questions = programme.questions(side)
    data, _files = posted(request)
    form = IntakeForm(data, questions=questions, side=side)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.enrol(request.user, programme, side, form.intake(len(questions)))
            except ValidationError as error:
                form.add_error(None, message_of(error))
                status = page_status(error)
            else:
                messages.success(request, _("You are enrolled in the programme."))
                return redirect("mentoring:programme", pk=programme.pk)
        status = status if status != 200 else 400
    context = {"programme": programme, "form": form, "side": side}
    return render(request, "mentoring/programmes/join.html", context, status=status)


def ranked_rows(ranked: list[Any]) -> list[dict[str, Any]]:
    return [
        {"profile": p, "score": found.total, "reasons": reason_sentences(found.reasons)}
        for p, found in ranked
    ]


@login_required
def mentors(request: HttpRequest, pk: int) -> HttpResponse:
    """The enrolled mentee's ranked mentors, each with why; POST asks one."""
    programme = queries.programme_or_404(request.user, pk)
    enrolment = queries.my_enrolments(request.user, programme).get(Side.MENTEE)
    if enrolment is None or enrolment.status != "enrolled":
        raise Http404
    data, _files = posted(request)
    form = MessageForm(data)
    status = 200
    if data is not None:
        mentor = queries.enrolled_member(programme, data.get("mentor", ""), Side.MENTOR)
        if form.is_valid() and mentor is not None:
            try:
                matching.ask(request.user, programme, mentor, form.cleaned_data["message"])
            except ValidationError as error:
                form.add_error(None, message_of(error))
                status = page_status(error)
            else:
                messages.success(request, _("Your request is sent. It waits for their answer."))
                return redirect("mentoring:home")
        status = status if status != 200 else 400
    ranked = rank(mentee_features(enrolment), programme, viewer=request.user)
    context = {"programme": programme, "rows": ranked_rows(ranked), "form": form}
    return render(request, "mentoring/programmes/mentors.html", context, status=status)


@login_required
def mentor_profile(request: HttpRequest) -> HttpResponse:
    found = queries.mentor_profile_of(request.user)
    data, _files = posted(request)
    initial = queries.mentor_profile_initial(found)
    form = MentorProfileForm(data, initial=initial)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.save_mentor_profile(request.user, form.offer_for_service())
            except ValidationError as error:
                form.add_error(None, message_of(error))
            else:
                messages.success(request, _("Your mentor profile is saved."))
                return redirect("mentoring:mentor_profile")
        status = 400
    return render(
        request, "mentoring/programmes/mentor_profile.html", {"form": form}, status=status
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.enrolment_or_404(request.user, pk)
    try:
        services.leave(request.user, enrolment)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("You left the programme."))
    return redirect("mentoring:programme", pk=enrolment.programme_id)
