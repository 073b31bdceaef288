"""Pages of applying here, on Tremplin (see `submissions.py` and `apply_services.py`).

- /jobs/<pk>/apply/: the applicant's form (a CV and a letter from the vault or
  uploaded, a message, the screening questions).
- /jobs/<pk>/applicants/ (and .csv): the employer's inbox for one posting, filtered by
  status; the CSV's cells are neutralised against formulas (`core.exports`).
- /applications/received/<pk>/: one applicant's page for the employer (what was sent,
  and nothing else), with the status change and a message to the applicant.
- /applications/sent/<pk>/withdraw/: the applicant takes their application back.
Whatever the caller may not see is a 404; bad input re-renders with the text (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.applications import apply_queries, apply_services
from tremplin.applications.apply_forms import (
    ApplicantMessageForm,
    ApplyForm,
    EmployerStatusForm,
    InboxFilterForm,
)
from tremplin.applications.queries import posting_or_404
from tremplin.applications.submissions import EMPLOYER_TRANSITIONS, EmployerStatus, Submission
from tremplin.applications.views import _act, _status_of
from tremplin.core.exports import csv_bytes, csv_download
from tremplin.jobs.models import ApplyMethod


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    posting = posting_or_404(request.user, pk)
    if posting.apply_method != ApplyMethod.HERE:
        raise Http404  # it takes applications elsewhere: its page says where
    sent = apply_queries.sent_for(request.user, posting)
    if sent is not None:
        messages.info(request, _("You already applied to this posting."))
        return redirect(sent.application.get_absolute_url())
    documents = apply_queries.own_documents(request.user)
    form = ApplyForm(
        request.POST or None, request.FILES or None, posting=posting, documents=documents
    )
    status = 200
    if request.method == "POST":
        outcome = _act(
            form,
            lambda data: apply_services.apply(
                request.user,
                posting,
                cv_id=data.get("cv"),
                cv_file=data.get("cv_file"),
                letter_id=data.get("letter"),
                letter_file=data.get("letter_file"),
                message=data.get("message", ""),
                answers=form.answers(),
            ),
        )
        if outcome.done:
            messages.success(request, _("Your application is sent."))
            return redirect(outcome.value.application.get_absolute_url())
        status = outcome.status
    return render(
        request,
        "applications/apply.html",
        {"posting": posting, "form": form, "has_documents": bool(documents)},
        status=status,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    submission = apply_queries.sent_or_404(request.user, pk)
    try:
        apply_services.withdraw(request.user, submission)
    except apply_services.ApplicationsRefusal as error:
        _status_of(error)
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Your application is withdrawn: the employer no longer sees it.")
        )
    return redirect(submission.application.get_absolute_url())


@login_required
def inbox(request: HttpRequest, pk: int) -> HttpResponse:
    posting = apply_queries.receiving_posting_or_404(request.user, pk)
    search = InboxFilterForm(request.GET)
    status = search.cleaned_data["status"] if search.is_valid() else ""
    rows = list(apply_queries.inbox(request.user, posting, status)[: apply_queries.INBOX_SHOWN])
    counts = apply_queries.inbox_counts(request.user, posting)
    return render(
        request,
        "applications/inbox.html",
        {
            "posting": posting,
            "rows": rows,
            "search": search,
            "status": status,
            "counts": [(s, label, counts.get(s, 0)) for s, label in EmployerStatus.choices],
            "total": sum(counts.values()),
        },
    )


@login_required
def inbox_csv(request: HttpRequest, pk: int) -> HttpResponse:
    posting = apply_queries.receiving_posting_or_404(request.user, pk)
    rows = list(apply_queries.inbox(request.user, posting, request.GET.get("status", "")))
    body = csv_bytes(apply_queries.csv_rows(posting, rows))
    return csv_download(body, f"applicants-{posting.pk}.csv")


def _render_applicant(
    request: HttpRequest,
    submission: Submission,
    status_form: EmployerStatusForm | None = None,
    message_form: ApplicantMessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    targets = EMPLOYER_TRANSITIONS.targets(submission.status)
    if status_form is None and targets:
        status_form = EmployerStatusForm(targets=targets, prefix="status")
    return render(
        request,
        "applications/applicant.html",
        {
            "submission": submission,
            "posting": submission.posting,
            "status_form": status_form if targets else None,
            "message_form": message_form or ApplicantMessageForm(prefix="message"),
        },
        status=status,
    )


@login_required
def applicant(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_applicant(request, apply_queries.received_or_404(request.user, pk))


@login_required
@require_POST
def applicant_status(request: HttpRequest, pk: int) -> HttpResponse:
    submission = apply_queries.received_or_404(request.user, pk)
    targets = list(EMPLOYER_TRANSITIONS.targets(submission.status))
    form = EmployerStatusForm(request.POST, targets=targets, prefix="status")
    outcome = _act(
        form,
        lambda data: apply_services.set_status(
            request.user, submission, data["status"], data.get("template") or ""
        ),
    )
    if not outcome.done:
        return _render_applicant(request, submission, status_form=form, status=outcome.status)
    messages.success(request, _("The status is updated; the applicant sees it."))
    return redirect(submission.get_absolute_url())


@login_required
@require_POST
def applicant_message(request: HttpRequest, pk: int) -> HttpResponse:
    submission = apply_queries.received_or_404(request.user, pk)
    form = ApplicantMessageForm(request.POST, prefix="message")
    outcome = _act(
        form, lambda data: apply_services.message_applicant(request.user, submission, data["body"])
    )
    if not outcome.done:
        return _render_applicant(request, submission, message_form=form, status=outcome.status)
    messages.success(request, _("Your message is sent."))
    return redirect(outcome.value.get_absolute_url())
