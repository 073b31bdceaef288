"""What can be reported, and who moderates where: two registries the apps above fill
from their own hooks.py (moderation sits below them and never imports them).

An app registers each kind of content it owns:

    reportables.register(
        reportables.Reportable(
            kind="comment",
            label=_("comment"),
            visible=lambda viewer: Comment.objects.visible_to(viewer),  # the reporter's rule
            every=lambda: Comment.objects.all(),                       # what moderators judge
            author=lambda comment: comment.author,
            excerpt=lambda comment: comment.body,
            link=lambda comment: comment.get_absolute_url(),
            remove=remove_comment,   # soft where continuity matters; None: cannot be removed
            scope=lambda comment: "",  # where it lives: "" is the whole site
        )
    )

`visible(viewer)` is the model's own `visible_to` rule, so a member reports only what they
can see (a message only in a conversation they are in), and a hidden thing answers as a
missing one (404). `every()` is what a moderator's queue reads: the content that was
reported, whatever its audience, and nothing else.

A future app with its own moderators (communities) registers a `ModeratorScope`: given a
member, the scopes they moderate ("community:12"); its content's `scope` returns the same
keys. Site moderators (`User.is_moderator`) moderate every scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string

from tremplin.core.hooks import Hook

SITE = ""  # the scope of content that belongs to no narrower place


def _site(obj: Any) -> str:
    return SITE


@dataclass(frozen=True)
class Reportable:
    kind: str
    label: Any
    visible: Callable[[Any], QuerySet[Any]]
    every: Callable[[], QuerySet[Any]]
    author: Callable[[Any], Any]
    excerpt: Callable[[Any], str]
    link: Callable[[Any], str | None]
    remove: Callable[[Any], None] | str | None = None
    scope: Callable[[Any], str] = _site
    # A field an API client may name the object by instead of its id (a profile's
    # "handle": the API shows handles, not ids).
    named_by: str | None = None

    @property
    def removable(self) -> bool:
        return self.remove is not None

    def do_remove(self, obj: Model) -> None:
        remover = import_string(self.remove) if isinstance(self.remove, str) else self.remove
        if remover is None:
            raise ValueError(f"{self.kind} cannot be removed")
        remover(obj)


@dataclass(frozen=True)
class ModeratorScope:
    """`scopes_of(user)`: the scope keys this member moderates (may be empty).
    `prefix`: the keys it hands out start with it ("community:"); a report in such a
    scope reaches its own moderators first and the site's queue only once it has stayed
    open `settings.MODERATION_ESCALATE_AFTER_HOURS` (default 24)."""

    name: str
    scopes_of: Callable[[Any], Iterable[str]]
    prefix: str = ""
    # A cheap answer for the menu ("does this member moderate anything here?"), e.g.
    # cached, which may lag a little; None asks `scopes_of`. Queues and decisions always
    # ask `scopes_of`.
    moderates: Callable[[Any], bool] | None = None

    def moderates_any(self, user: Any) -> bool:
        if self.moderates is not None:
            return bool(self.moderates(user))
        return bool(list(self.scopes_of(user)))


_kinds: Hook[Reportable] = Hook("reportables")
_by_kind: dict[str, Reportable] = {}
moderator_scopes: Hook[ModeratorScope] = Hook("moderator scopes")

KIND_PATTERN = r"^[a-z_]{1,20}$"


def register(reportable: Reportable) -> Reportable:
    if reportable.kind in _by_kind:
        raise ValueError(f"reportable kind {reportable.kind!r} is registered twice")
    if len(reportable.kind) > 20:
        raise ValueError(f"reportable kind {reportable.kind!r}: 20 characters at most")
    _kinds.add(reportable)
    _by_kind[reportable.kind] = reportable
    return reportable


def get(kind: object) -> Reportable | None:
    return _by_kind.get(kind) if isinstance(kind, str) else None


def all_kinds() -> list[Reportable]:
    return list(_kinds)


def kind_keys() -> list[str]:
    return [r.kind for r in _kinds]


def label(kind: str) -> Any:
    found = _by_kind.get(kind)
    return found.label if found is not None else kind


def scopes_moderated_by(user: Any) -> set[str]:
    """Every scope a registered app says `user` moderates (site moderators are not
    asked: they moderate all). No registered scope costs no query."""
    found: set[str] = set()
    for scope in moderator_scopes:
        found.update(scope.scopes_of(user))
    return found


def delegated_prefixes() -> list[str]:
    """The scope prefixes whose reports go to their own moderators first."""
    return [scope.prefix for scope in moderator_scopes if scope.prefix]


def moderates_anything(user: Any) -> bool:
    """Whether `user` has a moderation queue at all (the menu's link)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_moderator or any(s.moderates_any(user) for s in moderator_scopes))
