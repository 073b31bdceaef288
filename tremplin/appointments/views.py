"""Appointment actions from the case page. Each is a POST form that works without
JavaScript and calls a function of `services.py`; an appointment or case the caller may
not see is a 404. Bad input re-renders a small page with the form, the person's text
and the reason (status 400), since re-rendering the whole case page is another app's
business."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.appointments import emails, services
from tremplin.appointments.forms import BookForm, CancelForm, RescheduleForm
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.counselling.models import Case, CaseStatus

ANCHOR = "#appointments"


def _appointment_or_404(request: HttpRequest, pk: int) -> Appointment:
    return get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related(
            "case__client__profile", "case__counsellor__profile"
        ),
        pk=pk,
    )


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    user = request.user
    return get_object_or_404(
        Case.objects.filter(Q(client=user) | Q(counsellor=user))
        .exclude(status=CaseStatus.INVITED)
        .select_related("client__profile", "counsellor__profile"),
        pk=pk,
    )


def _form_page(request, form: Form, *, case: Case, title: str, action: str, appointment=None):
    context = {
        "form": form,
        "case": case,
        "title": title,
        "action": action,
        "appointment": appointment,
    }
    return render(request, "appointments/form_page.html", context, status=400)


def _refused(request, error: ValidationError, form: Form, **page) -> HttpResponse:
    code = getattr(error, "code", None)
    if code == "not_found":
        raise Http404
    if code == "forbidden":
        raise PermissionDenied(" ".join(error.messages))
    form.add_error(None, error)
    return _form_page(request, form, **page)


@login_required
@require_POST
def book(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_or_404(request, case_pk)
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
    except ValidationError as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is booked; the client gets an invitation."))
    return redirect(case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment_or_404(request, pk)
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
    except ValidationError as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is moved; the client gets the new time."))
    return redirect(case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment_or_404(request, pk)
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
    except ValidationError as error:
        return _refused(request, error, form, **page)
    messages.success(request, _("The appointment is cancelled."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    appointment = _appointment_or_404(request, pk)
    if appointment.case.counsellor_id != request.user.pk:
        raise PermissionDenied(_("Only the counsellor can do this."))
    try:
        services.mark(request.user, appointment, status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if status == AppointmentStatus.HELD:
            messages.success(request, _("Recorded: the appointment was held."))
        else:
            messages.success(request, _("Recorded: the client missed the appointment."))
    return redirect(appointment.case.get_absolute_url() + ANCHOR)


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The appointment's .ics, as the caller reads it (their language, their side)."""
    appointment = _appointment_or_404(request, pk)
    body = emails.calendar_for(appointment, request.user)
    method = emails.method_for(appointment)
    response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="{emails.filename_for(appointment)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
