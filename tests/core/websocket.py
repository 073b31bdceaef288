"""A small websocket test client.

channels.testing.WebsocketCommunicator would do, but importing channels.testing pulls in
daphne (for its live-server test case), which Tremplin does not install: it is served
by uvicorn. This is the same thing on top of asgiref's ApplicationCommunicator.
"""

from __future__ import annotations

import json
from unittest import mock

from asgiref.testing import ApplicationCommunicator


def _no_op() -> None:
    pass


class WebsocketClient(ApplicationCommunicator):
    """As in channels.testing: the consumer must not close the test's database
    connection between messages."""

    def __init__(self, application, path: str, headers: list[tuple[bytes, bytes]]):
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout: float = 5) -> tuple[bool, int | None]:
        """(True, None) when accepted; (False, close code) when refused."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        return True, None

    async def receive_json(self, timeout: float = 5):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 5) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)

    async def send_input(self, message):
        with mock.patch("channels.db.close_old_connections", _no_op):
            return await super().send_input(message)

    async def receive_output(self, timeout: float = 1):
        with mock.patch("channels.db.close_old_connections", _no_op):
            return await super().receive_output(timeout)
