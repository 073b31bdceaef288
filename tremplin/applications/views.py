"""Pages of forwarding and of the application tracker. Every action is a POST form that
works without JavaScript and calls a function of `services.py`.

- /jobs/<pk>/forward/: the counsellor picks clients of their active cases (filter by
  name and by tags) and forwards the posting with a note; below, the per-client status
  table.
- /applications/: the client's tracker and "Jobs from my counsellor".
- /applications/<pk>/: one application, its history and its forms (read-only for the
  counsellor the client shares applications with).
- /applications/forwards/<pk>/: the link of the notification and the email: records the
  client's first opening, then shows the posting.

Whatever the caller may not see is a 404 (the anonymous visitor: the sign-in page). Bad
input re-renders the page with the user's text and the reason (400); a refusal of the
rules answers with its page status from the one table (`core.refusals.STATUSES`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.accounts.models import User
from tremplin.applications import queries, services
from tremplin.applications.forms import (
    ClientFilterForm,
    EditForm,
    ExternalForm,
    ForwardForm,
    RespondForm,
    StatusForm,
    TrackForm,
)
from tremplin.applications.forward_checks import MAX_CLIENTS_PER_FORWARD
from tremplin.applications.inputs import ApplicationsRefusal
from tremplin.applications.models import (
    TRANSITIONS,
    Application,
    ApplicationStatus,
    Forward,
    Response,
    Submission,
)
from tremplin.applications.submissions import decline_text
from tremplin.casework.queries import tags_for
from tremplin.core.htmx import is_htmx
from tremplin.core.refusals import message_of, page_status
from tremplin.core.viewer import viewer_of
from tremplin.counselling.queries import caseload_of
from tremplin.jobs.models import Posting
from tremplin.organizations.models import OrgKind, Role

CANDIDATES_SHOWN = 500
FORWARDS_SHOWN = 50
APPLICATIONS_PER_PAGE = 50


def _me(request: HttpRequest) -> User:
    return cast("User", request.user)


def _status_of(error: ApplicationsRefusal) -> int:
    """The page's status for a refusal (`core.refusals`); what the caller may not see is
    Django's 404 page, a row they may see but not change (the counsellor and a client's
    forward or application) its 403 page."""
    status = page_status(error)
    if status == 404:
        raise Http404
    if status == 403:
        raise PermissionDenied(message_of(error))
    return status


def _add_error(form: forms.BaseForm, error: ApplicationsRefusal) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, message_of(error))


class Outcome(NamedTuple):
    done: bool
    value: Any = None
    status: int = 400  # the page's status when not done


def _act(form: forms.BaseForm, action: Callable[[dict[str, Any]], Any]) -> Outcome:
    """Every form's POST: a valid form is acted on (`action(cleaned_data)`, a service); a
    refusal goes on the form, with its status (`_status_of`); bad input is a 400. The
    caller re-renders the form (the user's text kept) unless `done`."""
    if not form.is_valid():
        return Outcome(done=False)
    try:
        return Outcome(done=True, value=action(form.cleaned_data))
    except ApplicationsRefusal as error:
        status = _status_of(error)
        _add_error(form, error)
        return Outcome(done=False, status=status)


# ------------------------------------------------------------------ forwarding


def _counsellor_or_404(user: User) -> None:
    if not viewer_of(user).is_counsellor and not queries.forwardable_cases(user).exists():
        raise Http404


def _candidates(user: User, search: ClientFilterForm) -> list[Any]:
    """The active cases to show on the forward page, with their tags."""
    query, tags = "", []
    if search.is_valid():
        query = " ".join(search.cleaned_data["q"].split())
        tags = list(search.cleaned_data.get("tags") or [])
    cases = list(caseload_of(user, "active", query, {"tags": tags}).filter(client__isnull=False))
    cases = cases[:CANDIDATES_SHOWN]
    tagged = tags_for(cases)
    for case in cases:
        case.tag_list = tagged.get(case.pk, [])
        case.tag_ids = " ".join(str(t.pk) for t in case.tag_list)
    return cases


def _client_choices(user: User) -> list[tuple[int, str]]:
    return [
        (cast(int, case.client_id), case.client_label)
        for case in queries.forwardable_cases(user).select_related("client__profile")[
            : MAX_CLIENTS_PER_FORWARD * 5
        ]
    ]


def _render_forward(
    request: HttpRequest, posting: Posting, form: ForwardForm | None = None, status: int = 200
) -> HttpResponse:
    user = _me(request)
    agencies = viewer_of(user).organization_ids(role=Role.COUNSELLOR, kind=OrgKind.AGENCY)
    search = ClientFilterForm(request.GET or None, agencies=sorted(agencies))
    cases = _candidates(user, search)
    sent = queries.sent_at(posting, [c.client_id for c in cases])
    for case in cases:
        case.sent_at = sent.get(case.client_id)
    context = {
        "posting": posting,
        "search": search,
        "cases": cases,
        "form": form or ForwardForm(choices=_client_choices(user)),
        "chosen": set(request.POST.getlist("clients")) if form is not None else set(),
        "rows": queries.status_rows(user, posting),
        "is_open": posting.is_open,
    }
    return render(request, "applications/forward.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def forward_posting(request: HttpRequest, pk: int) -> HttpResponse:
    user = _me(request)
    posting = queries.posting_or_404(user, pk)
    _counsellor_or_404(user)
    if request.method != "POST":
        return _render_forward(request, posting)
    form = ForwardForm(request.POST, choices=_client_choices(user))

    def forward(data: dict[str, Any]) -> list[Forward]:
        clients = User.objects.filter(pk__in=set(data["clients"])).select_related("profile")
        return services.forward_posting(user, posting, list(clients), data["note"])

    outcome = _act(form, forward)
    if not outcome.done:
        return _render_forward(request, posting, form, outcome.status)
    made = len(outcome.value)
    messages.success(
        request,
        ngettext(
            "The posting was sent to %(count)d client.",
            "The posting was sent to %(count)d clients.",
            made,
        )
        % {"count": made},
    )
    return redirect(reverse("applications:forward_posting", args=[posting.pk]) + "#status")


# ------------------------------------------------------------------ the client's side


@login_required
def forward_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The notification's link: the posting (or, if it is no longer there for them,
    their list says so). A GET records nothing: the posting page's panel records the
    client's first opening with a POST (`forward_opened`)."""
    user = _me(request)
    forward = queries.forward_or_404(request.user, pk)
    if forward.client_id != user.pk:
        return redirect(
            reverse("applications:forward_posting", args=[forward.posting_id]) + "#status"
        )
    if forward.posting.is_visible_to(user):
        return redirect(forward.posting.get_absolute_url())
    messages.info(request, _("This job posting is no longer available."))
    return redirect(reverse("applications:tracker") + f"#forward-{forward.pk}")


@login_required
@require_POST
def forward_opened(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's first opening, POSTed by the posting page's panel (htmx, on load):
    a state change is never a GET, so another site's link or a prefetch records none."""
    forward = queries.forward_or_404(request.user, pk)
    services.mark_opened(request.user, forward)
    if is_htmx(request):
        return HttpResponse(status=204)
    return redirect(forward.posting.get_absolute_url())


def respond_form(forward: Forward, data: QueryDict | None = None) -> RespondForm:
    initial = {}
    if forward.response != Response.NONE:
        initial = {
            "response": forward.response,
            "reason": forward.response_reason,
            "text": forward.response_text,
        }
    return RespondForm(data, prefix=f"fwd{forward.pk}", initial=initial)


def _render_tracker(
    request: HttpRequest,
    *,
    external_form: ExternalForm | None = None,
    respond_forms: dict[int, RespondForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _me(request)
    # Each row the template reads carries its answer form and where the client is with it.
    forwards: list[Any] = list(queries.received(user)[:FORWARDS_SHOWN])
    posting_ids = [f.posting_id for f in forwards]
    available = queries.postings_available(user, posting_ids)
    tracked = queries.tracked_statuses(user, posting_ids)
    respond_forms = respond_forms or {}
    for forward in forwards:
        forward.available = forward.posting_id in available
        forward.form = respond_forms.get(forward.pk) or respond_form(forward)
        forward.tracked = tracked.get(forward.posting_id)
        forward.tracked_label = ApplicationStatus(forward.tracked).label if forward.tracked else ""
    applications = queries.applications_of(user, user).for_list()
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "forwards": forwards,
        "page": page,
        "external_form": external_form or ExternalForm(prefix="new"),
        "open_external": external_form is not None,
    }
    return render(request, "applications/tracker.html", context, status=status)


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    return _render_tracker(request)


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    forward = queries.forward_or_404(request.user, pk)
    form = respond_form(forward, request.POST)
    outcome = _act(
        form,
        lambda data: services.respond(
            request.user, forward, data["response"], data["reason"], data["text"]
        ),
    )
    if not outcome.done:
        return _render_tracker(request, respond_forms={forward.pk: form}, status=outcome.status)
    messages.success(request, _("Your answer is saved: your counsellor sees it."))
    return redirect(_back(request, reverse("applications:tracker") + f"#forward-{pk}"))


def _back(request: HttpRequest, default: str) -> str:
    """Where a button on the posting page returns to: `next` when it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _tracked_message(request: HttpRequest, application: Application) -> None:
    messages.success(
        request,
        _("“%(title)s” is in your tracker: %(status)s.")
        % {"title": application.display_title, "status": application.get_status_display()},
    )


def _track_then_back(
    request: HttpRequest,
    form: forms.BaseForm,
    back: str,
    action: Callable[[dict[str, Any]], Application],
) -> HttpResponse:
    """The tracker's buttons on other pages ("Save", "I applied"): the outcome is a
    message, then the page they were on."""
    if not form.is_valid():
        messages.error(request, _("Check the date and the note."))
        return redirect(back)
    try:
        _tracked_message(request, action(form.cleaned_data))
    except ApplicationsRefusal as error:
        _status_of(error)  # what the caller may not see or change: Django's 404 or 403
        messages.error(request, message_of(error))
    return redirect(back)


@login_required
@require_POST
def forward_applied(request: HttpRequest, pk: int) -> HttpResponse:
    forward = queries.forward_or_404(request.user, pk)
    form = TrackForm(request.POST)
    return _track_then_back(
        request,
        form,
        _back(request, reverse("applications:tracker") + f"#forward-{pk}"),
        lambda data: services.apply_from_forward(request.user, forward, data["date"], data["note"]),
    )


@login_required
@require_POST
def track(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Save" and "I applied" on the posting page."""
    user = _me(request)
    posting = queries.posting_or_404(user, pk)
    return _track_then_back(
        request,
        TrackForm(request.POST),
        _back(request, posting.get_absolute_url()),
        lambda data: services.track_posting(
            user, posting, data["status"], data["date"], data["note"]
        ),
    )


@login_required
@require_POST
def add_external(request: HttpRequest) -> HttpResponse:
    form = ExternalForm(request.POST, prefix="new")
    outcome = _act(
        form,
        lambda data: services.add_external(
            request.user,
            title=data["title"],
            employer=data["employer"],
            url=data["url"],
            status=data["status"],
            when=data["date"],
            note=data["note"],
        ),
    )
    if not outcome.done:
        return _render_tracker(request, external_form=form, status=outcome.status)
    application = outcome.value
    _tracked_message(request, application)
    return redirect(reverse("applications:tracker") + f"#application-{application.pk}")


# ------------------------------------------------------------------ one application


def _own_application_or_403(request: HttpRequest, pk: int) -> Application:
    """The caller's own application; one they only read (their client's) is a 403."""
    application = queries.application_or_404(request.user, pk)
    if application.client_id != request.user.pk:
        raise PermissionDenied(_("Only the job seeker changes their applications."))
    return application


def _render_detail(
    request: HttpRequest,
    application: Application,
    *,
    status_form: StatusForm | None = None,
    edit_form: EditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    mine = application.client_id == request.user.pk
    submission = (
        Submission.objects.visible_to(request.user).filter(application=application).first()
        if mine and application.posting_id
        else None
    )
    context = {
        "application": application,
        "mine": mine,
        "events": list(application.events.all()),
        # What the client sent here, on Tremplin (theirs alone: the counsellor follows
        # the employer's steps in the events).
        "submission": submission,
        "decline_message": decline_text(submission.decline_template) if submission else "",
        "posting_visible": bool(
            application.posting and application.posting.is_visible_to(request.user)
        ),
        "status_form": (
            status_form or StatusForm(application=application, prefix="status")
            if mine and TRANSITIONS.targets(application.status)
            else None
        ),
        "edit_form": (
            edit_form
            or EditForm(
                prefix="edit",
                initial={
                    "title": application.title,
                    "employer": application.employer,
                    "url": application.url,
                    "notes": application.notes,
                },
            )
            if mine
            else None
        ),
        "open_edit": edit_form is not None,
    }
    return render(request, "applications/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, queries.application_or_404(request.user, pk))


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application_or_403(request, pk)
    form = StatusForm(request.POST, application=application, prefix="status")
    outcome = _act(
        form,
        lambda data: services.change_status(
            request.user, application, data["status"], data["date"], data["note"]
        ),
    )
    if not outcome.done:
        return _render_detail(request, application, status_form=form, status=outcome.status)
    messages.success(request, _("The status is updated."))
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application_or_403(request, pk)
    form = EditForm(request.POST, prefix="edit")
    outcome = _act(form, lambda data: services.edit_application(request.user, application, **data))
    if not outcome.done:
        return _render_detail(request, application, edit_form=form, status=outcome.status)
    messages.success(request, _("Your changes are saved."))
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application_or_403(request, pk)
    try:
        services.delete_application(request.user, application)
    except ApplicationsRefusal as error:
        status = _status_of(error)
        messages.error(request, " ".join(error.messages))
        return _render_detail(request, application, status=status)
    messages.success(request, _("The application is deleted from your tracker."))
    return redirect("applications:tracker")
