"""Communities pages: the resources part. A community's library (and its "Resources"
tab), an agency's library, a resource's page, the add and edit forms, "My saved
resources", and the downloads. Thin adapters: reads through `queries.resources`
(`Resource.objects.visible_to`), actions through `services.resources`; the buttons
(approve, feature, save, "was this useful?", delete, withdraw) are in
`views/resource_actions.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tremplin.communities.forms_resources import LibrarySearchForm, ResourceForm
from tremplin.communities.models import (
    Community,
    EventAudience,
    MembershipStatus,
    ResourceState,
    Visibility,
)
from tremplin.communities.queries import resources as queries
from tremplin.communities.services import resources as services
from tremplin.communities.services.resource_preview import preview_of
from tremplin.core.forms import posted
from tremplin.core.refusals import page_status
from tremplin.core.uploads import accepts_files
from tremplin.organizations.models import Organization


def _member(community: Community, viewer: Any) -> bool:
    membership = community.membership_of(viewer)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def tab_context(community: Community, viewer: Any) -> dict[str, Any]:
    """The community page's "Resources" tab (tabs.py): the first resources, and what
    the viewer may do there."""
    resources = queries.tab(viewer, community)
    return {
        "resources": resources,
        "marks": queries.marks_of(viewer, resources),
        "library_url": reverse("communities:resources_community", args=[community.slug]),
        "add_url": reverse("communities:resource_add_community", args=[community.slug]),
        "can_add": _member(community, viewer),
        "waiting": queries.waiting_count(viewer, community),
    }


# ------------------------------------------------------------------ libraries


def _filters(request: HttpRequest) -> tuple[LibrarySearchForm, queries.Filters]:
    """The search asked for. `state` shows suggestions or declined ones: the rule gives
    a moderator the library's, anyone else only their own."""
    form = LibrarySearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    state = request.GET.get("state", "")
    if not request.user.is_authenticated or state not in ResourceState.values:
        state = ResourceState.APPROVED
    return form, queries.Filters(
        q=values.get("q", ""),
        kind=values.get("kind", ""),
        language=values.get("language", ""),
        tag=values.get("tag", ""),
        state=state,
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 1000))
    except ValueError:
        return 1


def _library_page(
    request: HttpRequest, library: Community | Organization, context: dict[str, Any]
) -> HttpResponse:
    moderator = queries.moderates(request.user, library)
    form, filters = _filters(request)
    if isinstance(library, Community):
        rows = queries.library(request.user, community=library, filters=filters)
    else:
        rows = queries.library(request.user, organization=library, filters=filters)
    page = _page_number(request)
    resources, has_next = queries.page_of(rows, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/resources/library.html",
        {
            **context,
            "library": library,
            "form": form,
            "filters": filters,
            "resources": resources,
            "marks": queries.marks_of(request.user, resources),
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
            "moderator": moderator,
            "waiting": queries.waiting_count(request.user, library),
        },
    )


@require_GET
def community_library(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    return _library_page(
        request,
        community,
        {
            "community": community,
            "can_add": _member(community, request.user),
            "add_url": reverse("communities:resource_add_community", args=[slug]),
            "indexable": community.visibility == Visibility.PUBLIC,
        },
    )


@require_GET
def agency_library(request: HttpRequest, slug: str) -> HttpResponse:
    agency = queries.agency_or_404(slug)
    return _library_page(
        request,
        agency,
        {
            "agency": agency,
            "can_add": request.user.is_authenticated,
            "add_url": reverse("communities:resource_add_agency", args=[slug]),
            "indexable": False,
        },
    )


@login_required
@require_GET
def saved(request: HttpRequest) -> HttpResponse:
    resources, has_next = queries.page_of(queries.saved(request.user), _page_number(request))
    return render(
        request,
        "communities/resources/saved.html",
        {
            "resources": resources,
            "marks": queries.marks_of(request.user, resources),
            "page": _page_number(request),
            "has_next": has_next,
        },
    )


# ------------------------------------------------------------------ one resource


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.resource_or_404(request.user, pk)
    marks = queries.marks_of(request.user, [resource])
    community = resource.community
    indexable = resource.state == ResourceState.APPROVED and (
        (community is not None and community.visibility == Visibility.PUBLIC)
        or (community is None and resource.audience == EventAudience.PUBLIC)
    )
    return render(
        request,
        "communities/resources/detail.html",
        {
            "resource": resource,
            "library_name": services.library_name(resource),
            "library_url": queries.library_url(resource),
            "preview": preview_of(resource),
            "bookmarked": resource.pk in marks.bookmarked,
            "my_vote": marks.votes.get(resource.pk),
            "moderator": queries.moderates(request.user, resource),
            "mine": request.user.is_authenticated and resource.author_id == request.user.pk,
            "downloadable": queries.downloadable(resource),
            "indexable": indexable,
        },
    )


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    resource = queries.download_or_404(request.user, pk)
    return services.document_response(request.user, resource)


# ------------------------------------------------------------------ adding and editing


def _add_page(
    request: HttpRequest, library: Community | Organization, context: dict[str, Any]
) -> HttpResponse:
    data, files = posted(request)
    agency = isinstance(library, Organization)
    form = ResourceForm(
        data,
        files,
        documents=queries.vault_documents_of(request.user),
        agency=agency,
        initial={"language": (request.LANGUAGE_CODE or "fr")[:2]},
    )
    status = 200
    if form.is_valid():
        try:
            resource = services.add(
                request.user, library, form.cleaned_data, upload=form.cleaned_data.get("file")
            )
        except ValidationError as error:
            form.add_refusal(error)
            status = page_status(error)
        else:
            if resource.state == ResourceState.APPROVED:
                messages.success(request, _("The resource is published."))
            else:
                messages.success(
                    request, _("Thank you: the moderators will review your suggestion.")
                )
            return redirect(resource.get_absolute_url())
    elif data is not None:
        status = 400
    return render(
        request,
        "communities/resources/form.html",
        {
            **context,
            "form": form,
            "library": library,
            "publishes": queries.moderates(request.user, library),
        },
        status=status,
    )


@login_required
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def add_to_community(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    if not _member(community, request.user):
        messages.error(request, _("Only members of this community can add a resource."))
        return redirect("communities:resources_community", slug=slug)
    return _add_page(
        request,
        community,
        {
            "community": community,
            "cancel_url": reverse("communities:resources_community", args=[slug]),
        },
    )


@login_required
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def add_to_agency(request: HttpRequest, slug: str) -> HttpResponse:
    agency = queries.agency_or_404(slug)
    return _add_page(
        request,
        agency,
        {"agency": agency, "cancel_url": reverse("communities:resources_agency", args=[slug])},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.resource_or_404(request.user, pk)
    if not (resource.author_id == request.user.pk or queries.moderates(request.user, resource)):
        messages.error(request, _("Only its author or the library's moderators can do this."))
        return redirect(resource.get_absolute_url())
    data, _files = posted(request)
    initial = {
        "kind": resource.kind,
        "title": resource.title,
        "url": resource.url,
        "body": resource.body,
        "description": resource.description,
        "tags": ", ".join(resource.tags),
        "language": resource.language,
        "audience": resource.audience,
    }
    form = ResourceForm(data, adding=False, agency=resource.community_id is None, initial=initial)
    status = 200
    if form.is_valid():
        try:
            services.edit(request.user, resource, form.cleaned_data)
        except ValidationError as error:
            form.add_refusal(error)
            status = page_status(error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect(resource.get_absolute_url())
    elif data is not None:
        status = 400
    return render(
        request,
        "communities/resources/form.html",
        {"form": form, "resource": resource, "cancel_url": resource.get_absolute_url()},
        status=status,
    )
