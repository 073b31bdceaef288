"""The read path of counselling: every list and every "one case the viewer may see, or
404" that the pages (`views.py`) and the API (`api.py`) show."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.accounts.models import User
from tremplin.core.compiled import LIST_CAPACITY, CompiledQuery, Input
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import (
    Case,
    CaseQuerySet,
    CaseStatus,
    Consent,
    is_agency_admin,
)
from tremplin.counselling.sections import Moment, default_view_q, filtered, with_dashboard
from tremplin.organizations.models import Organization, Role
from tremplin.profiles.models import Profile

# A caseload page shows this many cases; the first pages of a plain one are compiled.
CASES_PER_PAGE = 50
COMPILED_PAGES = 10

# ------------------------------------------------------------------ one case


def case_or_404(viewer: Any, pk: int) -> Case:
    """A case the viewer may know of (client, counsellor or agency admin), else 404."""
    return visible_or_404(Case.objects.visible_to(viewer).for_display(), pk=pk)


def client_case_or_404(client: Any, pk: int) -> Case:
    """One of the client's own cases, else 404."""
    return visible_or_404(Case.objects.filter(client=client), pk=pk)


def party_case_or_404(user: Any, pk: int) -> Case:
    """A case `user` is the client or the counsellor of, else 404."""
    return visible_or_404(Case.objects.filter(Q(client=user) | Q(counsellor=user)), pk=pk)


def counsellor_case_or_404(counsellor: Any, pk: int) -> Case:
    """One of the counsellor's own cases, else 404."""
    return visible_or_404(Case.objects.filter(counsellor=counsellor), pk=pk)


def member_or_none(viewer: Any, handle: str) -> User | None:
    """The member behind a profile address the viewer may see, or None."""
    found = Profile.objects.visible_to(viewer).select_related("user").filter(handle=handle).first()
    return found.user if found else None


def fresh(case: Case) -> Case:
    """The case as it is now, with what its page and the API show."""
    return Case.objects.for_display().get(pk=case.pk)


# ------------------------------------------------------------------ the client


def client_cases(client: Any) -> CaseQuerySet:
    """The client's cases with their consent histories (for "My counsellors")."""
    return Case.objects.filter(client=client).for_client()


def links_of(client: Any) -> QuerySet[Case]:
    """The client's links for the API, newest change first (at most 200)."""
    return Case.objects.for_display().filter(client=client).order_by("-updated", "-pk")[:200]


def linkable(viewer: Any, user_ids: list[int]) -> set[int]:
    """Which of these members' profiles the viewer may open (to link their names)."""
    return set(
        Profile.objects.visible_to(viewer).filter(user__in=user_ids).values_list("user", flat=True)
    )


def consents_of(case: Case) -> QuerySet[Consent]:
    """A case's consent history, newest first, with who acted (at most 500)."""
    return case.consents.for_display()[:500]


# ------------------------------------------------------------------ the counsellor


def _agencies(size: int, ids: list[int]) -> QuerySet[Organization]:
    return Organization.objects.agencies().filter(pk__in=ids[:size])


# The counsellor's agencies, compiled once per number of them (the caseload's forms).
AGENCIES = CompiledQuery(_agencies, ids=Input.numbers)


def agencies_of(counsellor: Any) -> list[Organization]:
    """The agencies where `counsellor` works as a counsellor (the viewer's memberships),
    by name."""
    ids = sorted(viewer_of(counsellor).organization_ids(role=Role.COUNSELLOR))
    if not ids:
        return []
    if len(ids) > LIST_CAPACITY:
        return list(_agencies(len(ids), ids))
    return AGENCIES.run(len(ids), ids=ids)


def agency_names(ids: Any) -> dict[int, str]:
    """{id: name} of these organisations (one query): "who saw my data" names the agency
    of each reader (tremplin.privacy.access.agency_names, registered in hooks.py)."""
    return dict(Organization.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def counsels_anyone(user: Any) -> bool:
    """Whether `user` has ever been given a case (a former counsellor keeps the page)."""
    return Case.objects.filter(counsellor=user).exists()


def _with_status(cases: QuerySet[Any], status: str, moment: Moment) -> QuerySet[Any]:
    """The cases in `status`; when it is empty, the default view: the open ones and
    the closed ones still asking something of the counsellor (`default_view_q`: a
    follow-up due)."""
    return cases.filter(status=status) if status else cases.filter(default_view_q(moment))


def caseload_of(
    counsellor: Any,
    status: str = "",
    query: str = "",
    filters: Mapping[str, Any] | None = None,
    moment: Moment | None = None,
    for_page: bool = False,
) -> QuerySet[Any]:
    """The counsellor's own cases, newest change first, with the dashboard's columns
    (annotations other apps add, hence rows typed Any) as of `moment` (now); `status`
    empty means open ones, `filters` the caseload filters' values by name (casework's
    tags: the cases carrying all of them). The name search does not match an email
    invitation against its member's name. Rows as the API shows them, or with
    `for_page` as the page does (`Case.for_caseload_page`)."""
    moment = moment or Moment.current()
    mine = Case.objects.filter(counsellor=counsellor)
    rows = mine.for_caseload_page() if for_page else mine.for_caseload()
    found = _with_status(rows, status, moment)
    if query:
        by_email = Q(invited_email__icontains=query)
        by_name = Q(client__profile__display_name__icontains=query) & ~Q(
            status=CaseStatus.INVITED, invited_email__gt=""
        )
        found = found.filter(by_email | by_name)
    found = filtered(found, filters or {})
    return with_dashboard(found, moment).order_by("-updated", "-pk")


def _caseload_rows(
    variant: tuple[str, int], counsellor: Any, now: datetime, today: date
) -> QuerySet[Any]:
    status, offset = variant
    found = caseload_of(counsellor, status, moment=Moment(now, today), for_page=True)
    return found[offset : offset + CASES_PER_PAGE]


# A page of a caseload without a name or a filter, compiled once per status and page:
# building and compiling the columns' subqueries cost 7 ms of Python for SQL that runs
# in 4, and PostgreSQL planned it each time (1-1.5 ms).
CASELOAD_ROWS = CompiledQuery(
    _caseload_rows, counsellor=Input.user, now=Input.moment, today=Input.day
)


def _caseload_count(status: str, counsellor: Any, now: datetime, today: date) -> QuerySet[Any]:
    mine = _with_status(Case.objects.filter(counsellor=counsellor), status, Moment(now, today))
    return mine.order_by().values("counsellor").annotate(n=Count("pk")).values_list("n", flat=True)


# How many cases a plain caseload has, by status (one row, or none for no case).
CASELOAD_COUNT = CompiledQuery(
    _caseload_count, counsellor=Input.user, now=Input.moment, today=Input.day
)


class _PlainCaseload:
    """What a paginator reads of a caseload without a name or a filter: how many cases,
    and a page of them through `CASELOAD_ROWS` (the first `COMPILED_PAGES`)."""

    def __init__(self, counsellor: Any, status: str) -> None:
        self.counsellor = counsellor
        self.status = status

    def count(self) -> int:
        moment = Moment.current()
        found = CASELOAD_COUNT.run(
            self.status, counsellor=self.counsellor, now=moment.now, today=moment.today
        )
        return sum(found)

    def __getitem__(self, bounds: slice) -> list[Any]:
        offset, stop = bounds.start or 0, bounds.stop
        if offset >= COMPILED_PAGES * CASES_PER_PAGE or stop - offset > CASES_PER_PAGE:
            return list(caseload_of(self.counsellor, self.status, for_page=True)[bounds])
        moment = Moment.current()
        rows = CASELOAD_ROWS.run(
            (self.status, offset), counsellor=self.counsellor, now=moment.now, today=moment.today
        )
        return rows[: stop - offset]


def caseload_page(
    counsellor: Any,
    status: str = "",
    query: str = "",
    filters: Mapping[str, Any] | None = None,
    number: Any = None,
) -> Page:
    """One page of `caseload_of(..., for_page=True)` (`number` as the address gives it: a
    wrong one is the first page, one past the end the last)."""
    if query or any((filters or {}).values()):
        found: Any = caseload_of(counsellor, status, query, filters, for_page=True)
    else:
        found = _PlainCaseload(counsellor, status)
    return Paginator(found, CASES_PER_PAGE).get_page(number)


# ------------------------------------------------------------------ the agency admin


def agency_or_404(slug: str) -> Organization:
    return get_object_or_404(Organization.objects.agencies(), slug=slug)


def admin_agency_or_404(admin: Any, slug: str) -> Organization:
    """An agency `admin` administers, else 404."""
    agency = agency_or_404(slug)
    if not is_agency_admin(admin, agency):
        raise Http404
    return agency


def counsellors_of(agency: Organization) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organization=agency, memberships__role=Role.COUNSELLOR, is_active=True
        )
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def open_cases_of(agency: Organization) -> QuerySet[Case]:
    """The agency's open cases as its admin sees them, by counsellor."""
    return (
        Case.objects.open()
        .filter(agency=agency)
        .for_reassignment()
        .order_by("counsellor__profile__display_name", "pk")
    )
