"""Job posting pages: the list, a posting, the form to post or edit (both languages side
by side), "my postings", the review queue and the reports queue. Every action is a POST
form that works without JavaScript and calls a function of `services.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status
from tremplin.core.requests import client_ip
from tremplin.core.scam import reason_label, scam_check
from tremplin.jobs import queries, screening, sections, services
from tremplin.jobs.content import CONTENT_FIELDS
from tremplin.jobs.forms import PostingForm, RemoveForm, ReopenForm, ReportForm, ReviewForm
from tremplin.jobs.jsonld import has_json_ld, job_posting, script_safe
from tremplin.jobs.models import PUBLISHED, Posting, PostingStatus, moderates_postings
from tremplin.jobs.permissions import can_manage, can_post, can_remove, is_reviewer, posting_homes

PER_PAGE = 20
MAX_PAGE = 50  # deeper than this, search narrows better than paging


def page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def paged(queryset: QuerySet[Posting], request: HttpRequest) -> dict[str, Any]:
    """One page of a bounded list (no COUNT: one row more says whether a next exists)."""
    number = page_number(request)
    start = (number - 1) * PER_PAGE
    rows = list(queryset[start : start + PER_PAGE + 1])
    return {
        "items": rows[:PER_PAGE],
        "number": number,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if len(rows) > PER_PAGE and number < MAX_PAGE else None,
    }


# ------------------------------------------------------------------ reading


def posting_list(request: HttpRequest) -> HttpResponse:
    """The open postings, newest first: through the registered search when there is one
    (with its form above the list), else twenty a page."""
    user = request.user
    search = next(iter(sections.list_search), None)
    found = search.results(request) if search is not None else None
    context: dict[str, Any] = {}
    if found is not None:
        context.update(found)
    else:
        page = paged(queries.open_postings(user), request)
        context.update(postings=page["items"], page=page)
    if search is not None:
        context.update(form=search.form(), search_template=search.template)
    context.update(
        links=sections.links_for(user),
        can_post=can_post(user),
        reviewer=is_reviewer(user),
        moderator=moderates_postings(user),
    )
    return render(request, "jobs/list.html", context)


def versions(posting: Posting) -> list[dict[str, str]]:
    """The language versions, the reader's language first."""
    found = [
        {
            "lang": lang,
            "title": getattr(posting, f"title_{lang}"),
            "description": getattr(posting, f"description_{lang}"),
        }
        for lang in ("fr", "en")
        if getattr(posting, f"title_{lang}")
    ]
    found.sort(key=lambda v: v["lang"] != get_language())
    return found


def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    posting = queries.posting_or_404(user, pk)
    manager = can_manage(user, posting)
    moderator = moderates_postings(user)
    context: dict[str, Any] = {
        "posting": posting,
        "versions": versions(posting),
        "manager": manager,
        "reviewer": (
            posting.status == PostingStatus.REVIEW
            and is_reviewer(user)
            and posting.posted_by_id != user.pk
        ),
        "can_remove": can_remove(user, posting),
        "moderator": moderator,
        "accepting": posting.is_open,
        "ended": posting.status in (PostingStatus.CLOSED, PostingStatus.EXPIRED)
        or (posting.status == PostingStatus.OPEN and not posting.is_open),
        "published": posting.status in PUBLISHED,
        "report_form": ReportForm(),
        "review_form": ReviewForm(),
        "reopen_form": ReopenForm(),
        "remove_form": RemoveForm(),
        "hold_labels": [reason_label(code) for code in posting.hold_reasons],
        "open_reports": queries.open_reports(posting) if moderator or manager else [],
        "panels": sections.panels(),
    }
    if has_json_ld(posting):
        url = request.build_absolute_uri(posting.get_absolute_url())
        context["json_ld"] = script_safe(job_posting(posting, url))
    return render(request, "jobs/posting.html", context)


# ------------------------------------------------------------------ writing


def _initial(posting: Posting) -> dict[str, Any]:
    initial: dict[str, Any] = {f: getattr(posting, f) for f in CONTENT_FIELDS}
    initial["audience"] = posting.audience
    for n, question in enumerate(posting.screening_questions or [], start=1):
        initial[f"question_{n}"] = question.get("text", "")
        initial[f"question_{n}_yes_no"] = bool(question.get("yes_no"))
    if posting.valid_through is not None:
        initial["valid_through"] = timezone.localtime(posting.valid_through).date()
    return initial


def _form_data(form: PostingForm) -> dict[str, Any]:
    data = form.posting_data()
    until = data.get("valid_through")
    if isinstance(until, dt.date):
        data["valid_through"] = until  # a date: the end of that day (services)
    return data


def _held_message(codes: list[str]) -> str:
    return _(
        "This posting will wait for an agency to review it, because: %(reasons)s "
        "Change the text, or send it to review as it is."
    ) % {"reasons": " ".join(reason_label(c) for c in codes)}


def _after_publish_message(request: HttpRequest, posting: Posting) -> None:
    if posting.status == PostingStatus.OPEN:
        messages.success(request, _("Your posting is open: job seekers can see it now."))
    elif posting.status == PostingStatus.REVIEW:
        if posting.hold_reasons:
            messages.warning(
                request,
                _("Your posting waits for review, because: %(reasons)s")
                % {"reasons": " ".join(reason_label(c) for c in posting.hold_reasons)},
            )
        else:
            messages.info(
                request,
                _(
                    "Your posting waits for an agency administrator to review it: your "
                    "organisation is not verified yet. You will be told when it is open."
                ),
            )
    else:
        messages.success(request, _("Your draft is saved."))


@login_required
def posting_create(request: HttpRequest) -> HttpResponse:
    homes = posting_homes(request.user)
    if not homes:
        raise PermissionDenied(_("Only employers and agency staff can post jobs."))
    data, _files = posted(request)
    form = PostingForm(
        data,
        homes=homes,
        initial={"valid_through": (timezone.localtime() + dt.timedelta(days=30)).date()},
    )
    held: list[str] = []
    if data is not None and form.is_valid():
        home = next((o for o in homes if o.pk == form.cleaned_data.get("home")), homes[0])
        publish = request.POST.get("action") != "draft"
        payload = _form_data(form)
        # One field a line, as content.scan reads the saved posting: the guard weighs
        # sentences, so the warning here and the hold there must read the same text.
        held = scam_check("\n".join(str(payload.get(f) or "") for f in CONTENT_FIELDS[:4]))
        if held and publish and not request.POST.get("send_to_review"):
            form.add_error(None, _held_message(held))
        else:
            kind = {"agency": "agency", "employer": "organization"}[home.kind]
            try:
                posting = services.create_posting(
                    request.user, payload, publish=publish, **{kind: home}
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                screening.set_questions(request.user, posting, form.screening())
                _after_publish_message(request, posting)
                return redirect(posting)
    return render(
        request,
        "jobs/form.html",
        {"form": form, "posting": None, "held": held, "homes": homes},
        status=422 if data is not None else 200,
    )


@login_required
def posting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.managed_posting_or_404(request.user, pk)
    if posting.status == PostingStatus.REMOVED:
        raise PermissionDenied(_("A removed posting cannot be changed."))
    data, _files = posted(request)
    form = PostingForm(
        data, initial=_initial(posting), agency_audience=posting.agency_id is not None
    )
    held: list[str] = []
    if data is not None and form.is_valid():
        payload = _form_data(form)
        if posting.organization_id is not None:
            # The employer's name and website come from its page (not on this form).
            payload.pop("hiring_organization_name", None)
            payload.pop("hiring_organization_url", None)
        held = scam_check("\n".join(str(payload.get(f) or "") for f in CONTENT_FIELDS[:4]))
        if held and posting.status == PostingStatus.OPEN and not request.POST.get("send_to_review"):
            form.add_error(None, _held_message(held))
        else:
            try:
                posting = services.update_posting(request.user, posting, payload)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                screening.set_questions(request.user, posting, form.screening())
                if posting.status == PostingStatus.REVIEW and posting.hold_reasons:
                    _after_publish_message(request, posting)
                else:
                    messages.success(request, _("Your changes are saved."))
                return redirect(posting)
    return render(
        request,
        "jobs/form.html",
        {"form": form, "posting": posting, "held": held},
        status=422 if data is not None else 200,
    )


def _act(
    request: HttpRequest, posting: Posting, action: Callable[..., Any], *args: Any, done: str
) -> HttpResponse:
    try:
        action(request.user, posting, *args)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        if done:
            messages.success(request, done)
    return redirect(posting)


@login_required
@require_POST
def posting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.managed_posting_or_404(request.user, pk)
    try:
        services.publish(request.user, posting)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        _after_publish_message(request, posting)
    return redirect(posting)


@login_required
@require_POST
def posting_close(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.managed_posting_or_404(request.user, pk)
    return _act(
        request,
        posting,
        services.close,
        done=_("The posting is closed: it no longer takes applications."),
    )


@login_required
@require_POST
def posting_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.managed_posting_or_404(request.user, pk)
    form = ReopenForm(request.POST)
    until = form.cleaned_data.get("valid_through") if form.is_valid() else None
    try:
        services.reopen(request.user, posting, until)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        _after_publish_message(request, posting)
    return redirect(posting)


@login_required
@require_POST
def posting_review(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    posting = queries.posting_or_404(request.user, pk)
    if not is_reviewer(request.user):
        raise PermissionDenied(_("Only agency administrators review postings."))
    form = ReviewForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        if decision == "approve":
            services.approve(request.user, posting, note)
            messages.success(request, _("The posting is approved and open."))
        else:
            services.reject(request.user, posting, note)
            messages.success(request, _("The posting is refused; its author is told why."))
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(posting)
    return redirect("jobs:review")


@login_required
@require_POST
def posting_remove(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.posting_or_404(request.user, pk)
    if not can_remove(request.user, posting):
        raise PermissionDenied(_("You cannot remove this posting."))
    form = RemoveForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    return _act(request, posting, services.remove, note, done=_("The posting is removed."))


@login_required
@require_POST
def posting_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    posting = queries.posting_or_404(request.user, pk)
    if not moderates_postings(request.user):
        raise PermissionDenied
    services.dismiss_reports(request.user, posting)
    messages.success(request, _("The reports are closed; the posting stays as it is."))
    return redirect("jobs:reports")


@require_POST
def posting_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who can see a posting may report it, visitors too."""
    posting = queries.posting_or_404(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report(
                request.user,
                posting,
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            return render(
                request,
                "jobs/report.html",
                {"posting": posting, "form": form, "error": message_of(error)},
                status=page_status(error),
            )
        messages.success(request, _("Thank you: the report is sent to the moderators."))
        return redirect(posting)
    return render(request, "jobs/report.html", {"posting": posting, "form": form}, status=422)


# ------------------------------------------------------------------ lists for staff


@login_required
def my_postings(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "")
    if status not in PostingStatus.values:
        status = ""
    postings = queries.managed_postings(user, status)
    allowed = can_post(user)
    if not allowed and not queries.managed_postings(user).exists():
        raise PermissionDenied(_("Only employers and agency staff can post jobs."))
    page = paged(postings, request)
    return render(
        request,
        "jobs/mine.html",
        {
            "page": page,
            "postings": page["items"],
            "can_post": allowed,
            "status": status,
            "statuses": PostingStatus.choices,
        },
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_reviewer(request.user):
        raise PermissionDenied(_("Only agency administrators review postings."))
    page = paged(queries.review_queue(request.user), request)
    return render(
        request,
        "jobs/review.html",
        {"page": page, "postings": page["items"], "review_form": ReviewForm()},
    )


@login_required
def reports_queue(request: HttpRequest) -> HttpResponse:
    if not moderates_postings(request.user):
        raise PermissionDenied(_("Only moderators and agency administrators handle reports."))
    page = paged(queries.reports_queue(request.user), request)
    return render(
        request,
        "jobs/reports.html",
        {
            "page": page,
            "rows": [(p, queries.unresolved_reports(p, 10)) for p in page["items"]],
            "remove_form": RemoveForm(),
        },
    )
