"""Communities API: the threads part (filled by its builder)."""

from ninja import Router

router = Router(tags=["communities"])
