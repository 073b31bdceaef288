"""The mentoring API under /api/v1/mentoring: one router per part, each a thin adapter
over `queries` and `services`."""

from ninja import Router

from tremplin.mentoring.api import (
    hub,
    matching,
    mentorships,
    programme_edit,
    programmes,
    sessions,
)

router = Router(tags=["mentoring"])
# programme_edit adds its endpoints to programmes' router (one view per path).
assert programme_edit.router is programmes.router
for part in (mentorships, programmes, matching, hub, sessions):
    router.add_router("", part.router)
