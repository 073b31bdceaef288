from django.contrib import admin

from tremplin.appointments.models import Appointment


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("id", "case", "starts_at", "duration", "mode", "status", "sequence")
    list_filter = ("status", "mode")
    date_hierarchy = "starts_at"
    raw_id_fields = ("case", "created_by", "cancelled_by")
    readonly_fields = ("uid", "sequence", "reminder_sent_at", "created", "updated")
    search_fields = ("=id", "=case__id")
