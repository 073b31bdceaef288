"""Job import pages, for the admins of an agency only: everyone else signed in gets a
404 (the pages do not confirm that a source exists); visitors are sent to sign in.
Every action is a POST form that works without JavaScript and calls `services.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.job_imports import columns, queries, read_csv, services, uploads
from tremplin.job_imports.forms import ColumnsForm, SourceForm, UploadForm
from tremplin.job_imports.models import SourceKind
from tremplin.job_imports.parsing import ParseError
from tremplin.organizations.models import Organization

RUNS_SHOWN = 30
ERRORS_PER_PAGE = 100


def _agencies_or_404(request: HttpRequest) -> QuerySet[Organization]:
    agencies = queries.administered_agencies(request.user)
    if not agencies.exists():
        raise Http404
    return agencies


def _source_values(form: SourceForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "kind": data["kind"],
        "url": data["url"],
        "poll_minutes": data["poll_minutes"],
        "active": data["active"],
        "withdraw_missing": data["withdraw_missing"],
    }


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    agencies = _agencies_or_404(request)
    found = queries.sources_of(request.user)[: queries.SOURCES_SHOWN]
    return render(request, "job_imports/sources.html", {"sources": found, "agencies": agencies})


@login_required
def source_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies_or_404(request)
    data, _files = posted(request)
    form = SourceForm(data, agencies=agencies, initial={"agency": agencies.first()})
    if data is not None and form.is_valid():
        try:
            source = services.create_source(
                request.user, form.cleaned_data["agency"], _source_values(form)
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The source was added."))
            return redirect(source)
    status = 400 if data is not None else 200
    return render(request, "job_imports/source_form.html", {"form": form}, status=status)


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = queries.source_or_404(request.user, pk)
    return render(
        request,
        "job_imports/source_detail.html",
        {
            "source": source,
            "runs": queries.recent_runs(source, RUNS_SHOWN),
            "chosen_columns": columns.chosen_labels(source),
        },
    )


@login_required
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = queries.source_or_404(request.user, pk)
    data, _files = posted(request)
    initial = {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "poll_minutes": source.poll_minutes,
        "active": source.active,
        "withdraw_missing": source.withdraw_missing,
    }
    form = SourceForm(
        data,
        agencies=queries.administered_agencies(request.user),
        editing=True,
        initial=initial,
    )
    if data is not None and form.is_valid():
        try:
            services.update_source(request.user, source, _source_values(form))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The source was saved."))
            return redirect(source)
    status = 400 if data is not None else 200
    return render(
        request, "job_imports/source_form.html", {"form": form, "source": source}, status=status
    )


@login_required
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = queries.source_or_404(request.user, pk)
    if request.method == "POST":
        services.delete_source(request.user, source)
        messages.success(request, _("The source was deleted. Its jobs stay as they are."))
        return redirect("job_imports:sources")
    return render(request, "job_imports/source_delete.html", {"source": source})


@login_required
@require_POST
def source_import(request: HttpRequest, pk: int) -> HttpResponse:
    source = queries.source_or_404(request.user, pk)
    try:
        run = services.request_import(request.user, source)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(source)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(source)
    messages.success(request, _("The import has started: its results appear below."))
    return redirect(run)


@login_required
@accepts_files(each="JOB_IMPORTS_MAX_BYTES")
def source_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Stage the file, then: a file that cannot be read is refused on the form; one that
    would close live postings shows its preview; any other is imported at once."""
    source = queries.source_or_404(request.user, pk)
    data, files = posted(request)
    form = UploadForm(data, files, csv=source.kind == SourceKind.CSV)
    if data is not None and form.is_valid():
        try:
            pending = uploads.stage(request.user, source, form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            preview = uploads.preview_of(pending)
            if preview.error:
                pending.delete()
                form.add_error("file", preview.error)
            else:
                asked = form.cleaned_data.get("choose_columns")
                return _next_step(request, preview, choose_columns=bool(asked))
    status = 400 if data is not None else 200
    return render(
        request,
        "job_imports/upload.html",
        {"source": source, "form": form, "columns": read_csv.DOCUMENTED},
        status=status,
    )


def _next_step(
    request: HttpRequest, preview: uploads.UploadPreview, *, choose_columns: bool = False
) -> HttpResponse:
    """After staging or choosing columns: the columns' page, the preview, or the import."""
    pending = preview.pending
    if preview.needs_columns or (choose_columns and preview.header is not None):
        return redirect("job_imports:upload_columns", pk=pending.source_id, token=pending.token)
    if preview.closing_count:
        return redirect("job_imports:upload_preview", pk=pending.source_id, token=pending.token)
    return _import_staged(request, pending, close_missing=False)


def _import_staged(request: HttpRequest, pending: Any, *, close_missing: bool) -> HttpResponse:
    run = uploads.confirm(request.user, pending, close_missing=close_missing)
    messages.success(request, _("The file was imported."))
    return redirect(run)


@login_required
def upload_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """What the staged file would do, and the choice to close the live postings it lacks
    or not (two buttons of one POST form: nothing is closed without "yes")."""
    source = queries.source_or_404(request.user, pk)
    pending = uploads.pending_or_404(request.user, source, token)
    invalid = False
    if request.method == "POST":
        choice = request.POST.get("close")
        if choice in ("yes", "no"):
            return _import_staged(request, pending, close_missing=choice == "yes")
        invalid = True
    return render(
        request,
        "job_imports/upload_preview.html",
        {"source": source, "preview": uploads.preview_of(pending), "invalid": invalid},
        status=400 if invalid else 200,
    )


@login_required
def upload_columns(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Which field each column of a staged CSV file is, remembered for the source; then
    the preview or the import. A wrong choice re-renders with what the admin chose."""
    source = queries.source_or_404(request.user, pk)
    pending = uploads.pending_or_404(request.user, source, token)
    try:
        header = uploads.header_of(pending)
    except ParseError:
        raise Http404 from None  # not a CSV file with a header: the upload said so
    data, _files = posted(request)
    form = ColumnsForm(data, names=header.names, chosen=header.columns)
    if data is not None and form.is_valid():
        try:
            columns.choose(request.user, source, header.names, form.chosen())
        except ValidationError as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(request, _("The columns were saved for this source."))
            return _next_step(request, uploads.preview_of(pending))
    rows = list(zip(form.visible_fields(), columns.samples(header), strict=True))
    return render(
        request,
        "job_imports/upload_columns.html",
        {"source": source, "form": form, "rows": rows, "pending": pending},
        status=400 if data is not None else 200,
    )


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.run_or_404(request.user, pk)
    page = Paginator(queries.run_items(run), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "job_imports/run_detail.html", {"run": run, "page": page})
