from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from tremplin.core.consumers import user_group


def send_to_user(user_id: int, payload: dict) -> None:
    """Push an event to every open tab of one user, on any server (channel layer)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(
            user_group(user_id), {"type": "user.event", "payload": payload}
        )
