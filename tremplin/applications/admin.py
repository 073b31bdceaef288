"""Forwards and applications in Django's admin, for site operators fixing data: the
people, cases and postings as raw ids (no list of every member)."""

from django.contrib import admin

from tremplin.applications.models import Application, ApplicationEvent, Forward, Submission


@admin.register(Forward)
class ForwardAdmin(admin.ModelAdmin):
    list_display = ("posting", "client", "counsellor", "created", "opened_at", "response")
    list_filter = ("response",)
    raw_id_fields = ("posting", "counsellor", "client", "case")
    readonly_fields = ("created", "delivered_at", "opened_at", "responded_at", "ended_notified_at")


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("status", "employer_status", "date", "note", "created")
    readonly_fields = ("created",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "client", "status", "status_date", "updated")
    list_filter = ("status",)
    search_fields = ("title", "employer")
    raw_id_fields = ("client", "posting", "forward")
    readonly_fields = ("created", "updated")
    inlines = [ApplicationEventInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("posting", "applicant", "status", "created", "withdrawn_at")
    list_filter = ("status",)
    raw_id_fields = ("application", "posting", "applicant", "cv", "letter")
    readonly_fields = ("created", "updated")
