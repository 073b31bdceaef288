"""What the privacy app holds about a member (their archive requests and deletion
requests, the record of who read their data and of what they read), and the traces
outside any app that an erasure also clears: task rows and
the admin's log entries that name the member."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django_tasks_db.models import DBTaskResult

from tremplin.core.personal_data import DELETED_NAME, delete_files_on_commit, plain_rows
from tremplin.privacy.models import AccessRecord, Archive, DeletionRequest
from tremplin.privacy.storage import archive_storage


def export(user: Any) -> dict[str, Any]:
    return {
        "archives": plain_rows(Archive.objects.filter(user=user), exclude=("user", "file_name")),
        "deletions": plain_rows(DeletionRequest.objects.filter(user=user), exclude=("user",)),
        "reads_of_my_data": plain_rows(
            AccessRecord.objects.filter(subject=user), exclude=("subject", "reader")
        ),
    }


def erase(user: Any) -> int:
    """Archives go (files after the commit); deletion requests stay (dates and counts
    only: the request being carried out is one of them). The record of reads of their
    data goes; reads they made of others' data stay for those others, without naming
    them (the row keeps the role and agency)."""
    archives = list(Archive.objects.filter(user=user))
    delete_files_on_commit([a.file_name for a in archives if a.file_name], archive_storage())
    deleted, _by_model = Archive.objects.filter(pk__in=[a.pk for a in archives]).delete()
    reads, _by_model = AccessRecord.objects.filter(subject=user).delete()
    unnamed = AccessRecord.objects.filter(reader=user).update(reader=None)
    return deleted + reads + unnamed


def scrub_traces(names: list[str]) -> int:
    """Task rows whose arguments or result name the member are deleted (an email queued
    to them, a notification excerpt); the admin's log entries that name them in their
    description say "deleted member" instead. `names` are the email addresses and the
    display name, read before the erasers ran."""
    wanted = {name for name in names if name and len(name) >= 3}
    # A JSON column may keep "é" as "\u00e9" (SQLite): look for that spelling too.
    wanted |= {json.dumps(name)[1:-1] for name in wanted}
    if not wanted:
        return 0
    texts = DBTaskResult.objects.annotate(
        _args=Cast("args_kwargs", TextField()), _result=Cast("return_value", TextField())
    )
    named = Q()
    for name in wanted:
        named |= Q(_args__icontains=name) | Q(_result__icontains=name)
    ids = list(texts.filter(named).values_list("pk", flat=True))
    tasks, _by_model = DBTaskResult.objects.filter(pk__in=ids).delete()
    in_log = Q()
    for name in wanted:
        in_log |= Q(object_repr__icontains=name) | Q(change_message__icontains=name)
    entries = LogEntry.objects.filter(in_log).update(object_repr=DELETED_NAME, change_message="")
    return tasks + entries
