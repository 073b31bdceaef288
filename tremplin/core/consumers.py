"""The websocket edge: async here only; domain code stays synchronous.

Each signed-in user listens on the group `user-<id>`; services send events to it with
`tremplin.core.realtime.send_to_user` after their transaction commits. Each socket also
listens on its session's group: when the session ends (sign-out, revocation), its
sockets are closed (`tremplin.core.realtime.close_session_sockets`), so that no event
reaches a browser signed out. A socket opens only when every channel guard
(`core.hooks.channel_guards`: the second factor, turned on where a role requires it and
passed by this session) lets the session through, as pages and the API do.
"""

import hashlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from tremplin.core import hooks

SIGNED_OUT = 4401  # the close code of a socket without (or no longer with) a session
GUARDED = 4403  # the session must first pass a guard (the second factor)


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def session_group(session_key: str) -> str:
    """A session's group, named by a digest: the key itself is a credential and stays out
    of the channel layer (Redis)."""
    return "session-" + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def guards_pass(scope: dict[str, Any]) -> bool:
    user, session = scope.get("user"), scope.get("session")
    return not any(guard(user, session) for guard in hooks.channel_guards)


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=SIGNED_OUT)
            return
        if not await database_sync_to_async(guards_pass)(self.scope):
            await self.close(code=GUARDED)
            return
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        self.groups_joined = [user_group(user.pk)] + ([session_group(key)] if key else [])
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello"})

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=SIGNED_OUT)

    async def user_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])
