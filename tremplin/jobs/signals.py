"""Signals other apps listen to, so jobs does not import them.

Both are sent INSIDE the transaction that changes the posting (`services.transition`),
so a receiver's rows (an outbox row, a match, a notification) commit or roll back with
the change: nothing is lost between a commit and a signal. Receivers must only write
rows and schedule their slow work with `transaction.on_commit` (tasks take ids); a
receiver that raises rolls the change back.

- `posting_opened(posting_id, reopened)`: a posting became open (published, approved,
  imported, or reopened / extended); alerts match it.
- `posting_ended(posting_id, status)`: an open posting was closed, expired or removed;
  the people it was forwarded to are told.
- `posting_updated(posting_id)`: the content of an OPEN posting changed (an edit, an
  import that brought new text); search documents are refreshed. Alerts must not
  notify again someone already notified for this posting.
"""

from django.dispatch import Signal

posting_opened = Signal()
posting_ended = Signal()
posting_updated = Signal()
