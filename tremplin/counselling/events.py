"""The events counselling sends, so the apps that react need no import from here to
there (see tremplin.core.events).

`case_closed_on_commit(case_id)`: a served case was closed (the counsellor closed it with
an exit reason, or the client ended the link), dispatched once the closing has
committed. Withdrawing or declining an invitation sends nothing. Handlers (casework's
follow-ups, outcomes' exit survey, appointments' cancellations) are idempotent, and each
keeps a periodic sweep for an event lost between the commit and the dispatch.
"""

from __future__ import annotations

from tremplin.core.events import Event

case_closed_on_commit = Event("counselling.case_closed_on_commit", "case_id")
