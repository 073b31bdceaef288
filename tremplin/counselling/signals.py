"""Signals other apps listen to, so counselling does not import them.

`case_closed` is sent after the transaction that closed a case commits (the counsellor
closed it with an exit reason, or the client ended the link), with `case_id`. Receivers
must be idempotent and cheap (enqueue a task): a receiver that raises is logged and does
not stop the others (`send_robust`). A crash between the commit and the signal loses the
signal, so work that must happen (follow-ups, exit surveys) is also caught up by a
periodic sweep that looks for closed cases without it.
"""

from django.dispatch import Signal

case_closed = Signal()
