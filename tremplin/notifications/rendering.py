"""How a notification reads: a sentence, a link and an excerpt, made when it is read.

- The sentence is in the READER's language, from the row's kind, actor, counts and data
  (never stored as text). The app that raised the kind wrote it (`kinds.py`); this
  module only fills it in.
- The link and the excerpt are about the row's target, which may be any model of any
  app. They are shown only while the reader may still see the target, by that model's
  own rule (`visible_to(viewer)` on its QuerySet): a target deleted since, hidden since,
  or whose model declares no rule is shown without link or excerpt (deny by default).
  A kind whose natural page is the reader's own (their invitations, their profile)
  declares it (`own_page`), and links there: that leaks nothing.

`render(viewer, rows)` costs one query per model of targets, whatever the number of
rows; select the rows `for_display()` (the actor's name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext as _

from tremplin.notifications import kinds
from tremplin.notifications.models import Notification

EXCERPT_MAX = 160

Targets = dict[tuple[int, int], Model]


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


def _visible_objects(viewer: Any, model: type[Model], ids: set[int]) -> dict[int, Model]:
    """The targets of one model that `viewer` may still see, by the model's own rule;
    a model without one shows nothing."""
    manager: Any = model._default_manager
    if not callable(getattr(manager, "visible_to", None)):
        return {}
    return {obj.pk: obj for obj in manager.visible_to(viewer).filter(pk__in=ids)}


def visible_targets(viewer: Any, notifications: Iterable[Notification]) -> Targets:
    """{(content type id, object id): object} for every target the viewer may see; one
    query per model, whatever the number of notifications."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for n in notifications:
        if n.target_type_id and n.target_id:
            wanted[n.target_type_id].add(n.target_id)
    found: Targets = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # the app was removed
            continue
        for pk, obj in _visible_objects(viewer, model, ids).items():
            found[(type_id, pk)] = obj
    return found


def _url_of(obj: Model | None) -> str | None:
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if callable(get_url) else None


def _own_page(notification: Notification, viewer: Any) -> str | None:
    """The reader's own page for kinds that declare one: nothing about anyone else."""
    kind = kinds.get(notification.kind)
    if kind is None or kind.own_page is None:
        return None
    return kind.own_page(viewer)


def _one(notification: Notification, viewer: Any, targets: Targets) -> Rendered:
    has_target = bool(notification.target_type_id and notification.target_id)
    target = targets.get((notification.target_type_id or 0, notification.target_id or 0))
    data = notification.data if isinstance(notification.data, dict) else {}
    # The excerpt quotes the target: shown while it is visible, or when there is none.
    shown = target is not None or not has_target
    excerpt = str(data.get("excerpt", ""))[:EXCERPT_MAX] if shown else ""
    url = _url_of(target) or _own_page(notification, viewer)
    return Rendered(notification, text_of(notification), url, excerpt)


def render(viewer: Any, notifications: Iterable[Notification]) -> list[Rendered]:
    """Each notification as the viewer reads it, in the active language."""
    rows = list(notifications)
    targets = visible_targets(viewer, rows)
    return [_one(n, viewer, targets) for n in rows]


def render_one(viewer: Any, notification: Notification) -> Rendered:
    return render(viewer, [notification])[0]
