from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def sqlite_word_index(using: str = "default", **_kwargs: Any) -> None:
    """SQLite: the FTS5 index of the postings' words (migration 0006) also when the
    schema is built from the models without migrations (`migrate --run-syncdb`, the test
    suite's SQLite pass), which runs no migration's SQL. Empty then: there are no
    documents yet to copy."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    from tremplin.job_alerts.documents import WORDS

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS} USING fts5(text)")


class JobAlertsConfig(AppConfig):
    name = "tremplin.job_alerts"
    label = "job_alerts"

    def ready(self) -> None:
        post_migrate.connect(sqlite_word_index, sender=self)
