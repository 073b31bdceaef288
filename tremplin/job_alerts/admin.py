from django.contrib import admin

from tremplin.job_alerts.models import AlertOutbox, SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "q", "is_alert", "delivery", "updated")
    list_filter = ("is_alert", "delivery")
    search_fields = ("name", "q", "owner__email")
    raw_id_fields = ("owner", "organization")
    readonly_fields = ("query_text", "created", "updated")


@admin.register(AlertOutbox)
class AlertOutboxAdmin(admin.ModelAdmin):
    """Operators: a row without `processed_at` long after `created` is work the
    catch-up will finish (or is failing: see the worker's log)."""

    list_display = ("posting", "reason", "created", "processed_at", "attempts", "matched")
    list_filter = ("reason",)
    raw_id_fields = ("posting",)
