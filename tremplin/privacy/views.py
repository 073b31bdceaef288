"""The member's privacy page: download my data, delete my account. Thin adapters over
`queries.py` and `services.py`; a download and a deletion need a fresh
re-authentication (allauth's page, then the request resumes)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.files import private_file_response
from tremplin.core.refusals import message_of, page_status
from tremplin.privacy import banner, queries, services
from tremplin.privacy.storage import archive_storage


def _page(request: HttpRequest, status: int = 200, error: str = "") -> HttpResponse:
    context = {
        **queries.overview(request.user),
        "error": error,
        "archive_days": services.ARCHIVE_DAYS,
        "grace_days": services.GRACE_DAYS,
    }
    return render(request, "privacy/home.html", context, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def archive_request(request: HttpRequest) -> HttpResponse:
    try:
        services.request_archive(request.user)
    except ValidationError as error:
        return _page(request, page_status(error), message_of(error))
    messages.success(
        request, _("Your archive is being prepared: we will email you when it is ready.")
    )
    return redirect("privacy:home")


@login_required
@reauthentication_required(allow_get=False)
def archive_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    archive = queries.archive_or_404(request.user, pk)
    try:
        services.downloadable_or_refuse(request.user, archive)
    except ValidationError as error:
        return _page(request, page_status(error), message_of(error))
    return private_file_response(
        archive_storage().open(archive.file_name, "rb"),
        content_type="application/zip",
        filename=f"tremplin-{archive.requested_at:%Y-%m-%d}.zip",
        as_attachment=True,
    )


@login_required
@require_POST
@reauthentication_required
def deletion_schedule(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        return _page(request, 400, _("Tick the box to confirm that you want your account deleted."))
    try:
        found = services.schedule_deletion(request.user)
    except ValidationError as error:
        return _page(request, page_status(error), message_of(error))
    banner.remember(request, found.due_at)
    messages.success(request, _("Your account is scheduled for deletion. We sent you an email."))
    return redirect("privacy:home")


@login_required
@require_POST
def deletion_cancel(request: HttpRequest) -> HttpResponse:
    try:
        services.cancel_deletion(request.user)
    except ValidationError as error:
        return _page(request, page_status(error), message_of(error))
    banner.forget(request)
    messages.success(request, _("The deletion is cancelled: your account stays."))
    return redirect("privacy:home")
