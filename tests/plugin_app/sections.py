"""The agency's published notices on the case page (client and counsellor)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tests.plugin_app.models import Notice


def case_section(request: HttpRequest, case: Any, role: str) -> dict[str, Any] | None:
    if role not in ("client", "counsellor"):
        return None
    notices = Notice.objects.visible_to(request.user).filter(agency_id=case.agency_id)[:5]
    return {"template": "noticeboard/_case_section.html", "notices": list(notices)}
