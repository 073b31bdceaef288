"""Communities API: the directory part (filled by its builder)."""

from ninja import Router

router = Router(tags=["communities"])
