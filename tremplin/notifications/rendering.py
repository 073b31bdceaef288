"""How a notification reads: a sentence in the READER's language (rendered at read time,
from kind + actor + counts + data, never stored as text), a link and an excerpt.

The sentences belong to the apps that raise each kind (`notifications.kinds`). Targets
come from every app (posts, comments, messages...), so they are handled generically: a
target is shown (link and excerpt) only while the reader may still see it, as its
model's own `visible_to` says; a deleted target, or one with no visibility rule at all,
is rendered without link or excerpt (deny by default). A few kinds link to the reader's
own pages (their invitations, their profile), which leak nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from tremplin.notifications import kinds
from tremplin.notifications.models import Notification

EXCERPT_MAX = 160


@dataclass
class Rendered:
    notification: Notification
    text: str
    url: str | None
    excerpt: str

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def text_of(notification: Notification) -> str:
    """The sentence, in the language active now (the reader's)."""
    actor = notification.actor
    name = actor.display_name if actor is not None else _("Someone")
    data = notification.data if isinstance(notification.data, dict) else {}
    others = max(notification.actor_count - 1, 0)
    return kinds.sentence(notification.kind, name, others, notification.count, data)


# ------------------------------------------------------------------ targets


def _visible_objects(viewer, model, ids: set[int]) -> dict[int, object]:
    """The targets of one model that `viewer` may still see, by the model's own rule,
    `visible_to(viewer)` on its QuerySet; a model without one shows nothing."""
    manager = model._default_manager
    if not callable(getattr(manager, "visible_to", None)):
        return {}
    return {obj.pk: obj for obj in manager.visible_to(viewer).filter(pk__in=ids)}


def visible_targets(viewer, notifications: Iterable[Notification]) -> dict[tuple[int, int], object]:
    """{(content type id, object id): object} for every target the viewer may see; one
    query per model, whatever the number of notifications."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for n in notifications:
        if n.target_type_id and n.target_id:
            wanted[n.target_type_id].add(n.target_id)
    found: dict[tuple[int, int], object] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # the app was removed
            continue
        for pk, obj in _visible_objects(viewer, model, ids).items():
            found[(type_id, pk)] = obj
    return found


def _url_of(obj) -> str | None:
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if callable(get_url) else None


def _own_page(notification: Notification, viewer) -> str | None:
    """Kinds whose natural page is the reader's own: nothing about anyone else leaks."""
    kind = kinds.get(notification.kind)
    if kind is None or kind.own_page is None:
        return None
    return kind.own_page(viewer)


def render(viewer, notifications: Iterable[Notification]) -> list[Rendered]:
    """Each notification as the viewer reads it, in the active language. Select the
    rows with `select_related("actor__profile")`; the targets cost one query per model."""
    rows = list(notifications)
    targets = visible_targets(viewer, rows)
    rendered = []
    for n in rows:
        url = None
        excerpt = ""
        has_target = bool(n.target_type_id and n.target_id)
        target = targets.get((n.target_type_id or 0, n.target_id or 0))
        data = n.data if isinstance(n.data, dict) else {}
        if target is not None:
            url = _url_of(target)
        if target is not None or not has_target:
            excerpt = str(data.get("excerpt", ""))[:EXCERPT_MAX]
        url = url or _own_page(n, viewer)
        rendered.append(Rendered(n, text_of(n), url, excerpt))
    return rendered


def render_one(viewer, notification: Notification) -> Rendered:
    return render(viewer, [notification])[0]
