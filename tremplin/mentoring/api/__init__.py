"""The mentoring API under /api/v1/mentoring: one router per part, each a thin adapter
over `queries` and `services`."""

from ninja import Router

from tremplin.mentoring.api import hub, matching, mentorships, programmes, sessions

router = Router(tags=["mentoring"])
for part in (mentorships, programmes, matching, hub, sessions):
    router.add_router("", part.router)
