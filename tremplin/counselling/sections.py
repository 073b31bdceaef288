"""The case page (`counselling:case`) is assembled from sections that other apps provide,
so counselling does not need to know about plans, appointments, case notes or surveys.

Each provider is a function `case_section(request, case, role)` where `role` is
"client", "counsellor" or "admin" (see `Case.role_of`). It returns None when the viewer
has nothing to see there, else a dict with "template" (the partial to include) and the
partial's context. A provider decides itself who sees what, through its models'
`visible_to`: the page only lays the sections out, in this order.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

# Functions `annotate_caseload(cases) -> cases` adding the caseload dashboard's columns:
# next_appointment_at, last_appointment_at, open_plan_items, overdue_plan_items,
# overdue_follow_ups, last_note_at, documents_to_review. Each adds subqueries, so the
# page stays one query for the cases.
CASELOAD_ANNOTATIONS = [
    "tremplin.plans.services.annotate_caseload",
    "tremplin.appointments.services.annotate_caseload",
    "tremplin.casework.services.annotate_caseload",
    "tremplin.vault.services.annotate_caseload",
    "tremplin.applications.services.annotate_caseload",
]

PROVIDERS = [
    "tremplin.plans.sections.case_section",
    "tremplin.appointments.sections.case_section",
    "tremplin.casework.sections.case_section",
    "tremplin.outcomes.sections.case_section",
    "tremplin.applications.sections.case_section",
]


@cache
def providers():
    return [import_string(path) for path in PROVIDERS]


@cache
def caseload_annotations():
    return [import_string(path) for path in CASELOAD_ANNOTATIONS]


def with_dashboard(cases):
    """The caseload queryset with every app's dashboard columns."""
    for annotate in caseload_annotations():
        cases = annotate(cases)
    return cases


def sections_for(request, case, role: str) -> list[dict]:
    found = []
    for provider in providers():
        section = provider(request, case, role)
        if section is not None:
            found.append(section)
    return found
