"""The one way to tell a member something happened: `notify`.

Call it inside the transaction of the cause (a comment, a request...). It writes the
durable row (or merges it into an unread row with the same `group_key`), and schedules
delivery with `transaction.on_commit`: nothing is pushed or emailed for a cause that
rolled back, and the queued task takes only the row's id, so a retry is safe.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tremplin.notifications.models import (
    DEFAULTS,
    Delivery,
    EmailState,
    Kind,
    Notification,
    Preference,
)


def delivery_for(user, kind: str) -> str:
    chosen = (
        Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    )
    return chosen or DEFAULTS[kind]


def _blocked_either_way(a, b) -> bool:
    from tremplin.network.models import Block

    return Block.objects.between_either_way(a, b).exists()


def notify(
    recipient,
    kind: Kind | str,
    *,
    actor=None,
    target=None,
    group_key: str = "",
    data: dict | None = None,
) -> Notification | None:
    """Record one notification for `recipient` and schedule its delivery after commit.

    Returns None (and records nothing) when the recipient is the actor, when either has
    blocked the other, when the recipient is inactive, or when they turned this kind off.
    """
    kind = Kind(kind)
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    if actor is not None and _blocked_either_way(recipient, actor):
        return None
    delivery = delivery_for(recipient, kind)
    if delivery == Delivery.OFF:
        return None
    email_state = {
        Delivery.EMAIL: EmailState.PENDING,
        Delivery.DIGEST: EmailState.DIGEST,
    }.get(Delivery(delivery), EmailState.NONE)
    target_fields = {}
    if target is not None:
        target_fields = {
            "target_type": ContentType.objects.get_for_model(target),
            "target_id": target.pk,
        }
    with transaction.atomic():
        notification = None
        if group_key:
            notification = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
                .first()
            )
        if notification is not None:
            Notification.objects.filter(pk=notification.pk).update(
                count=F("count") + 1,
                actor=actor,
                data=data or notification.data,
                updated=timezone.now(),
            )
            notification.refresh_from_db()
        else:
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                actor=actor,
                group_key=group_key,
                data=data or {},
                email_state=email_state,
                **target_fields,
            )
        notification_id = notification.pk
        transaction.on_commit(lambda: _schedule_delivery(notification_id))
    return notification


def _schedule_delivery(notification_id: int) -> None:
    from tremplin.notifications.tasks import deliver

    deliver.enqueue(notification_id)
