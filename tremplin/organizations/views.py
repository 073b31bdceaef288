"""Organisation pages: the directory, an organisation, its logo, creating and editing an
employer page, inviting people, accepting an invitation, verifying employers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.images import sanitise_image
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.organizations import queries, services
from tremplin.organizations.forms import InvitationForm, OrganizationForm
from tremplin.organizations.models import ROLES_BY_KIND, Organization, OrgKind


def org_for(request: HttpRequest, slug: str, *, admin: bool = False) -> Organization:
    """The access helper: the organisation, or 404; with admin=True, 403 for non-admins."""
    org = queries.organization_or_404(request.user, slug)
    if admin and not org.is_admin(request.user):
        raise PermissionDenied
    return org


def org_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind")
    orgs = queries.organizations_for(request.user, kind)
    return render(request, "organizations/list.html", {"orgs": orgs, "kind": kind})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = org_for(request, slug)
    return render(
        request,
        "organizations/detail.html",
        {"org": org, "is_admin": org.is_admin(request.user)},
    )


def logo(request: HttpRequest, slug: str) -> FileResponse:
    org = org_for(request, slug)
    if not org.logo:
        raise Http404
    response = FileResponse(org.logo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _save_logo(org: Organization, upload: UploadedFile) -> None:
    clean = sanitise_image(upload, max_side=400)
    org.logo.save("logo.jpg", clean, save=True)  # upload_to names it after the slug


@login_required
@accepts_files(each="PHOTO_MAX_BYTES")
def create(request: HttpRequest) -> HttpResponse:
    data, files = posted(request)
    form = OrganizationForm(data, files)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in OrganizationForm.Meta.fields if f in form.fields}
        try:
            with transaction.atomic():
                org = services.create_organization(request.user, OrgKind.EMPLOYER, **fields)
                if form.cleaned_data.get("logo_upload"):
                    _save_logo(org, form.cleaned_data["logo_upload"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation page is created."))
            return redirect("organizations:detail", slug=org.slug)
    return render(request, "organizations/form.html", {"form": form, "org": None})


@login_required
@accepts_files(each="PHOTO_MAX_BYTES")
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = org_for(request, slug, admin=True)
    data, files = posted(request)
    form = OrganizationForm(data, files, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                org = form.save()
                if form.cleaned_data.get("logo_upload"):
                    _save_logo(org, form.cleaned_data["logo_upload"])
        except ValidationError as error:
            form.add_error("logo_upload", error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", slug=org.slug)
    return render(request, "organizations/form.html", {"form": form, "org": org})


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    org = org_for(request, slug, admin=True)
    roles = ROLES_BY_KIND[OrgKind(org.kind)]
    form = InvitationForm(
        posted(request)[0], roles=roles, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(org, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("organizations:members", slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "memberships": queries.members_of(org),
        "pending": queries.pending_invitations(org),
    }
    return render(request, "organizations/members.html", context)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = queries.find_invitation(token)
    if invitation is None:
        return render(request, "organizations/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            services.accept(invitation, request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
            return redirect("organizations:detail", slug=invitation.organization.slug)
    return render(request, "organizations/accept.html", {"invitation": invitation})


@login_required
def verification(request: HttpRequest) -> HttpResponse:
    if not services.may_verify(request.user):
        raise PermissionDenied
    employers = queries.employers_to_verify()
    return render(request, "organizations/verification.html", {"employers": employers})


@login_required
@require_POST
def set_verified(request: HttpRequest, slug: str) -> HttpResponse:
    org = org_for(request, slug)
    verified = request.POST.get("verified") == "1"
    try:
        services.set_verified(org, request.user, verified)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("organizations:verification")
