"""The projects API under /api/v1/projects: one router per part, each a thin adapter
over `queries` and `services`."""

from ninja import Router

from tremplin.projects.api import inside, projects

router = Router(tags=["projects"])
for part in (projects, inside):
    router.add_router("", part.router)
