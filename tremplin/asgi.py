"""One ASGI application for pages, API and websockets (uvicorn serves it): HTTP runs
through Django's synchronous handler in worker threads (tremplin.core.http), websockets
through Channels."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
django.setup(set_prefix=False)  # what Django's get_asgi_application() starts with

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from tremplin.core.http import SyncHTTPApplication  # noqa: E402
from tremplin.core.memory import settle  # noqa: E402
from tremplin.core.routing import websocket_urlpatterns  # noqa: E402
from tremplin.core.websockets import SameOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": SyncHTTPApplication(),
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What the process keeps until it ends is loaded: see tremplin.core.memory.
settle()
