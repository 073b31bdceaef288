"""The communities API under /api/v1/communities: one router per part, each a thin
adapter over `queries` and `services`."""

from ninja import Router

from tremplin.communities.api import communities, directory, events, moderation, resources, threads

router = Router(tags=["communities"])
for part in (directory, communities, threads, events, resources, moderation):
    router.add_router("", part.router)
