"""`{% posting_actions posting as actions %}`: what the posting page's panel
(`applications/_posting_actions.html`) shows to the viewer.

Rendering it for the client who received the posting records their first opening
(`services.mark_posting_opened`: one conditional UPDATE): the posting page is where
every route to a forwarded posting ends (the notification, the email, the list,
search), so this is the one robust place to notice it.
"""

from __future__ import annotations

from django import template

from tremplin.applications import services
from tremplin.applications.models import Application, ApplicationStatus, Forward
from tremplin.applications.views import _respond_form

register = template.Library()


@register.simple_tag(takes_context=True)
def posting_actions(context, posting) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or posting is None:
        return {"signed_in": False}
    services.mark_posting_opened(user, posting)
    forward = (
        Forward.objects.filter(posting=posting, client=user)
        .select_related("counsellor__profile")
        .first()
    )
    application = Application.objects.filter(posting=posting, client=user).first()
    counsellor = services.forwardable_cases(user).exists()
    return {
        "signed_in": True,
        "forward": forward,
        "respond_form": _respond_form(forward) if forward is not None else None,
        "application": application,
        "can_apply": application is not None and application.allowed(ApplicationStatus.APPLIED),
        "counsellor": counsellor,
        "is_open": posting.is_open,
        "rows": services.status_rows(user, posting) if counsellor else [],
    }
