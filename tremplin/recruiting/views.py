"""The recruiter search's pages: a thin adapter over `queries` and `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status
from tremplin.profiles.queries import CappedPaginator
from tremplin.recruiting.errors import RecruitingRefusal
from tremplin.recruiting.forms import ContactForm, SearchForm
from tremplin.recruiting.queries import (
    PAGE_SIZE,
    candidate_or_404,
    candidates,
    recruiting_organizations,
)
from tremplin.recruiting.services import contact_candidate


def _refused(request: HttpRequest, error: RecruitingRefusal) -> HttpResponse:
    context = {"refusal": message_of(error)}
    return render(request, "recruiting/refused.html", context, status=page_status(error))


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Candidates open to work, for recruiters of verified employers (403 otherwise)."""
    form = SearchForm(request.GET or None)
    try:
        found = candidates(request.user, form.filters())
    except RecruitingRefusal as error:
        return _refused(request, error)
    page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "recruiting/search.html", context)


@login_required
def contact(request: HttpRequest, handle: str) -> HttpResponse:
    """Write to a candidate of the search: it arrives as a message request."""
    try:
        candidate = candidate_or_404(request.user, handle)
    except RecruitingRefusal as error:
        return _refused(request, error)
    organizations = recruiting_organizations(request.user)
    form = ContactForm(posted(request)[0], organizations=organizations)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _conversation, message = contact_candidate(
                request.user, handle, form.cleaned_data["body"], form.cleaned_data["organization"]
            )
        except ValidationError as error:
            form.add_error(getattr(error, "field", None), error)
            status = page_status(error)
        else:
            messages.success(
                request,
                _("Your message is sent to %(name)s as a message request.")
                % {"name": candidate.display_name},
            )
            return redirect(message.get_absolute_url())
    elif request.method == "POST":
        status = 400
    context = {"form": form, "candidate": candidate, "organizations": organizations}
    return render(request, "recruiting/contact.html", context, status=status)
