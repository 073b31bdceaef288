from django.contrib import admin

from tremplin.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "recipient",
        "kind",
        "actor",
        "count",
        "email_state",
        "updated",
        "read_at",
    )
    list_filter = ("kind", "email_state")
    raw_id_fields = ("recipient", "actor")
    readonly_fields = ("created", "updated", "email_claimed_at", "emailed_at")
    search_fields = ("recipient__email",)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "delivery")
    list_filter = ("kind", "delivery")
    raw_id_fields = ("user",)
