"""A session's .ics (accepted sessions only), written by `tremplin.core.ics`: the page and
the API both answer with it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.core.ics import Event, calendar
from tremplin.mentoring.models import Session, SessionStatus


def ics_response(request: HttpRequest, session: Session) -> HttpResponse:
    if session.status != SessionStatus.ACCEPTED:
        raise Http404
    m = session.mentorship
    other = m.other_party(request.user)
    event = Event(
        uid=f"mentoring-session-{session.pk}@tremplin",
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("Mentoring session with %(name)s") % {"name": other.display_name},
        location=session.link or session.place,
        description=session.agenda,
        url=request.build_absolute_uri(m.get_absolute_url()),
    )
    language = (get_language() or "fr")[:2]
    body = calendar(event, method="REQUEST", language=language, product="Mentoring")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-session-{session.pk}.ics"'
    return response
