"""Reads of case work in the Django admin are logged ("who saw my data").

The documentation promises that site staff get no access to case work (docs/casework.md,
"Who sees it"): the admin shows case notes without their text (casework/admin.py). What
it does show of a client's case work (the case and its consent record, the case record's
funder number and service, referrals, follow-ups, a note's date and kind) is a read: a
site administrator who opens one of those records (its change page) is recorded for the
client, whose "who saw my data" page shows it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tremplin.privacy.access import record_admin_read


class ReadsLoggedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose change page records a read of the client's data. `client_of`
    is the dotted attribute path from the object to the client's user id."""

    client_of = "case.client_id"

    def client_id_of(self, obj: Any) -> int | None:
        value = obj
        for part in self.client_of.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return int(value)

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        found = super().get_object(request, object_id, from_field)
        if found is not None and request.method in ("GET", "HEAD"):
            record_admin_read(request.user, self.client_id_of(found), object_id)
        return found
