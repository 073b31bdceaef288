"""Counselling pages: "My counsellors" for clients, the caseload for counsellors, and
the reassignment page for agency admins. Every action is a POST form that works without
JavaScript and calls a function of `services.py`; a case the caller may not act on is
a 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.refusals import message_of
from tremplin.core.viewer import viewer_of
from tremplin.counselling import queries, services
from tremplin.counselling.forms import (
    CaseloadFilterForm,
    CaseloadReassignForm,
    CloseForm,
    InviteForm,
    ReassignForm,
    ScopesForm,
)
from tremplin.counselling.models import (
    OPEN_STATUSES,
    SCOPE_FIELDS,
    Case,
    CaseStatus,
    Scope,
    is_agency_admin,
)
from tremplin.counselling.presenting import (
    caseload_rows,
    filter_fields,
    invite_fields,
    prepare_rows,
)
from tremplin.counselling.sections import page_columns, sections_for

CLOSED_SHOWN = 20
HISTORY_SHOWN = 50


def _anchor(name: str, case: Case) -> str:
    return f"{reverse(name)}#case-{case.pk}"


def _me(request: HttpRequest) -> User:
    return cast("User", request.user)


def _say(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, message_of(error))


def scope_rows(case: Case) -> list[dict[str, Any]]:
    """Each permission with its meaning and whether the case holds it."""
    return [
        {"value": scope.value, "label": scope.label, "granted": getattr(case, SCOPE_FIELDS[scope])}
        for scope in Scope
    ]


def scope_labels(values: Iterable[str]) -> list[str]:
    return [str(Scope(v).label) for v in values if v in Scope.values]


# ------------------------------------------------------------------ the client


def render_mine(
    request: HttpRequest, forms: dict[int, ScopesForm] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    cases = queries.client_cases(user)
    open_cases = list(cases.filter(status__in=OPEN_STATUSES).order_by("-updated"))
    closed = list(cases.filter(status=CaseStatus.CLOSED).order_by("-updated")[:CLOSED_SHOWN])
    forms = forms or {}
    case: Any  # each row carries its form and history for the template
    for case in open_cases + closed:
        case.form = forms.get(case.pk) or ScopesForm(
            initial={"scopes": sorted(case.scopes)}, prefix=f"case{case.pk}"
        )
        case.scope_rows = scope_rows(case)
        case.history = list(case.consents.all())[:HISTORY_SHOWN]
        for consent in case.history:
            consent.scope_labels = scope_labels(consent.scopes)
    counsellor_ids = [c.counsellor_id for c in open_cases + closed]
    context = {
        "invited": [c for c in open_cases if c.status == CaseStatus.INVITED],
        "current": [c for c in open_cases if c.status != CaseStatus.INVITED],
        "closed": closed,
        "linkable": queries.linkable(user, counsellor_ids),
        "consent_version": services.CONSENT_VERSION,
    }
    return render(request, "counselling/mine.html", context, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    attached = services.claim_invitations(request.user)
    if attached:
        messages.info(request, _("An invitation sent to your email address is waiting below."))
    return render_mine(request)


CLIENT_SCOPE_ACTIONS = {
    "accept": (services.accept, gettext_lazy("You accepted the invitation.")),
    "scopes": (services.change_scopes, gettext_lazy("Your choices are saved: they apply at once.")),
}


@login_required
@require_POST
def client_scopes(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept an invitation, or change the permissions: the consent screen."""
    case = queries.client_case_or_404(_me(request), pk)
    form = ScopesForm(request.POST, prefix=f"case{case.pk}")
    if form.is_valid():
        action_fn, done = CLIENT_SCOPE_ACTIONS[action]
        try:
            action_fn(request.user, case, form.cleaned_data["scopes"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(done))
            return redirect(_anchor("counselling:mine", case))
    return render_mine(request, forms={case.pk: form})


CLIENT_ACTIONS = {
    "decline": (services.decline, gettext_lazy("Invitation declined.")),
    "end": (
        services.end,
        gettext_lazy("The link is ended: your counsellor no longer has any access."),
    ),
}


@login_required
@require_POST
def client_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = queries.client_case_or_404(_me(request), pk)
    action_fn, done = CLIENT_ACTIONS[action]
    try:
        action_fn(request.user, case)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, str(done))
    return redirect(_anchor("counselling:mine", case))


# ------------------------------------------------------------------ either party


PARTY_ACTIONS = {
    "pause": (
        services.pause,
        gettext_lazy("The link is paused: nothing is shared until it resumes."),
    ),
    "resume": (services.resume, gettext_lazy("The link is active again.")),
}


@login_required
@require_POST
def party_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    case = queries.party_case_or_404(user, pk)
    action_fn, done = PARTY_ACTIONS[action]
    try:
        action_fn(user, case)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, str(done))
    page = "counselling:mine" if case.client_id == user.pk else "counselling:caseload"
    return redirect(_anchor(page, case))


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page, for each party in their role: the client and the counsellor see
    the case's sections (plan, appointments, and for the counsellor the case notes...),
    each section deciding what this viewer may see. An agency admin knows nothing about
    the client, so their link leads to the reassignment page."""
    found = queries.case_or_404(request.user, pk)
    role = cast(str, found.role_of(request.user))
    if role == "admin":
        return redirect(
            reverse("counselling:reassign", kwargs={"slug": found.agency.slug})
            + f"#case-{found.pk}"
        )
    context = {
        "case": found,
        "scope_rows": scope_rows(found),
        "role": role,
        "sections": sections_for(request, found, role),
    }
    return render(request, "counselling/case.html", context)


# ------------------------------------------------------------------ the counsellor


def _without_page(request: HttpRequest) -> str:
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _counsellor_or_404(request: HttpRequest) -> User:
    user = _me(request)
    if not viewer_of(user).is_counsellor and not queries.counsels_anyone(user):
        raise Http404
    return user


def render_caseload(
    request: HttpRequest,
    *,
    invite_form: InviteForm | None = None,
    close_forms: dict[int, CloseForm] | None = None,
) -> HttpResponse:
    user = _me(request)
    agencies = list(queries.agencies_of(user))
    search = CaseloadFilterForm(request.GET, agencies=agencies)
    status = query = ""
    filters: dict[str, Any] = {}
    if search.is_valid():
        status = search.cleaned_data["status"]
        query = " ".join(search.cleaned_data["q"].split())
        filters = search.filters()
    page = queries.caseload_page(user, status, query, filters, request.GET.get("page"))
    prepare_rows(page.object_list, close_forms or {}, user)
    context = {
        "filter_fields": filter_fields(search),
        "status": status,
        "query": query,
        "filter_query": _without_page(request),
        "page": page,
        "rows": caseload_rows(request, {"page": page, "user": user}),
        "columns": page_columns(),
        "invite_fields": invite_fields(invite_form or InviteForm(agencies=agencies)),
        "can_invite": bool(agencies),
    }
    return render(request, "counselling/caseload.html", context)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _counsellor_or_404(request)
    return render_caseload(request)


def _person_for_invite(counsellor: User, who: str) -> User:
    """A member by profile address, as the counsellor may see it, else a 404-like refusal."""
    member = queries.member_or_none(counsellor, who.strip().lstrip("@"))
    if member is None:
        raise services.CounsellingRefusal(
            _("No member with this profile address."), code="not_found"
        )
    return member


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    user = _counsellor_or_404(request)
    form = InviteForm(request.POST, agencies=list(queries.agencies_of(user)))
    if form.is_valid():
        who = form.cleaned_data["who"].strip()
        try:
            if "@" in who.lstrip("@"):
                made = services.invite(user, form.cleaned_data["agency"], email=who)
            else:
                person = _person_for_invite(user, who)
                made = services.invite(user, form.cleaned_data["agency"], client=person)
        except ValidationError as error:
            form.add_error("who", error)
        else:
            messages.success(request, _("Invitation sent to %(who)s.") % {"who": made.client_label})
            return redirect(_anchor("counselling:caseload", made))
    return render_caseload(request, invite_form=form)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.counsellor_case_or_404(_me(request), pk)
    form = CloseForm(request.POST, prefix=f"case{found.pk}")
    if form.is_valid():
        try:
            services.close(request.user, found, form.cleaned_data["exit_reason"])
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(request, _("The link is closed."))
        return redirect(_anchor("counselling:caseload", found))
    messages.error(request, _form_errors(form))
    return render_caseload(request, close_forms={found.pk: form})


# ------------------------------------------------------------------ the agency admin


@login_required
def reassign(request: HttpRequest, slug: str) -> HttpResponse:
    """The admin sees each open case's number, status and counsellor, nothing more, and
    moves one case or a whole caseload to another counsellor of the agency."""
    agency = queries.admin_agency_or_404(request.user, slug)
    counsellors = list(queries.counsellors_of(agency))
    bulk = CaseloadReassignForm(
        request.POST if request.method == "POST" else None, counsellors=counsellors
    )
    if request.method == "POST" and bulk.is_valid():
        try:
            moved = services.reassign_caseload(
                request.user,
                agency,
                bulk.cleaned_data["from_counsellor"],
                bulk.cleaned_data["counsellor"],
            )
        except ValidationError as error:
            bulk.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d open link moved.", "%(count)d open links moved.", len(moved))
                % {"count": len(moved)},
            )
            return redirect("counselling:reassign", slug=agency.slug)
    page = Paginator(queries.open_cases_of(agency), queries.CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    item: Any  # each row carries its form for the template
    for item in page:
        item.reassign_form = ReassignForm(counsellors=counsellors, prefix=f"case{item.pk}")
    context = {"agency": agency, "page": page, "bulk": bulk}
    return render(request, "counselling/reassign.html", context)


@login_required
@require_POST
def reassign_case(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.case_or_404(request.user, pk)
    if not is_agency_admin(request.user, found.agency):
        raise Http404
    form = ReassignForm(
        request.POST,
        counsellors=list(queries.counsellors_of(found.agency)),
        prefix=f"case{found.pk}",
    )
    target = reverse("counselling:reassign", kwargs={"slug": found.agency.slug})
    if form.is_valid():
        try:
            services.reassign(request.user, found, form.cleaned_data["counsellor"])
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(request, _("The link now belongs to the chosen counsellor."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(f"{target}#case-{found.pk}")


def _form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
