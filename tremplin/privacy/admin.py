"""The admin's side of privacy rights.

Deleting a member from the admin takes the same path as the member's own deletion
(`services.erase_now`: every app's eraser, then the account becomes a tombstone), never
Django's cascade, which would take cases, outcomes and other members' threads with it
and which a protected foreign key could block. Archives and deletion requests are shown
read-only, without the archive's storage name."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from tremplin.accounts.admin import UserAdmin
from tremplin.accounts.models import User
from tremplin.privacy import services
from tremplin.privacy.models import Archive, DeletionRequest


class ErasingUserAdmin(UserAdmin):
    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        described = [
            f"{obj}: erased as the member's own deletion would (docs/privacy.md)" for obj in objs
        ]
        return described, {}, set(), []

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.erase_now(obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        erased = sum(services.erase_now(user) for user in queryset)
        messages.info(request, f"{erased} account(s) erased.")


admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Archive)
class ArchiveAdmin(ReadOnlyAdmin):
    list_display = ["id", "user_id", "status", "requested_at", "ready_at", "expires_at", "size"]
    list_filter = ["status"]
    exclude = ["file_name"]


@admin.register(DeletionRequest)
class DeletionRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "user_id", "status", "requested_at", "due_at", "erased_at", "by_admin"]
    list_filter = ["status", "by_admin"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
