"""The vault's pages: my documents, one document, documents shared with me, and the
downloads. Every lookup goes through `Document.objects.visible_to` (404 otherwise);
owner-only actions answer 403 to the others who may see the document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.core.files import private_file_response
from tremplin.core.forms import posted
from tremplin.vault import services
from tremplin.vault.forms import (
    CommentForm,
    LinkForm,
    RenameForm,
    ShareForm,
    UploadForm,
    VersionForm,
)
from tremplin.vault.models import (
    AccessLog,
    Document,
    DocumentVersion,
    ReviewComment,
    Share,
)
from tremplin.vault.storage import vault_storage
from tremplin.vault.uploads import MB, quota_bytes

# Documents and access-log entries per page (pages and the API's default).
PAGE_SIZE = 50
# The newest access-log entries shown on a document's page; the rest are a link away.
LOG_SHOWN = 20


def visible_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request.user).select_related("owner__profile"), pk=pk
    )


def owned_document(request: HttpRequest, pk: int) -> Document:
    document = visible_document(request, pk)
    if document.owner_id != request.user.pk:
        raise PermissionDenied
    return document


def file_response(version: DocumentVersion) -> FileResponse:
    """Always a download (never shown by the browser under our origin), never cached."""
    return private_file_response(
        vault_storage().open(version.file_name, "rb"),
        content_type=version.content_type,
        filename=version.original_name,
        as_attachment=True,
    )


def quota_context(user) -> dict:
    used = services.quota_used(user)
    limit = quota_bytes()
    return {
        "quota_used_mb": number_format(used / MB, 1),
        "quota_limit_mb": limit // MB,
        "quota_percent": min(100, round(100 * used / limit)) if limit else 100,
    }


def refusal_message(error: ValidationError) -> str:
    return " ".join(error.messages)


# ------------------------------------------------------------------ lists


@login_required
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
                form.add_error("file", refusal_message(error))
            else:
                messages.success(request, _("Your document is saved in your vault."))
                return redirect(document.get_absolute_url())
        status = 400
    documents = Paginator(
        Document.objects.filter(owner_id=request.user.pk)
        .order_by("-updated", "-pk")
        .prefetch_related("versions"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {"form": form, "documents": documents, **quota_context(request.user)}
    return render(request, "vault/list.html", context, status=status)


@login_required
@require_GET
def shared_with_me(request: HttpRequest) -> HttpResponse:
    documents = Paginator(
        Document.objects.visible_to(request.user)
        .exclude(owner=request.user)
        .select_related("owner__profile")
        .order_by("-updated", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "vault/shared.html", {"documents": documents})


# ------------------------------------------------------------------ one document


def access_log_of(document: Document):
    return AccessLog.objects.filter(document=document).select_related(
        "user__profile", "version", "share"
    )


def detail_context(request: HttpRequest, document: Document, **forms) -> dict:
    mine = document.owner_id == request.user.pk
    context: dict = {
        "document": document,
        "mine": mine,
        "versions": document.versions.select_related("uploaded_by__profile"),
        "can_review": document.is_reviewable_by(request.user),
    }
    if context["can_review"]:
        context["comments"] = ReviewComment.objects.filter(document=document).select_related(
            "author__profile", "version"
        )
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    if mine:
        log = list(access_log_of(document)[: LOG_SHOWN + 1])
        context.update(
            shares=document.shares.select_related("to_user__profile").order_by("-created"),
            accesses=log[:LOG_SHOWN],
            more_accesses=len(log) > LOG_SHOWN,
            version_form=forms.get("version_form") or VersionForm(),
            rename_form=forms.get("rename_form")
            or RenameForm(initial={"title": document.title, "kind": document.kind}),
            share_form=forms.get("share_form")
            or ShareForm(candidates=services.sharing_candidates(request.user)),
            link_form=forms.get("link_form") or LinkForm(),
            new_link_url=forms.get("new_link_url"),
            **quota_context(request.user),
        )
    return context


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_document(request, pk)
    return render(request, "vault/detail.html", detail_context(request, document))


@login_required
@require_GET
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole access log of one of my documents, a page at a time (owner only)."""
    document = visible_document(request, pk)
    if document.owner_id != request.user.pk:
        raise Http404
    page = Paginator(access_log_of(document), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "vault/access_log.html", {"document": document, "page": page})


def _rerender(request, document, **forms) -> HttpResponse:
    return render(
        request, "vault/detail.html", detail_context(request, document, **forms), status=400
    )


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_document(request, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_version(request.user, document, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", refusal_message(error))
        else:
            messages.success(request, _("The new version is saved."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, version_form=form)


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = owned_document(request, pk)
    try:
        version = services.restore_version(request.user, document, number)
    except ValidationError as error:
        if error.code == "not_found":
            raise Http404 from None
        messages.error(request, refusal_message(error))
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
    document = owned_document(request, pk)
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
            form.add_error("title", refusal_message(error))
        else:
            messages.success(request, _("The document is renamed."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, rename_form=form)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_document(request, pk)
    services.delete_document(request.user, document)
    messages.success(request, _("The document and all its versions are deleted."))
    return redirect("vault:list")


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_document(request, pk)
    form = ShareForm(request.POST, candidates=services.sharing_candidates(request.user))
    if form.is_valid():
        try:
            services.share_with(request.user, document, form.cleaned_data["recipient"])
        except ValidationError as error:
            form.add_error("recipient", refusal_message(error))
        else:
            messages.success(request, _("The document is shared."))
            return redirect(document.get_absolute_url())
    return _rerender(request, document, share_form=form)


@login_required
@require_POST
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_document(request, pk)
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
    document = owned_document(request, pk)
    found = get_object_or_404(Share, pk=share_id, document=document)
    try:
        services.revoke(request.user, found)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("The share is revoked."))
    return redirect(document.get_absolute_url())


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_document(request, pk)
    if not document.is_reviewable_by(request.user):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment(request.user, document, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", refusal_message(error))
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(document.get_absolute_url() + "#review")
    return _rerender(request, document, comment_form=form)


# ------------------------------------------------------------------ downloads


@login_required
@require_GET
def download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    document = visible_document(request, pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    services.record_access(document, version, user=request.user)
    return file_response(version)


@require_GET
def link_download(request: HttpRequest, token: str) -> FileResponse:
    """Anyone holding a valid link gets the current version, signed in or not."""
    found = Share.for_token(token)
    if found is None:
        raise Http404
    version = found.document.current_version()
    if version is None:
        raise Http404
    services.record_access(found.document, version, user=request.user, share=found)
    return file_response(version)
