from django.contrib import admin

from tremplin.mentoring.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ("id", "mentor", "mentee", "status", "invited_by", "created", "ended_at")
    list_filter = ("status",)
    raw_id_fields = ("mentor", "mentee", "invited_by")
    readonly_fields = ("created",)
