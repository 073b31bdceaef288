from django.contrib import admin

from tremplin.mentoring.models import Mentorship, Programme


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ("id", "mentor", "mentee", "status", "invited_by", "created", "ended_at")
    list_filter = ("status",)
    raw_id_fields = ("mentor", "mentee", "invited_by")
    readonly_fields = ("created",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Programmes for support (their coordinators edit them on the programme's edit
    page). Enrolments are not listed: their intake answers are for the person and the
    programme's coordinators."""

    list_display = ("name_fr", "name_en", "agency", "community", "status", "starts_on", "ends_on")
    raw_id_fields = ("community",)
    list_filter = ("status",)
    filter_horizontal = ("coordinators",)
