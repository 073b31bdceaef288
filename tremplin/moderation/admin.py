"""The admin shows the log and suspensions read-only: decisions are taken through the
moderation pages (services), so each one is logged and told; reports show no note text
(a reporter's words are for the moderators' queue)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tremplin.moderation.models import Decision, Report, Suspension


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["pk", "kind", "object_id", "scope", "reason", "status", "created"]
    list_filter = ["status", "kind", "reason"]
    fields = ("kind", "object_id", "scope", "reason", "status", "decision", "created")
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["pk", "action", "kind", "object_id", "scope", "moderator", "created"]
    list_filter = ["action", "kind"]
    readonly_fields = [f.name for f in Decision._meta.fields]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnly):
    list_display = ["pk", "user", "until", "lifted_at", "created"]
    readonly_fields = [f.name for f in Suspension._meta.fields]
