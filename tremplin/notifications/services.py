"""The one way to tell a member something happened: `notify`; and the member's own
actions on their notifications (read, read all, preferences, unsubscribe).

Call `notify` inside the transaction of the cause (a comment, a request...). It writes
the durable row (or merges it into an unread row with the same `group_key`), and
schedules delivery with `transaction.on_commit`: nothing is pushed or emailed for a cause
that rolled back, and the queued task takes only the row's id, so a retry is safe.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tremplin.core.realtime import push_after_commit, send_to_user
from tremplin.core.viewer import viewer_of
from tremplin.notifications import kinds
from tremplin.notifications.models import (
    Delivery,
    EmailState,
    Notification,
    Preference,
)

# How many distinct recent actors a merged row remembers (to count people, not events).
RECENT_ACTORS = 50

EMAIL_STATE_FOR = {
    Delivery.EMAIL: EmailState.PENDING,
    Delivery.DIGEST: EmailState.DIGEST,
}


def delivery_for(user, kind: str) -> str:
    chosen = (
        Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    )
    return chosen or _default(kind)


def preferences_of(user) -> dict[str, str]:
    """Every kind with the delivery in force for `user` (their choice or the default)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.key: chosen.get(kind.key, kind.default) for kind in kinds.all_kinds()}


def _default(kind: str) -> str:
    found = kinds.get(kind)
    if found is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    return found.default


def _silenced(recipient, actor) -> bool:
    """Whether the recipient does not hear from the actor: a block either way, or a
    mute (core.viewer's relations, owned by the network)."""
    viewer = viewer_of(recipient)
    return viewer.blocks_either_way(actor.pk) or actor.pk in viewer.muted_ids


def notify(
    recipient,
    kind: str,
    *,
    actor=None,
    target=None,
    group_key: str = "",
    data: dict | None = None,
) -> Notification | None:
    """Record one notification for `recipient` and schedule its delivery after commit.

    Returns None (and records nothing) when the recipient is the actor, when either has
    blocked the other, when the recipient muted the actor, when the recipient is
    inactive, or when they turned this kind off.
    """
    if not kinds.known(kind):
        raise ValueError(f"unknown notification kind {kind!r}")
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    if actor is not None and _silenced(recipient, actor):
        return None
    delivery = delivery_for(recipient, kind)
    if delivery == Delivery.OFF:
        return None
    email_state = EMAIL_STATE_FOR.get(Delivery(delivery), EmailState.NONE)
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
            _merge(notification, actor, data, email_state)
        else:
            notification = Notification.objects.create(
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
        notification_id = notification.pk
        push_after_commit(_push_count, recipient.pk, id=notification_id, kind=str(kind))
        transaction.on_commit(lambda: _enqueue_email(notification_id))
    return notification


def _merge(notification: Notification, actor, data: dict | None, email_state: str) -> None:
    """One more event on an unread row (the row is locked by the caller)."""
    recent = list(notification.recent_actor_ids or [])
    changes: dict = {"count": F("count") + 1, "updated": timezone.now()}
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
    # still waiting (pending, digest) will carry the merged text; one being sent now
    # is left alone.
    if email_state != EmailState.NONE and notification.email_state in (
        EmailState.NONE,
        EmailState.SENT,
    ):
        changes.update(email_state=email_state, email_round=F("email_round") + 1)
    Notification.objects.filter(pk=notification.pk).update(**changes)
    notification.refresh_from_db()


def _enqueue_email(notification_id: int) -> None:
    """The email goes through the durable queue (the live push does not: see
    `tremplin.core.realtime`)."""
    from tremplin.notifications.tasks import deliver

    deliver.enqueue(notification_id)


# ------------------------------------------------------------------ reading


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


def _push_count(user_id: int, **about) -> None:
    """Push the member's unread count to every open tab (`about`: the new
    notification's id and kind, when there is one)."""
    from tremplin.accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    unread = unread_count(user) if user is not None else 0
    send_to_user(user_id, {"type": "notification", **about, "unread": unread})


def push_unread(user_id: int) -> None:
    """Tell every open tab of the member their new unread count (after commit)."""
    push_after_commit(_push_count, user_id)


@transaction.atomic
def mark_read(user, notification: Notification) -> bool:
    """Mark one of the member's notifications read; False if it already was."""
    done = Notification.objects.filter(
        pk=notification.pk, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())
    if done:
        notification.read_at = timezone.now()
        push_unread(user.pk)
    return bool(done)


@transaction.atomic
def mark_all_read(user) -> int:
    done = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if done:
        push_unread(user.pk)
    return done


# ------------------------------------------------------------------ preferences


@transaction.atomic
def set_preferences(user, chosen: dict[str, str]) -> dict[str, str]:
    """Save the member's choice for the kinds given (the others keep theirs). Rows
    already waiting for an email that is no longer wanted stop waiting."""
    for kind, delivery in chosen.items():
        _default(kind), Delivery(delivery)  # refuse unknown values loudly
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
        _drop_unwanted_emails(user, kind, delivery)
    return preferences_of(user)


def _drop_unwanted_emails(user, kind: str, delivery: str) -> None:
    waiting = Notification.objects.filter(recipient=user, kind=kind)
    if delivery != Delivery.EMAIL:
        waiting.filter(email_state__in=[EmailState.PENDING, EmailState.HELD]).update(
            email_state=EmailState.NONE
        )
    if delivery != Delivery.DIGEST:
        waiting.filter(email_state=EmailState.DIGEST).update(email_state=EmailState.NONE)


@transaction.atomic
def unsubscribe(user, kind: str | None = None) -> list[str]:
    """Stop emails about `kind` (or, with None, about every kind): each kind that was
    emailed goes to in-app only. Returns the kinds changed. Idempotent."""
    current = preferences_of(user)
    asked = [kind] if kind else kinds.all_keys()
    changed = [k for k in asked if current[k] in (Delivery.EMAIL, Delivery.DIGEST)]
    set_preferences(user, dict.fromkeys(changed, Delivery.IN_APP))
    return changed


def emails_kinds(user) -> list[str]:
    """The kinds the member still gets emails about."""
    return [k for k, d in preferences_of(user).items() if d in (Delivery.EMAIL, Delivery.DIGEST)]


def still_wanted(notification: Notification) -> bool:
    """At send time: is this email still allowed? The recipient is active and the row
    is still visible to them (no block or mute of the actor since). A change of
    preference already took the row out of "pending" (`set_preferences`)."""
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    return Notification.objects.visible_to(recipient).filter(pk=notification.pk).exists()


# ------------------------------------------------------------------ pages of notifications

PAGE_SIZE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    """A cursor that is not one we gave out."""


def cursor_of(notification: Notification) -> str:
    """Where the next page starts: after this row in (updated, id) descending order."""
    micros = (notification.updated - EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{notification.pk}"


MAX_PK = 2**63 - 1


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        micros, pk = (int(part) for part in cursor.split("."))
    except ValueError:
        raise BadCursor(cursor) from None
    if micros < 0 or not 0 <= pk <= MAX_PK:
        raise BadCursor(cursor)
    try:
        return EPOCH + timedelta(microseconds=micros), pk
    except OverflowError:  # past year 9999: after every row there is
        return datetime.max.replace(tzinfo=UTC), pk


def page_of(
    viewer, cursor: str = "", *, unread_only: bool = False, limit: int = PAGE_SIZE
) -> tuple[list[Notification], str | None]:
    """One page of the viewer's notifications, newest first, and the cursor of the next
    page (None at the end). Keyset pagination on the (recipient, updated, id) index, so
    a page costs the same however long the member's history."""
    found = Notification.objects.visible_to(viewer).select_related("actor__profile")
    if unread_only:
        found = found.unread()
    if cursor:
        updated, pk = _parse_cursor(cursor)
        found = found.filter(Q(updated__lt=updated) | Q(updated=updated, pk__lt=pk))
    rows = list(found.order_by("-updated", "-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (cursor_of(rows[-1]) if more and rows else None)
