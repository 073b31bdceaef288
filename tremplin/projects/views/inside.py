"""A project's files (vault documents shared with it), its discussion and its activity
log. Members only (the inside rule): anyone else gets a 404. A shared document opens
through the vault's own pages (its versions, its access log), which ask the vault's
rule, and that rule asks projects (tremplin.vault.readers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status
from tremplin.projects.activity import sentence
from tremplin.projects.forms import MessageForm, ShareForm
from tremplin.projects.queries import inside as reads
from tremplin.projects.queries import projects as queries
from tremplin.projects.services import discussion as talk
from tremplin.projects.services import files as services


@login_required
def files(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents shared with the project; POST shares one of mine."""
    project = queries.inside_or_404(request.user, pk)
    data, _files = posted(request)
    form = ShareForm(data, documents=reads.shareable_documents(request.user, project))
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                services.share(request.user, project, form.cleaned_data["document"])
            except ValidationError as error:
                form.add_error("document", error)
                status = page_status(error)
            else:
                messages.success(request, _("The document is shared with the project."))
                return redirect("projects:files", pk=project.pk)
    context = {
        "project": project,
        "section": "files",
        "files": reads.files_of(request.user, project),
        "form": form,
        "leads": queries.leads(request.user, project),
    }
    return render(request, "projects/files.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    shared = reads.file_or_404(request.user, project, file)
    try:
        services.revoke(request.user, shared)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The document is no longer shared with the project."))
    return redirect("projects:files", pk=project.pk)


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@login_required
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    data, _files = posted(request)
    form = MessageForm(data)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                talk.post_message(request.user, project, form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error("body", error)
                status = page_status(error)
            else:
                return redirect("projects:discussion", pk=project.pk)
    rows, following = reads.messages_of(request.user, project, _before(request))
    context = {
        "project": project,
        "section": "discussion",
        "rows": [(row, reads.actor_name(row, "author")) for row in rows],
        "following": following,
        "form": form,
    }
    return render(request, "projects/discussion.html", context, status=status)


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    rows, following = reads.activity_of(request.user, project, _before(request))
    lines = [(row, sentence(row.verb, reads.actor_name(row), row.data)) for row in rows]
    context = {"project": project, "section": "activity", "lines": lines, "following": following}
    return render(request, "projects/activity.html", context)
