"""Communities API: the resources part (filled by its builder)."""

from ninja import Router

router = Router(tags=["communities"])
