"""Communities pages: the events part. Thin adapters over `queries/events.py` and
`services/events.py`: an event the viewer may not see is a 404; an action only its
organisers may take is a 403; bad input re-renders the form with the person's text and
the reason."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.communities.forms_events import CancelForm, EventForm, FilterForm, RegistrationForm
from tremplin.communities.models import Event
from tremplin.communities.queries import events as queries
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import events as services
from tremplin.communities.services import events_mail
from tremplin.core.exports import csv_bytes, csv_download
from tremplin.core.refusals import message_of, page_status


def _raise_for(error: CommunityRefusal) -> None:
    if error.code == "not_found":
        raise Http404
    if error.code == "forbidden":
        raise PermissionDenied(message_of(error))


def _on_form(form: Form, error: CommunityRefusal) -> int:
    """Shows a refusal on its field (or the form) and returns the page's status."""
    _raise_for(error)
    name = getattr(error, "field", None)
    form.add_error(name if name in form.fields else None, message_of(error))
    return page_status(error)


def _organised(request: HttpRequest, pk: int) -> Event:
    try:
        return queries.organised_or_refuse(request.user, pk)
    except CommunityRefusal as error:
        _raise_for(error)
        raise


# ------------------------------------------------------------------ reading


def upcoming(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = queries.Filters(
        kind=data.get("kind", ""),
        where=data.get("where", ""),
        city=data.get("city", ""),
        community=request.GET.get("community", "")[:80],
        organization=request.GET.get("organization", "")[:80],
    )
    context = {
        "form": form,
        "events": queries.upcoming(request.user, filters),
        "organization": queries.organization_named(filters.organization),
        "filters": filters,
        "may_create": request.user.is_authenticated and any(queries.organisers_for(request.user)),
    }
    return render(request, "communities/events/list.html", context)


def event(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.event_or_404(request.user, pk)
    return _event_page(request, item, RegistrationForm(event=item))


def _event_page(request: HttpRequest, item: Event, form: Form, status: int = 200) -> HttpResponse:
    registration = queries.registration_of(request.user, item)
    organiser = item.is_organised_by(request.user)
    context = {
        "event": item,
        "registration": registration,
        "position": queries.waitlist_position(registration) if registration else 0,
        "show_link": item.link_visible_to(request.user, registration),
        "organiser": organiser,
        "form": form,
        "local_starts": services.local_time(item.starts, item.time_zone),
        "local_ends": services.local_time(item.ends, item.time_zone),
        "other_zone": item.time_zone != settings.TIME_ZONE,
        "open": not item.is_cancelled and item.starts > timezone.now(),
    }
    return render(request, "communities/events/event.html", context, status=status)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.event_or_404(request.user, pk)
    form = RegistrationForm(request.POST, event=item)
    if not form.is_valid():
        return _event_page(request, item, form, status=400)
    try:
        done = services.register(request.user, item, form.cleaned_data["rsvp"], form.answers())
    except CommunityRefusal as error:
        return _event_page(request, item, form, status=_on_form(form, error))
    if done.waitlisted:
        messages.success(request, _("The event is full: you are on the waiting list."))
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect(item.get_absolute_url())


def ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's .ics, as the caller may see it (the online link only for people
    registered and organisers)."""
    item = queries.event_or_404(request.user, pk)
    body = events_mail.calendar([(item, item.link_visible_to(request.user))])
    return _calendar_response(body, events_mail.filename_for(item), events_mail.method_for(item))


def _calendar_response(body: bytes, filename: str, method: str = "PUBLISH") -> HttpResponse:
    response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A member's private calendar address (no session: the token is the key)."""
    owner = queries.feed_owner(token)
    if owner is None:
        raise Http404
    body = events_mail.calendar(
        queries.feed_events(owner), name=_("My Tremplin events"), method="PUBLISH"
    )
    response = _calendar_response(body, "tremplin-events.ics")
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    feed_row = queries.feed_of(request.user)
    context = {
        "registrations": queries.mine(request.user),
        "organising": queries.organising(request.user),
        "feed_url": request.build_absolute_uri(
            reverse("communities:event_feed", args=[feed_row.token])
        )
        if feed_row
        else "",
        "may_create": any(queries.organisers_for(request.user)),
    }
    return render(request, "communities/events/mine.html", context)


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    had = queries.feed_of(request.user) is not None
    services.renew_calendar_feed(request.user)
    if had:
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
    else:
        messages.success(request, _("Your calendar address is ready."))
    return redirect("communities:events_mine")


# ------------------------------------------------------------------ organising


def _organiser_choices(request: HttpRequest) -> list[tuple[str, str]]:
    communities, organizations = queries.organisers_for(request.user)
    return [(f"community:{c.pk}", c.name) for c in communities] + [
        (f"organization:{o.pk}", o.name) for o in organizations
    ]


def _where(value: str, request: HttpRequest) -> dict[str, Any]:
    kind, _sep, number = value.partition(":")
    if kind == "community":
        communities, _orgs = queries.organisers_for(request.user)
        community = next((c for c in communities if str(c.pk) == number), None)
        if community is None:
            raise Http404
        return {"community": community}
    return {"organization_id": int(number) if number.isdigit() else None}


@login_required
def create(request: HttpRequest) -> HttpResponse:
    choices = _organiser_choices(request)
    if not choices:
        raise PermissionDenied(
            _("Only community moderators and organisations' staff organise events.")
        )
    initial = {"organiser": request.GET.get("for", "")}
    form = EventForm(request.POST or None, organisers=choices, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.create_event(
                    request.user,
                    form.event_data(),
                    **_where(form.cleaned_data["organiser"], request),
                )
            except CommunityRefusal as error:
                status = _on_form(form, error)
            else:
                messages.success(request, _("The event is published."))
                return redirect(made.get_absolute_url())
    return render(request, "communities/events/form.html", {"form": form}, status=status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _organised(request, pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(item))
    if item.community_id is not None:
        del form.fields["audience"]  # a community's event follows the community
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_event(request.user, item, form.event_data())
            except CommunityRefusal as error:
                status = _on_form(form, error)
            else:
                messages.success(
                    request,
                    _("The event is saved; people registered are told of a new time or place."),
                )
                return redirect(item.get_absolute_url())
    context = {"form": form, "event": item}
    return render(request, "communities/events/form.html", context, status=status)


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = _organised(request, pk)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.cancel_event(request.user, item, form.cleaned_data["reason"])
            except CommunityRefusal as error:
                status = _on_form(form, error)
            else:
                messages.success(request, _("The event is cancelled; everyone registered is told."))
                return redirect(item.get_absolute_url())
    return render(
        request, "communities/events/cancel.html", {"form": form, "event": item}, status=status
    )


@login_required
def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    item = _organised(request, pk)
    rows = [
        (registration, queries.answers_by_question(item, registration))
        for registration in queries.attendees(item)
    ]
    return render(request, "communities/events/attendees.html", {"event": item, "rows": rows})


@login_required
def attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    item = _organised(request, pk)
    rows = queries.attendee_rows(item)
    return csv_download(csv_bytes(rows), f"event-{item.pk}-attendees.csv")
