"""The read path of case work: the one case, note, referral or follow-up a page or the
API acts on (else 404: the case's CURRENT counsellor only), the lists they show, the
agency's follow-up months, and the caseload's columns and tag filter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tremplin.casework.models import (
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    FollowUpSchedule,
    FollowUpStatus,
    NoteRevision,
    Referral,
    served_case_q,
)
from tremplin.core.compiled import LIST_CAPACITY, CompiledQuery, Input
from tremplin.core.reads import visible_or_404
from tremplin.counselling.models import Case
from tremplin.counselling.sections import Moment
from tremplin.organizations.models import Organization

DEFAULT_FOLLOW_UP_MONTHS = [3, 6, 12]
# The most a case page shows and the API lists.
NOTES_SHOWN = 100
REFERRALS_SHOWN = 100
LISTED = 500
REVISIONS_LISTED = 1000
TAGS_LISTED = 1000

# ------------------------------------------------------------------ one thing, or 404


def served_case_or_404(viewer: Any, pk: int) -> Case:
    """The case if the viewer is its current counsellor (served, not an invitation); a
    404 for everyone else (the client and the agency's admins included), as for a case
    that does not exist."""
    return visible_or_404(
        Case.objects.filter(served_case_q(viewer, "")).for_caseload(),
        pk=pk,
    )


def note_or_404(viewer: Any, pk: int) -> CaseNote:
    return visible_or_404(CaseNote.objects.for_display().visible_to(viewer).with_case(), pk=pk)


def referral_or_404(viewer: Any, pk: int) -> Referral:
    return visible_or_404(Referral.objects.visible_to(viewer).with_case(), pk=pk)


def follow_up_or_404(viewer: Any, pk: int) -> FollowUp:
    return visible_or_404(FollowUp.objects.visible_to(viewer).with_case(), pk=pk)


def agency_or_404(slug: str) -> Organization:
    return visible_or_404(Organization.objects.agencies(), slug=slug)


# ------------------------------------------------------------------ a case's work


def record_of(case: Case) -> CaseRecord | None:
    """The case's record, if anyone wrote one (callers already hold the case)."""
    return CaseRecord.objects.filter(case=case).first()


def visible_record(viewer: Any, case: Case) -> CaseRecord | None:
    return CaseRecord.objects.visible_to(viewer).filter(case=case).first()


def notes_of(viewer: Any, case: Case) -> QuerySet[CaseNote]:
    """The notes for the API, newest contact first."""
    return CaseNote.objects.visible_to(viewer).filter(case=case).for_display()[:LISTED]


def notes_with_history(viewer: Any, case: Case) -> list[CaseNote]:
    """The notes for the case page, each with every version."""
    found = CaseNote.objects.visible_to(viewer).filter(case=case).with_history()
    return list(found[:NOTES_SHOWN])


def revisions_of(viewer: Any, note: CaseNote) -> QuerySet[NoteRevision]:
    return (
        NoteRevision.objects.visible_to(viewer).filter(note=note).for_display()[:REVISIONS_LISTED]
    )


def referrals_of(viewer: Any, case: Case, limit: int = LISTED) -> QuerySet[Referral]:
    return Referral.objects.visible_to(viewer).filter(case=case).for_display()[:limit]


def fresh_referral(referral: Referral) -> Referral:
    return Referral.objects.for_display().get(pk=referral.pk)


def follow_ups_of(viewer: Any, case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.visible_to(viewer).filter(case=case)


# ------------------------------------------------------------------ the agency


def record_tags(agency: Organization, record: CaseRecord | None) -> list[CaseTag]:
    """The agency's tags (the record form's choices), each with `chosen`: whether the
    record carries it, in one query (the services put only the case's own agency's tags
    on its record)."""
    found = CaseTag.objects.filter(agency=agency)
    if record is None:
        return list(found.annotate(chosen=Value(False)))
    carried = CaseRecord.tags.through.objects.filter(caserecord=record, casetag=OuterRef("pk"))
    return list(found.annotate(chosen=Exists(carried)))


def agency_tags(viewer: Any, agency: Organization) -> QuerySet[CaseTag]:
    """The agency's tags, if the viewer counsels there (else none)."""
    return CaseTag.objects.visible_to(viewer).filter(agency=agency)


def tag_named(agency: Organization, kind: str, name: str) -> CaseTag | None:
    """The agency's tag of that kind and name (white space folded, case ignored)."""
    return (
        CaseTag.objects.filter(agency=agency, kind=kind)
        .filter(name__iexact=" ".join(name.split()))
        .first()
    )


def services_used(agency: Organization) -> list[str]:
    """The services the agency's records already name (for the form's <datalist>)."""
    return list(
        CaseRecord.objects.filter(case__agency=agency)
        .exclude(service="")
        .values_list("service", flat=True)
        .distinct()
        .order_by("service")[:200]
    )


def default_months() -> list[int]:
    """settings.CASEWORK_FOLLOW_UP_MONTHS, or 3, 6 and 12 months."""
    months = getattr(settings, "CASEWORK_FOLLOW_UP_MONTHS", DEFAULT_FOLLOW_UP_MONTHS)
    return sorted({int(m) for m in months})


def schedule_of(agency: Organization) -> FollowUpSchedule | None:
    """The agency's own follow-up months, if it set them."""
    return FollowUpSchedule.objects.filter(agency=agency).first()


def months_for(agency_id: int) -> list[int]:
    found = FollowUpSchedule.objects.filter(agency_id=agency_id).values_list("months", flat=True)
    for months in found:
        return list(months)
    return default_months()


# The case page's sentence "follow-ups are planned after 3, 6, 12 months" reads the
# agency's months from the cache (a minute at most; `set_schedule` forgets them when it
# commits): the query it spared pays for the page's "who saw my data" record.
MONTHS_SHOWN_SECONDS = 60


def months_key(agency_id: int) -> str:
    return f"casework:follow-up-months:{agency_id}"


def months_shown(agency_id: int) -> list[int]:
    """`months_for`, kept a minute per agency: for display only (the follow-ups
    themselves are planned from `months_for`)."""
    found = cache.get(months_key(agency_id))
    if found is None:
        found = months_for(agency_id)
        cache.set(months_key(agency_id), found, MONTHS_SHOWN_SECONDS)
    return list(found)


# ------------------------------------------------------------------ the caseload


def due_follow_up_q(moment: Moment) -> Q:
    """Cases with a pending follow-up due today or before: a closed case stays in the
    counsellor's default caseload until its follow-ups are recorded (the clock
    announced each one the day it fell due)."""
    due = FollowUp.objects.filter(
        case=OuterRef("pk"), status=FollowUpStatus.PENDING, due_on__lte=moment.today
    )
    return Q(Exists(due))


def annotate_caseload(cases: QuerySet[Case], moment: Moment | None = None) -> QuerySet[Case]:
    """Two columns for the counsellor's caseload, still one query:

    - `overdue_follow_ups`: pending follow-ups whose due date is today or past (the day
      the clock announces a follow-up, it counts here too);
    - `last_note_at`: the date of the latest contact noted (`contact_on`), or None.
    """
    today = (moment or Moment.current()).today
    overdue = (
        FollowUp.objects.filter(
            case=OuterRef("pk"), status=FollowUpStatus.PENDING, due_on__lte=today
        )
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = (
        CaseNote.objects.filter(case=OuterRef("pk"))
        .order_by("-contact_on")
        .values("contact_on")[:1]
    )
    return cases.annotate(
        overdue_follow_ups=Coalesce(
            Subquery(overdue, output_field=IntegerField()), Value(0), output_field=IntegerField()
        ),
        last_note_at=Subquery(latest),
    )


def _a_tag_of(size: int, ids: list[int]) -> QuerySet[Any]:
    return CaseTag.objects.filter(agency__in=ids[:size]).order_by().values_list("pk")[:1]


# Whether the caseload's agencies have tags (its filter is shown), by number of agencies.
A_TAG_OF = CompiledQuery(_a_tag_of, ids=Input.numbers)


def agencies_have_tags(agencies: list[Organization]) -> bool:
    """Whether any of these agencies has a tag."""
    ids = [agency.pk for agency in agencies]
    if not ids:
        return False
    if len(ids) > LIST_CAPACITY:
        return CaseTag.objects.filter(agency__in=ids).exists()
    return bool(A_TAG_OF.run(len(ids), ids=ids))


def filter_by_tags(cases: QuerySet[Case], tag_ids: Iterable[int]) -> QuerySet[Case]:
    """The cases whose record carries ALL of `tag_ids` (one EXISTS per tag)."""
    through = CaseRecord.tags.through
    for tag_id in sorted({int(t) for t in tag_ids}):
        cases = cases.filter(
            Exists(through.objects.filter(caserecord__case=OuterRef("pk"), casetag_id=tag_id))
        )
    return cases


def _tags_of(ids: Any) -> QuerySet[Any]:
    """The (record, tag) links of these cases (ids, or a subquery of them), by tag."""
    return (
        CaseRecord.tags.through.objects.filter(caserecord__case__in=ids)
        .select_related("casetag", "caserecord")
        .order_by("casetag__kind", "casetag__name")
    )


def _tags_of_page(size: int, ids: list[int]) -> QuerySet[Any]:
    return _tags_of(ids[:size])


# The tags of a page of cases (the caseload's rows), compiled once per number of cases:
# building the query cost more Python than PostgreSQL took to answer it.
TAGS_OF_PAGE = CompiledQuery(_tags_of_page, ids=Input.numbers)


def tags_for(cases: QuerySet[Case] | Iterable[Case]) -> dict[int, list[CaseTag]]:
    """{case id: [tags]} for the cases given (a queryset, a page of one, or a list), in
    one query."""
    rows: Iterable[Any]
    if isinstance(cases, QuerySet) and not cases.query.is_sliced:
        rows = _tags_of(cases.order_by().values("pk"))
    else:
        # A page (a sliced queryset) is evaluated here and keeps its rows in its cache,
        # so the caller iterating it afterwards costs no second query.
        ids = [c.pk for c in cases]
        if not ids:
            return {}
        fits = len(ids) <= LIST_CAPACITY
        rows = TAGS_OF_PAGE.run(len(ids), ids=ids) if fits else _tags_of(ids)
    found: dict[int, list[CaseTag]] = {}
    for row in rows:
        found.setdefault(row.caserecord.case_id, []).append(row.casetag)
    return found
