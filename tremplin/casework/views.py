"""Case-work forms. They are shown inside the case page (sections.py) and POST here;
each calls a function of `services.py` and goes back to the case page's anchor. Bad input
renders `casework/form_page.html` (the form with the person's text and the reason),
status 400. Anything the caller may not see is a 404, whoever they are."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.casework import queries, services
from tremplin.casework.forms import (
    FollowUpForm,
    NoteEditForm,
    NoteForm,
    RecordForm,
    ReferralForm,
    ReferralStatusForm,
    ScheduleForm,
    TagForm,
)
from tremplin.core.refusals import page_status
from tremplin.counselling.models import Case, is_agency_admin


def _back(case: Case, anchor: str) -> HttpResponse:
    return redirect(case.get_absolute_url() + "#" + anchor)


def _form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    *,
    title: str,
    anchor: str,
    error: ValidationError | None = None,
) -> HttpResponse:
    status = 400
    if error is not None:
        if error.code == "not_found":
            raise Http404
        status = page_status(error)
        for message in error.messages:
            form.add_error(None, message)
    context = {
        "case": case,
        "form": form,
        "title": title,
        "back": case.get_absolute_url() + "#" + anchor,
        "action": request.path,
    }
    return render(request, "casework/form_page.html", context, status=status)


# ------------------------------------------------------------------ record and tags


@login_required
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.served_case_or_404(request.user, pk)
    form = RecordForm(request.POST, agency=case.agency)
    title = _("Case record")
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor="casework-record")
    try:
        services.update_record(
            request.user,
            case,
            funder_reference=form.cleaned_data["funder_reference"],
            service=form.cleaned_data["service"],
            tag_ids=[t.pk for t in form.cleaned_data["tags"]],
        )
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor="casework-record", error=error)
    messages.success(request, _("Case record saved."))
    return _back(case, "casework-record")


@login_required
@require_POST
def new_tag(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.served_case_or_404(request.user, pk)
    form = TagForm(request.POST)
    title = _("New tag")
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor="casework-record")
    try:
        tag = services.create_tag(
            request.user, case.agency, form.cleaned_data["kind"], form.cleaned_data["name"]
        )
        services.tag_case(request.user, case, tag)
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor="casework-record", error=error)
    messages.success(request, _("Tag added: %(name)s.") % {"name": tag.name})
    return _back(case, "casework-record")


# ------------------------------------------------------------------ notes


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.served_case_or_404(request.user, pk)
    form = NoteForm(request.POST)
    title = _("New case note")
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor="casework-notes")
    try:
        note = services.add_note(request.user, case, **form.cleaned_data)
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor="casework-notes", error=error)
    messages.success(request, _("Note added."))
    return _back(case, f"note-{note.pk}")


@login_required
@require_POST
def edit_note(request: HttpRequest, pk: int) -> HttpResponse:
    note = queries.note_or_404(request.user, pk)
    case = note.case
    form = NoteEditForm(request.POST)
    title = _("Edit the note")
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor=f"note-{note.pk}")
    try:
        services.edit_note(request.user, note, body=form.cleaned_data["body"])
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor=f"note-{note.pk}", error=error)
    messages.success(request, _("Note saved; the earlier text stays in its history."))
    return _back(case, f"note-{note.pk}")


# ------------------------------------------------------------------ referrals


@login_required
@require_POST
def add_referral(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.served_case_or_404(request.user, pk)
    form = ReferralForm(request.POST)
    title = _("New referral")
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor="casework-referrals")
    try:
        referral = services.add_referral(request.user, case, **form.cleaned_data)
    except ValidationError as error:
        return _form_page(
            request, case, form, title=title, anchor="casework-referrals", error=error
        )
    messages.success(request, _("Referral added."))
    return _back(case, f"referral-{referral.pk}")


@login_required
@require_POST
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    referral = queries.referral_or_404(request.user, pk)
    case = referral.case
    form = ReferralStatusForm(request.POST)
    title = _("Referral status")
    anchor = f"referral-{referral.pk}"
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor=anchor)
    try:
        services.change_referral(request.user, referral, form.cleaned_data["status"])
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor=anchor, error=error)
    messages.success(request, _("Referral updated."))
    return _back(case, anchor)


# ------------------------------------------------------------------ follow-ups


@login_required
@require_POST
def record_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.follow_up_or_404(request.user, pk)
    case = row.case
    form = FollowUpForm(request.POST)
    title = _("Record the follow-up")
    anchor = f"follow-up-{row.pk}"
    if not form.is_valid():
        return _form_page(request, case, form, title=title, anchor=anchor)
    try:
        services.record_follow_up(request.user, row, **form.cleaned_data)
    except ValidationError as error:
        return _form_page(request, case, form, title=title, anchor=anchor, error=error)
    messages.success(request, _("Follow-up recorded."))
    return _back(case, anchor)


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's follow-up months (agency admins only; a 404 for anyone else)."""
    agency = queries.agency_or_404(slug)
    if not is_agency_admin(request.user, agency):
        raise Http404
    current = queries.schedule_of(agency)
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.set_schedule(request.user, agency, form.cleaned_data["months"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("months", message)
            else:
                messages.success(request, _("Follow-up schedule saved."))
                return redirect(request.path)
        status = 400
    else:
        initial = ", ".join(str(m) for m in current.months) if current else ""
        form = ScheduleForm(initial={"months": initial})
    context = {
        "agency": agency,
        "form": form,
        "current": current,
        "default": queries.default_months(),
        "effective": queries.months_for(agency.pk),
    }
    return render(request, "casework/schedule.html", context, status=status)
