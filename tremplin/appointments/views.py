"""Appointment actions from the case page. Each is a POST form that works without
JavaScript and calls a function of `services.py`; an appointment or case the caller may
not see is a 404. Bad input re-renders a small page with the form, the person's text
and the reason (status 400), since re-rendering the whole case page is another app's
business."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.appointments import emails, queries, requesting, sections, services
from tremplin.appointments.forms import (
    BookForm,
    CancelForm,
    ConfirmForm,
    DeclineForm,
    RequestForm,
    RescheduleForm,
)
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.appointments.services import AppointmentRefusal
from tremplin.core.refusals import message_of
from tremplin.counselling.models import Case

ANCHOR = "#appointments"


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    case: Case,
    title: str,
    action: str,
    appointment: Appointment | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "case": case,
        "title": title,
        "action": action,
        "appointment": appointment,
    }
    return render(request, "appointments/form_page.html", context, status=400)


def _refused(
    request: HttpRequest, error: AppointmentRefusal, form: Form, **page: Any
) -> HttpResponse:
    if error.code == "not_found":
        raise Http404
    if error.code == "forbidden":
        raise PermissionDenied(message_of(error))
    form.add_error(None, error)
    return _form_page(request, form, **page)


@login_required
@require_POST
def book(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = queries.case_or_404(request.user, case_pk)
    if case.counsellor_id != request.user.pk:
        raise Http404
    form = BookForm(request.POST, prefix="book")
    page: dict[str, Any] = {"case": case, "title": _("Book an appointment"), "action": request.path}
    if not form.is_valid():
        return _form_page(request, form, **page)
    data = form.cleaned_data
    try:
        services.book(
            request.user,
            case,
            starts_at=data["starts_at"],
            duration=data["duration"],
            mode=data["mode"],
            location=data["location"],
            video_url=data["video_url"],
            phone_details=data["phone_details"],
            agenda=data["agenda"],
        )
    except AppointmentRefusal as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is booked; the client gets an invitation."))
    return redirect(case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = queries.appointment_or_404(request.user, pk)
    case = appointment.case
    if case.counsellor_id != request.user.pk:
        raise PermissionDenied(_("Only the counsellor can do this."))
    form = RescheduleForm(request.POST, prefix=f"move{appointment.pk}")
    page: dict[str, Any] = {
        "case": case,
        "title": _("Move the appointment"),
        "action": request.path,
        "appointment": appointment,
    }
    if not form.is_valid():
        return _form_page(request, form, **page)
    try:
        services.reschedule(
            request.user,
            appointment,
            starts_at=form.cleaned_data["starts_at"],
            duration=form.cleaned_data["duration"],
        )
    except AppointmentRefusal as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is moved; the client gets the new time."))
    return redirect(case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = queries.appointment_or_404(request.user, pk)
    form = CancelForm(request.POST, prefix=f"cancel{appointment.pk}")
    page: dict[str, Any] = {
        "case": appointment.case,
        "title": _("Cancel the appointment"),
        "action": request.path,
        "appointment": appointment,
    }
    if not form.is_valid():
        return _form_page(request, form, **page)
    try:
        services.cancel(request.user, appointment, form.cleaned_data["reason"])
    except AppointmentRefusal as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is cancelled."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    appointment = queries.appointment_or_404(request.user, pk)
    if appointment.case.counsellor_id != request.user.pk:
        raise PermissionDenied(_("Only the counsellor can do this."))
    try:
        services.mark(request.user, appointment, status)
    except AppointmentRefusal as error:
        messages.error(request, message_of(error))
    else:
        if status == AppointmentStatus.HELD:
            messages.success(request, _("Recorded: the appointment was held."))
        else:
            messages.success(request, _("Recorded: the client missed the appointment."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The appointment's .ics, as the caller reads it (their language, their side); a
    request has none until it is confirmed."""
    appointment = queries.invited_or_404(request.user, pk)
    body = emails.calendar_for(appointment, request.user)
    method = emails.method_for(appointment)
    response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="{emails.filename_for(appointment)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------ a client's request


@login_required
@require_POST
def ask(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The client asks for one of the counsellor's free times. Bad input, or a time
    taken meanwhile, re-renders the free times as they are now with the message kept."""
    case = queries.askable_case_or_404(request.user, case_pk)
    form = RequestForm(request.POST, prefix="ask")
    chosen = request.POST.get("ask-starts_at", "")[:40]
    length = sections.length_of(request.POST.get("ask-length"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            requesting.request(
                request.user,
                case,
                starts_at=data["starts_at"],
                duration=data["length"],
                mode=data["mode"],
                message=data["message"],
            )
        except AppointmentRefusal as error:
            if error.code in ("not_found", "forbidden"):
                raise Http404 from error
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request is sent; your counsellor will confirm it or answer.")
            )
            return redirect(case.get_absolute_url() + ANCHOR)
    context = {"case": case, "ask": sections.ask_context(case, length, form, chosen)}
    return render(request, "appointments/request_page.html", context, status=400)


def _answer(request: HttpRequest, pk: int) -> Appointment:
    appointment = queries.appointment_or_404(request.user, pk)
    if appointment.case.counsellor_id != request.user.pk:
        raise PermissionDenied(_("Only the counsellor can do this."))
    return appointment


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _answer(request, pk)
    form = ConfirmForm(request.POST, prefix=f"confirm{pk}")
    page: dict[str, Any] = {
        "case": appointment.case,
        "title": _("Confirm the appointment"),
        "action": request.path,
        "appointment": appointment,
    }
    if not form.is_valid():
        return _form_page(request, form, **page)
    try:
        requesting.confirm(request.user, appointment, form.cleaned_data["details"])
    except AppointmentRefusal as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is confirmed; the client gets an invitation."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _answer(request, pk)
    form = DeclineForm(request.POST, prefix=f"decline{pk}")
    page: dict[str, Any] = {
        "case": appointment.case,
        "title": _("Decline the request"),
        "action": request.path,
        "appointment": appointment,
    }
    if not form.is_valid():
        return _form_page(request, form, **page)
    try:
        requesting.decline(request.user, appointment, form.cleaned_data["reason"])
    except AppointmentRefusal as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The request is declined; the client is told."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)
