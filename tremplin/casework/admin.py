"""Case work in the Django admin. Case notes and their revisions are append-only: the
admin shows them read-only (no add, change or delete), like the consent record.

Site staff get no access to case work (docs/casework.md): the admin never shows a note's
text (neither the note's nor a revision's), and opening any record of a client's case work
is a read recorded for the client ("who saw my data", `privacy.admin_access`)."""

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
from tremplin.privacy.admin_access import ReadsLoggedAdmin


class ReadOnlyAdmin(ReadsLoggedAdmin):
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
    fields = ["created", "edited_by"]  # never the text
    readonly_fields = ("created", "edited_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "contact_on", "author", "created", "edited_at"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "author"]
    fields = ["case", "author", "kind", "contact_on", "created", "edited_at"]  # never the text
    inlines = [RevisionInline]


@admin.register(NoteRevision)
class NoteRevisionAdmin(ReadOnlyAdmin):
    list_display = ["note", "edited_by", "created"]
    raw_id_fields = ["note", "edited_by"]
    fields = ["note", "edited_by", "created"]  # never the text
    client_of = "note.case.client_id"


@admin.register(CaseTag)
class CaseTagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency"]
    list_filter = ["kind"]
    raw_id_fields = ["agency"]


@admin.register(CaseRecord)
class CaseRecordAdmin(ReadsLoggedAdmin):
    list_display = ["case", "funder_reference", "service", "updated"]
    raw_id_fields = ["case"]
    filter_horizontal = ["tags"]


@admin.register(Referral)
class ReferralAdmin(ReadsLoggedAdmin):
    list_display = ["case", "direction", "partner_name", "status", "created"]
    list_filter = ["status", "direction"]
    raw_id_fields = ["case", "created_by"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadsLoggedAdmin):
    list_display = ["case", "months", "due_on", "status", "outcome", "announced_at"]
    list_filter = ["status"]
    raw_id_fields = ["case", "recorded_by"]


@admin.register(FollowUpSchedule)
class FollowUpScheduleAdmin(admin.ModelAdmin):
    list_display = ["agency", "months", "updated"]
    raw_id_fields = ["agency"]
