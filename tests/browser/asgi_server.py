"""An ASGI live server for browser tests: uvicorn in a background thread, serving the
same application as production (pages, API and websockets) against the test database.

pytest-django's `live_server` speaks WSGI only, so a page's websocket could not connect;
this replaces it for tests/browser/ (same fixture name, same `.url`).
"""

from __future__ import annotations

import asyncio
import threading

import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.test.utils import modify_settings

from tests.conftest import free_port


class AsgiLiveServer:
    def __init__(self) -> None:
        from tremplin.asgi import application

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=self.port,
            lifespan="off",
            log_level="warning",
            ws="websockets-sansio",
            proxy_headers=False,  # as the Procfile: tremplin.core.http decides whom to believe
        )
        self.server = uvicorn.Server(config)
        # pytest-django's helper enables this around each test, as for its own server.
        self._live_server_modified_settings = modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"})
        self.thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)

    def _run(self) -> None:
        asyncio.run(self.server.serve())

    def start(self) -> None:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return
            threading.Event().wait(0.05)
        raise RuntimeError("the ASGI live server did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __str__(self) -> str:
        return self.url
