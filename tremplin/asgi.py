"""One ASGI application for pages, API and websockets (uvicorn serves it): HTTP runs
through Django's synchronous handler in worker threads (tremplin.core.http), websockets
through Channels."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
django.setup(set_prefix=False)  # what Django's get_asgi_application() starts with

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from tremplin.core.http import SyncHTTPApplication  # noqa: E402
from tremplin.core.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": SyncHTTPApplication(),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Everything loaded so far lives as long as the process: moved out of the collector's
# reach, a full collection scans what requests create (about 1 ms) instead of the whole
# of Django and the app (160 ms, measured: a request that met one waited that long).
gc.collect()
gc.freeze()

# The first generation is collected every 5,000 allocations instead of 700. A page
# allocates tens of thousands of objects, and with several requests in flight each young
# collection found other requests' objects alive and promoted them; the oldest generation
# filled with request garbage, and the full collections that followed made the slowest
# percent of pages wait. Measured (bench/README.md, feed API page 1, 4 clients): p99
# 48-59 ms at 700, 20-24 ms at 5,000, for the same throughput.
gc.set_threshold(5_000, 10, 10)
