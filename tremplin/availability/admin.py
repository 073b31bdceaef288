from django.contrib import admin

from tremplin.availability.models import OpenHours, WeeklySlot


class SlotInline(admin.TabularInline):
    model = WeeklySlot
    extra = 0


@admin.register(OpenHours)
class OpenHoursAdmin(admin.ModelAdmin):
    list_display = ("user", "time_zone", "updated")
    raw_id_fields = ("user",)
    inlines = [SlotInline]
