"""Pages that shape a programme: creating one for a community (its owners and
moderators), editing one and its coordinators (its coordinators; anyone else: 404).
Thin adapters over `queries` and `services`; every form works without JavaScript and bad
input shows the page again with the text and the reason (400, or the refusal's status)."""

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
from tremplin.mentoring.forms_programmes import CoordinatorForm, ProgrammeForm
from tremplin.mentoring.models import Programme
from tremplin.mentoring.queries import coordinators as people
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.services import programme_edit as edit
from tremplin.mentoring.services import programmes as services


def _refused(form: Any, error: ValidationError) -> int:
    """Shows a refusal on its field (or above the form); the page's status."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, message_of(error))
    return page_status(error)


@login_required
def programme_new_community(request: HttpRequest, slug: str) -> HttpResponse:
    """An owner or moderator creates a programme for their community's members."""
    community = people.community_run_by(request.user, slug)
    if community is None:
        raise Http404
    data, _files = posted(request)
    form = ProgrammeForm(data, agencies=None, community=True)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                made = services.create_community_programme(
                    request.user, community, form.data_for_service()
                )
            except ValidationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("The programme is created as a draft."))
                return redirect("mentoring:programme", pk=made.pk)
    context = {"form": form, "community": community}
    return render(request, "mentoring/programmes/new.html", context, status=status)


def _edit_context(request: HttpRequest, programme: Programme, **forms: Any) -> dict[str, Any]:
    locked = edit.locked_sides(programme)
    form = forms.get("form") or ProgrammeForm(
        initial=ProgrammeForm.initial_of(programme),
        agencies=None,
        community=programme.community_id is not None,
        locked=locked,
    )
    adding = forms.get("adding") or CoordinatorForm(viewer=request.user, programme=programme)
    return {
        "programme": programme,
        "form": form,
        "locked": locked,
        "coordinators": people.coordinators_of(programme),
        "adding": adding,
    }


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the programme's fields and its coordinators; POST changes the fields."""
    programme = queries.coordinated_or_404(request.user, pk)
    data, _files = posted(request)
    status = 200
    form = None
    if data is not None:
        status = 400
        form = ProgrammeForm(
            data,
            initial=ProgrammeForm.initial_of(programme),
            agencies=None,
            community=programme.community_id is not None,
            locked=edit.locked_sides(programme),
        )
        if form.is_valid():
            try:
                edit.update_programme(request.user, programme, form.data_for_service())
            except ValidationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("The programme is saved."))
                return redirect("mentoring:coordinate", pk=programme.pk)
    context = _edit_context(request, programme, form=form)
    return render(request, "mentoring/programmes/edit.html", context, status=status)


@login_required
@require_POST
def coordinator_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = queries.coordinated_or_404(request.user, pk)
    form = CoordinatorForm(request.POST, viewer=request.user, programme=programme)
    status = 400
    if form.is_valid():
        try:
            services.add_coordinator(request.user, programme, form.cleaned_data["who"].user)
        except ValidationError as error:
            status = _refused(form, error)
        else:
            messages.success(request, _("The coordinator is added."))
            return redirect("mentoring:programme_edit", pk=programme.pk)
    context = _edit_context(request, programme, adding=form)
    return render(request, "mentoring/programmes/edit.html", context, status=status)


@login_required
@require_POST
def coordinator_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    programme = queries.coordinated_or_404(request.user, pk)
    other = programme.coordinators.filter(pk=user_id).first()
    if other is None:
        raise Http404
    try:
        edit.remove_coordinator(request.user, programme, other)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect("mentoring:programme_edit", pk=programme.pk)
    messages.success(request, _("The coordinator is removed."))
    if other.pk == request.user.pk:  # no longer theirs to edit
        return redirect("mentoring:programmes")
    return redirect("mentoring:programme_edit", pk=programme.pk)
