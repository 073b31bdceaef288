from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE:
        return [
            Warning(
                "TREMPLIN_DEMO_MODE is on: multi-factor authentication is not enforced.",
                hint="Unset TREMPLIN_DEMO_MODE outside a local try-out.",
                id="tremplin.W001",
            )
        ]
    return []
