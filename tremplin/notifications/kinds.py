"""Notification kinds, declared by the apps that raise them, each with its sentences.

An app registers its kinds from its own `hooks.py`:

    COMMENT = kinds.register(
        NotificationKind(
            "comment",
            label=_("Comments on my posts"),
            one=lambda said: _("%(actor)s commented on your post."),
            many=lambda said: ngettext(
                "%(actor)s and %(others)d other person commented on your post.",
                "%(actor)s and %(others)d other people commented on your post.",
                said.others,
            ),
            order=40,
        )
    )

and passes the returned key to `notifications.services.notify`. Notifications stores the
key and renders the sentence when the row is read, in the READER's language: `one` when
one person did it, `many` when several did ("Bob and 3 others"). A sentence is a
translatable string with %(name)s placeholders, filled from `actor`, `others`, `count`
and the row's `data` (a missing value reads as ""). `label` names the kind on the
preferences page, which lists kinds by `order`; `default` is the delivery a member has
before choosing (no email at once without their opt-in: CASL). `actorless` kinds name
nobody (a match, a posting's end). `own_page(viewer)` gives the reader's own page for
kinds whose natural link is theirs (their invitations), which leaks nothing.

`Notification.kind` takes its choices from `choices()` (a callable, so a new kind needs
no migration of notifications).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tremplin.core.hooks import Hook


@dataclass(frozen=True)
class Said:
    """What a sentence may use: who, how many others, how many events, and the data."""

    actor: str
    others: int
    count: int
    data: dict[str, Any]

    def get(self, key: str) -> str:
        value = self.data.get(key, "")
        return "" if value is None else str(value)


Sentence = Callable[[Said], str]


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Any
    one: Sentence
    many: Sentence
    order: int
    default: str = "in_app"
    actorless: bool = False
    own_page: Callable[[Any], str | None] | None = None
    # A consent scope (core.consent): when the actor is the recipient's client in an
    # open case, the notification is shown, counted and emailed only while that case
    # grants this scope (a withdrawal or a pause hides what was already written).
    consent: str = ""


_registered: Hook[NotificationKind] = Hook("notification kinds")
_by_key: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> str:
    if kind.key in _by_key:
        raise ValueError(f"notification kind {kind.key!r} is registered twice")
    if len(kind.key) > 32:
        raise ValueError(f"notification kind {kind.key!r}: 32 characters at most")
    _registered.add(kind)
    _by_key[kind.key] = kind
    return kind.key


def get(key: str) -> NotificationKind | None:
    return _by_key.get(key)


def known(key: object) -> bool:
    return isinstance(key, str) and key in _by_key


def all_kinds() -> list[NotificationKind]:
    """Every kind, in the preferences page's order."""
    return sorted(_by_key.values(), key=lambda kind: (kind.order, kind.key))


def gated() -> dict[str, list[str]]:
    """{consent scope: the keys of the kinds it gates}."""
    found: dict[str, list[str]] = {}
    for kind in all_kinds():
        if kind.consent:
            found.setdefault(kind.consent, []).append(kind.key)
    return found


def all_keys() -> list[str]:
    return [kind.key for kind in all_kinds()]


def choices() -> list[tuple[str, Any]]:
    """`Notification.kind`'s choices (a callable: new kinds need no migration)."""
    return [(kind.key, kind.label) for kind in all_kinds()]


def label(key: str) -> Any:
    kind = _by_key.get(key)
    return kind.label if kind is not None else key


class _Blank(dict):
    """A sentence's values: a placeholder with no value reads as ""."""

    def __missing__(self, key: str) -> str:
        return ""


def sentence(key: str, actor: str, others: int, count: int, data: dict[str, Any]) -> str:
    """The sentence of one row, in the active language."""
    kind = _by_key.get(key)
    if kind is None:  # the app that raised it was removed
        return ""
    said = Said(actor=actor, others=others, count=count, data=data)
    text = kind.many(said) if others else kind.one(said)
    values = _Blank({name: "" if v is None else str(v) for name, v in data.items()})
    values.update(actor=actor, others=others, count=count)
    return text % values
