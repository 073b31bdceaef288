from django_tasks import task

from tremplin.core.realtime import send_to_user
from tremplin.notifications.models import Notification


@task()
def deliver(notification_id: int) -> None:
    """Push the new unread count to every open tab of the recipient. Takes an id, so a
    retry after a crash is safe. (Email delivery: being built by the notifications work.)"""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return
    unread = Notification.objects.filter(
        recipient_id=notification.recipient_id, read_at__isnull=True
    ).count()
    send_to_user(
        notification.recipient_id,
        {
            "type": "notification",
            "id": notification.pk,
            "kind": notification.kind,
            "unread": unread,
        },
    )
