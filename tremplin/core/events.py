"""Reactions across apps: events dispatched after the cause's transaction commits.

An app declares the events it sends in its own `events.py`:

    posting_opened = Event("jobs.posting_opened_on_commit", "posting_id", "reopened")

and sends them from its services, inside the transaction that made the change:

    posting_opened.send_on_commit(posting_id=posting.pk, reopened=False)

Other apps react from their `hooks.py` (`posting_opened.connect(handler)`). A handler
runs once the transaction has committed (at once when there is none), in the committing
process, with the keyword arguments only: ids and plain values, never model instances,
so it reads the committed state. That is one meaning for every event, as Zulip's
`send_event_on_commit`: what a handler sees is durable, and nothing it does can roll the
cause back.

What a handler must do:
- Be idempotent and cheap: write its own rows in its own transaction, or queue a task
  (tasks take ids). A handler that raises is logged; the other handlers still run.
- Not be the only way work that must happen gets done. A process can die between the
  commit and the dispatch, which loses the event; each app that must not miss one keeps
  a periodic sweep (`hooks.periodic`) that finds what its handler would have done and
  does it (e.g. `casework` follow-ups for closed cases, `job_alerts.catch_up`).

Event names end in `_on_commit` so that a reader of the sending code knows the handlers
have not run yet when `send_on_commit` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]


class Event:
    def __init__(self, name: str, *arguments: str) -> None:
        if not name.endswith("_on_commit"):
            raise ValueError(f"{name}: an event's name says when it is dispatched (…_on_commit)")
        self.name = name
        self.arguments = frozenset(arguments)
        self._handlers: list[Handler] = []

    def __repr__(self) -> str:
        return f"Event({self.name!r})"

    def connect(self, handler: Handler) -> Handler:
        """Register a handler (from the reacting app's hooks.py); usable as a decorator."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def disconnect(self, handler: Handler) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    @property
    def handlers(self) -> tuple[Handler, ...]:
        return tuple(self._handlers)

    def send_on_commit(self, using: str | None = None, **payload: Any) -> None:
        """Dispatch to every handler once the current transaction commits (or at once
        outside a transaction). Nothing happens if the transaction rolls back."""
        if set(payload) != self.arguments:
            raise TypeError(f"{self.name} takes {sorted(self.arguments)}; got {sorted(payload)}")
        transaction.on_commit(lambda: self.dispatch(**payload), using=using, robust=False)

    def dispatch(self, **payload: Any) -> int:
        """Run every handler now; returns how many succeeded. Used by send_on_commit and
        by sweeps that replay an event they know was lost."""
        done = 0
        for handler in self.handlers:
            try:
                handler(**payload)
                done += 1
            except Exception:
                logger.exception(
                    "%s: handler %s failed", self.name, getattr(handler, "__qualname__", handler)
                )
        return done
