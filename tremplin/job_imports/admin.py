from django.contrib import admin

from tremplin.job_imports.models import ImportedItem, ImportItemError, ImportRun, ImportSource


@admin.register(ImportSource)
class ImportSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "kind", "active", "poll_minutes", "next_poll_at")
    list_filter = ("kind", "active")
    search_fields = ("name", "url", "agency__name")
    raw_id_fields = ("agency", "created_by")


class ImportItemErrorInline(admin.TabularInline):
    model = ImportItemError
    extra = 0
    readonly_fields = ("position", "identifier", "url", "title", "code", "params", "detail")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "trigger",
        "status",
        "created",
        "created_count",
        "updated_count",
        "unchanged_count",
        "withdrawn_count",
        "failed_count",
    )
    list_filter = ("status", "trigger")
    raw_id_fields = ("source", "started_by")
    inlines = [ImportItemErrorInline]


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ("source", "identifier", "url", "withdrawn_at")
    search_fields = ("identifier", "url")
    raw_id_fields = ("source", "posting", "last_seen_run")
