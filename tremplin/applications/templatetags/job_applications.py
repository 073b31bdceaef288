"""`{% posting_actions posting as actions %}`: what the posting page's panel
(`applications/_posting_actions.html`, registered in hooks.py as a panel of the posting
page) shows to the viewer.

For the client who received the posting and has not opened it yet, the panel POSTs
their first opening at once (htmx, on load, to `applications:opened`): the posting page
is where every route to a forwarded posting ends (the notification, the email, the list,
search), so it is the one robust place to notice it; rendering it changes nothing (a
GET never does).
"""

from __future__ import annotations

from typing import Any

from django import template

from tremplin.applications import apply_queries, queries
from tremplin.applications.models import TRANSITIONS, Application, ApplicationStatus, Forward
from tremplin.applications.views import respond_form
from tremplin.jobs.models import ApplyMethod, Posting

register = template.Library()


@register.simple_tag(takes_context=True)
def posting_actions(context: template.Context, posting: Posting | None) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or posting is None:
        return {"signed_in": False}
    forward = (
        Forward.objects.filter(posting=posting, client=user)
        .select_related("counsellor__profile")
        .first()
    )
    application = Application.objects.filter(posting=posting, client=user).first()
    counsellor = queries.forwardable_cases(user).exists()
    here = posting.apply_method == ApplyMethod.HERE
    return {
        "signed_in": True,
        "forward": forward,
        "respond_form": respond_form(forward) if forward is not None else None,
        "application": application,
        "can_apply": application is not None
        and TRANSITIONS.allows(application.status, ApplicationStatus.APPLIED),
        "counsellor": counsellor,
        "is_open": posting.is_open,
        "rows": queries.status_rows(user, posting) if counsellor else [],
        # Applying here, on Tremplin: the applicant's button or what they sent, and the
        # receivers' inbox link.
        "apply_here": here,
        "submission": apply_queries.sent_for(user, posting) if here else None,
        "receives": here and apply_queries.receives_for(user, posting),
    }
