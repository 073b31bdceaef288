"""The one way to tell a member something happened: `notify`; and the member's own
actions on their notifications (read, read all, preferences, unsubscribe).

Call `notify` inside the transaction of the cause (a comment, a request...). It writes
the durable row (or merges it into an unread row with the same `group_key`), and
schedules delivery with `transaction.on_commit`: nothing is pushed or emailed for a cause
that rolled back, and the queued task takes only the row's id, so a retry is safe.

Notifications sits below the apps that raise them: it knows a kind by its key (the app
declared it in `kinds`), a target as any model instance, and who does not want to hear
from whom through the viewer's relations (`core.viewer`: blocks and mutes, provided by
the network).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models import Model as DjangoModel
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.core.realtime import push_after_commit, send_to_user
from tremplin.core.viewer import viewer_of
from tremplin.notifications import kinds, tasks
from tremplin.notifications.models import Delivery, EmailState, Notification, Preference
from tremplin.notifications.queries import preferences_of, unread_count

# How many distinct recent actors a merged row remembers (to count people, not events).
RECENT_ACTORS = 50

EMAIL_STATE_FOR = {
    Delivery.EMAIL: EmailState.PENDING,
    Delivery.DIGEST: EmailState.DIGEST,
}


def delivery_for(user: Any, kind: str) -> str:
    """How `user` hears about `kind`: their choice, else the kind's default."""
    chosen = (
        Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    )
    return chosen or _default(kind)


def _default(kind: str) -> str:
    found = kinds.get(kind)
    if found is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    return found.default


def _silenced(recipient: Any, actor: Any) -> bool:
    """Whether the recipient does not hear from the actor: a block either way, or a
    mute (core.viewer's relations, owned by the network)."""
    viewer = viewer_of(recipient)
    return viewer.blocks_either_way(actor.pk) or actor.pk in viewer.muted_ids


def _wanted_delivery(recipient: Any, kind: str, actor: Any) -> str | None:
    """The delivery of this notification, or None when it is not recorded at all: the
    recipient is the actor, is inactive, does not hear from the actor, or turned the
    kind off."""
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    if actor is not None and _silenced(recipient, actor):
        return None
    delivery = delivery_for(recipient, kind)
    return None if delivery == Delivery.OFF else delivery


def notify(
    recipient: Any,
    kind: str,
    *,
    actor: Any = None,
    target: DjangoModel | None = None,
    group_key: str = "",
    data: dict[str, Any] | None = None,
) -> Notification | None:
    """Record one notification for `recipient` and schedule its delivery after commit.

    Returns None (and records nothing) when the recipient is the actor, when either has
    blocked the other, when the recipient muted the actor, when the recipient is
    inactive, or when they turned this kind off.
    """
    if not kinds.known(kind):
        raise ValueError(f"unknown notification kind {kind!r}")
    delivery = _wanted_delivery(recipient, kind, actor)
    if delivery is None:
        return None
    email_state = EMAIL_STATE_FOR.get(Delivery(delivery), EmailState.NONE)
    with transaction.atomic():
        notification = None
        if group_key:
            notification = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
                .first()
            )
        if notification is not None:
            _merge(notification, actor, data, email_state)
        else:
            notification = _create(recipient, kind, actor, target, group_key, data, email_state)
        notification_id = notification.pk
        push_after_commit(_push_count, recipient.pk, id=notification_id, kind=str(kind))
        transaction.on_commit(lambda: tasks.deliver.enqueue(notification_id))
    return notification


def _create(
    recipient: Any,
    kind: str,
    actor: Any,
    target: DjangoModel | None,
    group_key: str,
    data: dict[str, Any] | None,
    email_state: str,
) -> Notification:
    target_fields: dict[str, Any] = {}
    if target is not None:
        target_fields = {
            "target_type": ContentType.objects.get_for_model(target),
            "target_id": target.pk,
        }
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        group_key=group_key,
        data=data or {},
        recent_actor_ids=[actor.pk] if actor is not None else [],
        email_state=email_state,
        email_round=1 if email_state != EmailState.NONE else 0,
        **target_fields,
    )


def _merge(
    notification: Notification, actor: Any, data: dict[str, Any] | None, email_state: str
) -> None:
    """One more event on an unread row (the row is locked by the caller)."""
    recent = list(notification.recent_actor_ids or [])
    changes: dict[str, Any] = {"count": F("count") + 1, "updated": timezone.now()}
    if actor is not None:
        if actor.pk not in recent:
            changes["actor_count"] = F("actor_count") + 1
        else:
            recent.remove(actor.pk)
        changes["recent_actor_ids"] = [actor.pk, *recent][:RECENT_ACTORS]
        changes["actor"] = actor
    if data:
        changes["data"] = data
    # An email already sent (or none asked for) is asked again for the new event; one
    # still waiting (pending, digest, held) will carry the merged text; one being sent
    # now is left alone. Both moves (none or sent → pending or digest) are in
    # EMAIL_TRANSITIONS; the row is locked, so the UPDATE needs no condition.
    if email_state != EmailState.NONE and notification.email_state in (
        EmailState.NONE,
        EmailState.SENT,
    ):
        changes.update(email_state=email_state, email_round=F("email_round") + 1)
    Notification.objects.filter(pk=notification.pk).update(**changes)
    notification.refresh_from_db()


# ------------------------------------------------------------------ the live count


def _push_count(user_id: int, **about: Any) -> None:
    """Push the member's unread count to every open tab (`about`: the new
    notification's id and kind, when there is one)."""
    user = User.objects.filter(pk=user_id).first()
    send_to_user(user_id, {"type": "notification", **about, "unread": unread_count(user)})


def push_unread(user_id: int) -> None:
    """Tell every open tab of the member their new unread count (after commit)."""
    push_after_commit(_push_count, user_id)


# ------------------------------------------------------------------ reading


@transaction.atomic
def mark_read(user: Any, notification: Notification) -> bool:
    """Mark one of the member's notifications read; False if it already was."""
    done = Notification.objects.filter(
        pk=notification.pk, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())
    if done:
        notification.read_at = timezone.now()
        push_unread(user.pk)
    return bool(done)


@transaction.atomic
def mark_all_read(user: Any) -> int:
    done = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if done:
        push_unread(user.pk)
    return done


# ------------------------------------------------------------------ preferences


@transaction.atomic
def set_preferences(user: Any, chosen: dict[str, str]) -> dict[str, str]:
    """Save the member's choice for the kinds given (the others keep theirs). Rows
    already waiting for an email that is no longer wanted stop waiting."""
    for kind, delivery in chosen.items():
        _default(kind), Delivery(delivery)  # refuse unknown values loudly
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
        _drop_unwanted_emails(user, kind, delivery)
    return preferences_of(user)


def _drop_unwanted_emails(user: Any, kind: str, delivery: str) -> None:
    waiting = Notification.objects.filter(recipient=user, kind=kind)
    if delivery != Delivery.EMAIL:
        waiting.move_email([EmailState.PENDING, EmailState.HELD], EmailState.NONE)
    if delivery != Delivery.DIGEST:
        waiting.move_email(EmailState.DIGEST, EmailState.NONE)


@transaction.atomic
def unsubscribe(user: Any, kind: str | None = None) -> list[str]:
    """Stop emails about `kind` (or, with None, about every kind): each kind that was
    emailed goes to in-app only. Returns the kinds changed. Idempotent."""
    current = preferences_of(user)
    asked = [kind] if kind else kinds.all_keys()
    changed = [k for k in asked if current[k] in (Delivery.EMAIL, Delivery.DIGEST)]
    set_preferences(user, dict.fromkeys(changed, Delivery.IN_APP))
    return changed
