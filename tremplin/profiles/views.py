from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx, pick_template
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.privacy.access import record_profile_read
from tremplin.profiles import queries
from tremplin.profiles.forms import (
    EducationForm,
    ExperienceForm,
    LanguageSkillForm,
    PhotoForm,
    PrivacyForm,
    ProfileForm,
    RecommendationForm,
)
from tremplin.profiles.models import (
    SECTION_LABELS,
    Education,
    Experience,
    LanguageSkill,
    RecommendationStatus,
)
from tremplin.profiles.picker import SCOPE_MAX_LENGTH, TEXT_MAX_LENGTH, people_for_picker
from tremplin.profiles.queries import (
    CappedPaginator,
    completeness,
    counsellor_notice,
    my_profile_or_404,
    own_item_or_404,
    people,
    profile_or_404,
    recommendations_on,
    recommendations_received,
    recommendations_written,
    shows_counsellors_only,
    skill_lines,
    skill_or_404,
)
from tremplin.profiles.services import (
    decide_recommendation,
    endorse,
    remove_photo,
    set_photo,
    update_profile,
    withdraw_endorsement,
    write_recommendation,
)


def detail(request: HttpRequest, handle: str) -> HttpResponse:
    """A profile, section by section, as the viewer may see it. Every rule on this page
    asks the viewer's relations (core.viewer), read once for the request."""
    viewer = request.user
    profile = profile_or_404(viewer, handle)
    sections = profile.sections_visible_to(viewer)
    if shows_counsellors_only(profile, sections, viewer):
        record_profile_read(viewer, profile.user_id)
    context: dict[str, Any] = {
        "profile": profile,
        "sections": sections,
        "is_owner": viewer.is_authenticated and profile.user_id == viewer.pk,
        "open_to_work": profile.open_to_work_visible_to(viewer),
        "counsellor_notice": counsellor_notice(profile, viewer),
    }
    if "skills" in sections:
        context["skill_lines"] = skill_lines(profile, viewer)
        context["can_endorse"] = profile.endorsable_by(viewer)
    recommendations, my_pending = recommendations_on(profile, viewer)
    if "recommendations" in sections:
        context["recommendations"] = recommendations
    if viewer.is_authenticated and not context["is_owner"]:
        context["can_recommend"] = profile.recommendable_by(viewer)
        context["my_pending_recommendation"] = my_pending
    if context["is_owner"]:
        context["completeness"] = completeness(profile)
        context["section_labels"] = SECTION_LABELS
    response = render(request, "profiles/detail.html", context)
    if profile.hidden_from_search:
        # Search engines: the page says it (meta robots) and so does the header.
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "My profile" in the menu links here, so that no page reads the member's handle
    to draw the menu: the handle is read once, when the member follows the link."""
    return redirect("profiles:detail", handle=my_profile_or_404(request.user).handle)


@login_required
@require_POST
def endorsement(request: HttpRequest, handle: str, skill_id: int) -> HttpResponse:
    """Endorse (or withdraw an endorsement of) one skill; back to the profile."""
    profile = profile_or_404(request.user, handle)
    skill = skill_or_404(profile, skill_id)
    if request.POST.get("action") == "withdraw":
        withdraw_endorsement(request.user, skill)
        messages.success(
            request, _("Your endorsement of “%(skill)s” is withdrawn.") % {"skill": skill.name}
        )
    else:
        endorse(request.user, skill)
        messages.success(request, _("You endorsed “%(skill)s”.") % {"skill": skill.name})
    return redirect(reverse("profiles:detail", kwargs={"handle": handle}) + "#skills-h")


@login_required
def recommend(request: HttpRequest, handle: str) -> HttpResponse:
    """Write a recommendation for a connection; it waits for their approval."""
    profile = profile_or_404(request.user, handle)
    if not profile.recommendable_by(request.user):
        raise PermissionDenied
    form = RecommendationForm(posted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            write_recommendation(
                request.user,
                profile,
                form.cleaned_data["relationship"],
                form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your recommendation is sent. %(name)s decides whether it shows.")
                % {"name": profile.display_name},
            )
            return redirect("profiles:detail", handle=profile.handle)
    return render(request, "profiles/recommend.html", {"form": form, "profile": profile})


# The recipient's buttons and the state each one asks for.
RECOMMENDATION_ACTIONS = {
    "approve": RecommendationStatus.APPROVED,
    "decline": RecommendationStatus.DECLINED,
    "hide": RecommendationStatus.HIDDEN,
    "show": RecommendationStatus.APPROVED,
}


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    """Recommendations I received (to approve, decline, hide) and those I wrote."""
    context = {
        "profile": my_profile_or_404(request.user),
        "received": recommendations_received(request.user)[:200],
        "written": recommendations_written(request.user)[:200],
    }
    return render(request, "profiles/recommendations.html", context)


@login_required
@require_POST
def recommendation_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RECOMMENDATION_ACTIONS:
        raise Http404
    try:
        decide_recommendation(request.user, pk, RECOMMENDATION_ACTIONS[action])
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("profiles:recommendations")


def photo(request: HttpRequest, handle: str) -> FileResponse:
    profile = profile_or_404(request.user, handle)
    if not profile.photo:
        raise Http404
    response = FileResponse(profile.photo.open("rb"), content_type="image/jpeg")
    # Private: a shared cache must never keep a photo meant for members only.
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    profile = my_profile_or_404(request.user)
    form = ProfileForm(posted(request)[0], instance=profile)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.Meta.fields if f != "skills_text"}
        try:
            update_profile(profile, changes, skills=form.skills())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profiles:detail", handle=profile.handle)
    return render(request, "profiles/edit.html", {"form": form, "profile": profile})


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    profile = my_profile_or_404(request.user)
    form = PrivacyForm(posted(request)[0], instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your privacy settings are saved."))
        return redirect("profiles:privacy")
    return render(request, "profiles/privacy.html", {"form": form, "profile": profile})


@login_required
@accepts_files(each="PHOTO_MAX_BYTES")
def photo_edit(request: HttpRequest) -> HttpResponse:
    profile = my_profile_or_404(request.user)
    form = PhotoForm(*posted(request))
    if request.method == "POST":
        if "remove" in request.POST:
            remove_photo(profile)
            messages.success(request, _("Your photo is removed."))
            return redirect("profiles:photo")
        if form.is_valid():
            try:
                set_photo(profile, form.cleaned_data["photo"])
            except ValidationError as error:
                form.add_error("photo", error)
            else:
                messages.success(request, _("Your photo is saved."))
                return redirect("profiles:detail", handle=profile.handle)
    return render(request, "profiles/photo.html", {"form": form, "profile": profile})


ITEM_KINDS = {
    "experience": (Experience, ExperienceForm, _("experience")),
    "education": (Education, EducationForm, _("education")),
    "language": (LanguageSkill, LanguageSkillForm, _("language")),
}


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or change one experience, education or language of one's own profile."""
    model, form_class, _label = ITEM_KINDS[kind]
    profile = my_profile_or_404(request.user)
    item = own_item_or_404(model, profile, pk) if pk else model(profile=profile)
    form = form_class(posted(request)[0], instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("profiles:detail", handle=profile.handle)
    return render(
        request,
        "profiles/item_form.html",
        {"form": form, "kind": kind, "item": item, "profile": profile},
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form, _label = ITEM_KINDS[kind]
    profile = my_profile_or_404(request.user)
    own_item_or_404(model, profile, pk).delete()
    messages.success(request, _("Deleted."))
    return redirect("profiles:detail", handle=profile.handle)


def search(request: HttpRequest) -> HttpResponse:
    """People search: only profiles whose basics the viewer may see, matched on what
    the viewer may see (name, headline, city; skills only where skills are visible)."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    collaborate = request.GET.get("collaborate") == "on"
    found = people(request.user, query, collaborate=collaborate)
    page = CappedPaginator(found, 20).get_page(request.GET.get("page"))
    template = pick_template(request, "profiles/search.html", "profiles/_search_results.html")
    context = {
        "query": query,
        "collaborate": collaborate,
        "page": page,
        "fragment": is_htmx(request),
        "count_cap": queries.SEARCH_COUNT_CAP,
    }
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    """The person picker's suggestions for what was typed (an HTML fragment that
    static/js/person_picker.js shows as the listbox's options); signed-in members only."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    text = request.GET.get("q", "")[:TEXT_MAX_LENGTH]
    scope = request.GET.get("scope", "")[:SCOPE_MAX_LENGTH]
    found = people_for_picker(request.user, text, scope=scope)
    response = render(request, "profiles/_picker_options.html", {"found": found})
    response["Cache-Control"] = "private, no-store"
    return response
