"""Daily item views: counted once per viewer, item and day (`ItemView`).

Views are analytics, and the home feed is the most read page: writing them while the
page is served made every read a write (one `INSERT` per page, contending with the
same viewer's other tabs for the same rows). So each web process keeps the views it
served in memory and one thread writes them every `FEED_VIEWS_FLUSH_SECONDS` in one
`INSERT … ON CONFLICT DO NOTHING` per batch; a process that stops writes what it holds
(atexit), and a crash loses at most the last interval's views. With the setting at 0
(tests, management commands that expect rows at once) views are written at once.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection

logger = logging.getLogger(__name__)

Row = tuple[int, int, date]  # (item id, viewer id, day)
BATCH = 1000


def write(rows: Iterable[Row]) -> None:
    """Insert the rows that are not there yet, skipping items or members deleted since
    they were seen (a foreign key would refuse the whole batch)."""
    from tremplin.accounts.models import User
    from tremplin.feed.models import Item, ItemView

    pending = sorted(set(rows))
    table = connection.ops.quote_name(ItemView._meta.db_table)
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        items = set(Item.objects.filter(pk__in={r[0] for r in batch}).values_list("pk", flat=True))
        users = set(User.objects.filter(pk__in={r[1] for r in batch}).values_list("pk", flat=True))
        batch = [r for r in batch if r[0] in items and r[1] in users]
        if not batch:
            continue
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        params = [value for row in batch for value in row]
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    # Only placeholders are interpolated; the values travel as parameters.
                    f"INSERT INTO {table} (item_id, viewer_id, day) VALUES {values} "  # noqa: S608
                    "ON CONFLICT DO NOTHING",
                    params,
                )
        except IntegrityError:
            # An item deleted between the check and the insert: views are not worth a
            # retry loop; the next pages count again.
            logger.warning("feed views: a batch of %d rows was dropped", len(batch))


class ViewBuffer:
    """The views a process served and has not written yet."""

    def __init__(self) -> None:
        self.rows: set[Row] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def add(self, rows: Iterable[Row]) -> None:
        with self.lock:
            self.rows.update(rows)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="feed-views", daemon=True)
                self.thread.start()
                atexit.register(self.flush)

    def flush(self) -> None:
        with self.lock:
            rows, self.rows = self.rows, set()
        if rows:
            write(rows)

    def _run(self) -> None:
        while True:
            time.sleep(settings.FEED_VIEWS_FLUSH_SECONDS)
            try:
                self.flush()
            except Exception:  # a database outage must not stop the thread
                logger.exception("feed views: writing failed")
            finally:
                connection.close()  # back to the pool until the next round


buffer = ViewBuffer()


def record(rows: list[Row]) -> None:
    if settings.FEED_VIEWS_FLUSH_SECONDS <= 0:
        write(rows)
    else:
        buffer.add(rows)
