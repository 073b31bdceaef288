"""The vault's pages: my documents, one document, documents shared with me, and the
downloads. Every lookup goes through `queries.py` (`Document.objects.visible_to`, 404
otherwise); owner-only actions answer 403 to the others who may see the document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.core.forms import posted
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.vault import queries, services
from tremplin.vault.forms import (
    CommentForm,
    LinkForm,
    RenameForm,
    ShareForm,
    UploadForm,
    VersionForm,
)
from tremplin.vault.models import Document
from tremplin.vault.queries import LOG_SHOWN, PAGE_SIZE
from tremplin.vault.storage import file_response
from tremplin.vault.uploads import MB, quota_bytes


def quota_context(user: Any) -> dict[str, Any]:
    used = queries.quota_used(user)
    limit = quota_bytes()
    return {
        "quota_used_mb": number_format(used / MB, 1),
        "quota_limit_mb": limit // MB,
        "quota_percent": min(100, round(100 * used / limit)) if limit else 100,
    }


# ------------------------------------------------------------------ lists


@login_required
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def my_documents(request: HttpRequest) -> HttpResponse:
    data, files = posted(request)
    form = UploadForm(data, files)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                document = services.upload_document(
                    request.user,
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                form.add_error("file", message_of(error))
            else:
                messages.success(request, _("Your document is saved in your vault."))
                return redirect(document.get_absolute_url())
        status = 400
    documents = Paginator(queries.documents_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "documents": documents, **quota_context(request.user)}
    return render(request, "vault/list.html", context, status=status)


@login_required
@require_GET
def shared_with_me(request: HttpRequest) -> HttpResponse:
    documents = Paginator(queries.shared_with(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "vault/shared.html", {"documents": documents})


# ------------------------------------------------------------------ one document


def detail_context(request: HttpRequest, document: Document, **forms: Any) -> dict[str, Any]:
    mine = document.owner_id == request.user.pk
    context: dict[str, Any] = {
        "document": document,
        "mine": mine,
        "versions": queries.versions_of(document),
        "can_review": document.is_reviewable_by(request.user),
    }
    if context["can_review"]:
        context["comments"] = queries.comments_of(document)
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    if mine:
        log = list(queries.access_log_of(document)[: LOG_SHOWN + 1])
        context.update(
            shares=queries.shares_of(document),
            accesses=log[:LOG_SHOWN],
            more_accesses=len(log) > LOG_SHOWN,
            version_form=forms.get("version_form") or VersionForm(),
            rename_form=forms.get("rename_form")
            or RenameForm(initial={"title": document.title, "kind": document.kind}),
            share_form=forms.get("share_form")
            or ShareForm(candidates=queries.sharing_candidates(request.user)),
            link_form=forms.get("link_form") or LinkForm(),
            new_link_url=forms.get("new_link_url"),
            **quota_context(request.user),
        )
    return context


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.document_or_404(request.user, pk)
    return render(request, "vault/detail.html", detail_context(request, document))


@login_required
@require_GET
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole access log of one of my documents, a page at a time (owner only)."""
    document = queries.document_or_404(request.user, pk)
    if document.owner_id != request.user.pk:
        raise Http404
    page = Paginator(queries.access_log_of(document), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "vault/access_log.html", {"document": document, "page": page})


def _rerender(request: HttpRequest, document: Document, **forms: Form) -> HttpResponse:
    return render(
        request, "vault/detail.html", detail_context(request, document, **forms), status=400
    )


@login_required
@require_POST
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_version(request.user, document, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", message_of(error))
        else:
            messages.success(request, _("The new version is saved."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, version_form=form)


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    try:
        version = services.restore_version(request.user, document, number)
    except ValidationError as error:
        if error.code == "not_found":
            raise Http404 from None
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Version %(old)d is restored as version %(new)d.")
            % {"old": number, "new": version.number},
        )
    return redirect(document.get_absolute_url())


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            services.rename_document(
                request.user,
                document,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error("title", message_of(error))
        else:
            messages.success(request, _("The document is renamed."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, rename_form=form)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    services.delete_document(request.user, document)
    messages.success(request, _("The document and all its versions are deleted."))
    return redirect("vault:list")


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    form = ShareForm(request.POST, candidates=queries.sharing_candidates(request.user))
    if form.is_valid():
        try:
            services.share_with(request.user, document, form.cleaned_data["recipient"])
        except ValidationError as error:
            form.add_error("recipient", message_of(error))
        else:
            messages.success(request, _("The document is shared."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, share_form=form)


@login_required
@require_POST
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        _share, token = services.share_by_link(
            request.user, document, days=form.cleaned_data["days"]
        )
        url = request.build_absolute_uri(reverse("vault:link", kwargs={"token": token}))
        # Shown once, in this answer: only the token's hash is kept.
        return render(
            request, "vault/detail.html", detail_context(request, document, new_link_url=url)
        )
    return _rerender(request, document, link_form=form)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, share_id: int) -> HttpResponse:
    document = queries.owned_or_403(request.user, pk)
    found = queries.share_or_404(document, share_id)
    try:
        services.revoke(request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The share is revoked."))
    return redirect(document.get_absolute_url())


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.document_or_404(request.user, pk)
    if not document.is_reviewable_by(request.user):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment(request.user, document, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", message_of(error))
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(document.get_absolute_url() + "#review")
    return _rerender(request, document, comment_form=form)


# ------------------------------------------------------------------ downloads


@login_required
@require_GET
def download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    document = queries.document_or_404(request.user, pk)
    version = queries.version_or_404(document, number)
    services.record_access(document, version, user=request.user)
    return file_response(version)


@require_GET
def link_download(request: HttpRequest, token: str) -> FileResponse:
    """Anyone holding a valid link gets the current version, signed in or not."""
    found = queries.link_share(token)
    if found is None:
        raise Http404
    version = found.document.current_version()
    if version is None:
        raise Http404
    services.record_access(found.document, version, user=request.user, share=found)
    return file_response(version)
