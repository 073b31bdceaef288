"""The "Jobs and applications" section of the case page (see
tremplin/counselling/sections.py): the postings sent within this case (to the client
and the case's current counsellor, through `Forward.objects.visible_to`), and for the
counsellor the client's applications, only while the case grants the applications scope
(`Application.objects.visible_to`). An agency admin sees nothing of it."""

from __future__ import annotations

from tremplin.applications.models import Application, Forward
from tremplin.counselling.models import CaseStatus, Scope

SHOWN = 50


def case_section(request, case, role):
    if role not in ("client", "counsellor") or case.status == CaseStatus.INVITED:
        return None
    viewer = request.user
    forwards = list(
        Forward.objects.visible_to(viewer).filter(case=case).select_related("posting")[:SHOWN]
    )
    shares = role == "counsellor" and case.grants(Scope.APPLICATIONS)
    applications = (
        list(
            Application.objects.visible_to(viewer)
            .filter(client=case.client_id)
            .select_related("posting")[:SHOWN]
        )
        if shares
        else []
    )
    return {
        "template": "applications/_case_section.html",
        "role": role,
        "forwards": forwards,
        "shares_applications": shares,
        "applications": applications,
    }
