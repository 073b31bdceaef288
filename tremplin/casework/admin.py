"""Case work in the Django admin. Case notes and their revisions are append-only: the
admin shows them read-only (no add, change or delete), like the consent record."""

from django.contrib import admin

from tremplin.casework.models import (
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    FollowUpSchedule,
    NoteRevision,
    Referral,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RevisionInline(admin.TabularInline):
    model = NoteRevision
    extra = 0
    can_delete = False
    fields = ["created", "edited_by", "body"]
    readonly_fields = ("created", "edited_by", "body")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "contact_on", "author", "created", "edited_at"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "author"]
    inlines = [RevisionInline]


@admin.register(NoteRevision)
class NoteRevisionAdmin(ReadOnlyAdmin):
    list_display = ["note", "edited_by", "created"]
    raw_id_fields = ["note", "edited_by"]


@admin.register(CaseTag)
class CaseTagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency"]
    list_filter = ["kind"]
    raw_id_fields = ["agency"]


@admin.register(CaseRecord)
class CaseRecordAdmin(admin.ModelAdmin):
    list_display = ["case", "funder_reference", "service", "updated"]
    raw_id_fields = ["case"]
    filter_horizontal = ["tags"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["case", "direction", "partner_name", "status", "created"]
    list_filter = ["status", "direction"]
    raw_id_fields = ["case", "created_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["case", "months", "due_on", "status", "outcome", "announced_at"]
    list_filter = ["status"]
    raw_id_fields = ["case", "recorded_by"]


@admin.register(FollowUpSchedule)
class FollowUpScheduleAdmin(admin.ModelAdmin):
    list_display = ["agency", "months", "updated"]
    raw_id_fields = ["agency"]
