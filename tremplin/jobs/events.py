"""What jobs tells the other apps about a posting's lifecycle, after the change commits
(`tremplin.core.events`): jobs imports none of the apps that react.

`services.transition` and the content edits send them from inside the transaction of the
change, so a handler runs only once the change is committed (never for one rolled back)
and reads the committed posting. The same transaction records the event on the posting
(`Posting.last_event`, `last_event_at`): a process that dies between the commit and the
dispatch loses the event but not that trace, and each handling app's periodic sweep
finds what its handler would have done and does it.

- `posting_opened_on_commit(posting_id, reopened)`: a posting became open (published,
  approved, imported, or reopened / extended); job alerts index and match it.
- `posting_ended_on_commit(posting_id, status)`: an OPEN posting was closed, expired or
  removed; the people it was forwarded to are told (applications).
- `posting_updated_on_commit(posting_id)`: the content of an OPEN posting changed (an
  edit, an import that brought new text); its search document is rewritten and it is
  matched again (members already told of it are not told twice).
"""

from __future__ import annotations

from tremplin.core.events import Event

posting_opened_on_commit = Event("jobs.posting_opened_on_commit", "posting_id", "reopened")
posting_ended_on_commit = Event("jobs.posting_ended_on_commit", "posting_id", "status")
posting_updated_on_commit = Event("jobs.posting_updated_on_commit", "posting_id")
