"""The "who saw my data" pages: a member's own log, and an agency administrator's list
of who read which client's staff-only case notes (never the notes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tremplin.privacy.access import names_of_agencies
from tremplin.privacy.access_reads import history_of, notes_reads_of, present

PAGE_SIZE = 25


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Who in my agency (and whoever I shared a document with) read my data, and when."""
    found = history_of(request.user.pk)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    reads = present(list(page.object_list))
    context = {"page": page, "reads": reads, "kept_days": settings.TREMPLIN_ACCESS_LOG_KEPT_DAYS}
    return render(request, "privacy/access_mine.html", context)


@login_required
def notes_reads(request: HttpRequest) -> HttpResponse:
    """For an agency's administrators: who read which client's case notes, and when."""
    found = notes_reads_of(request.user)
    if found is None:
        raise Http404
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = names_of_agencies(r.agency_id for r in page.object_list)
    for row in page.object_list:
        # Notes reads are recorded with the case's agency (never None on this list).
        row.agency_name = agencies.get(row.agency_id or 0)  # type: ignore[attr-defined]
    return render(request, "privacy/access_notes.html", {"page": page})
