from django.contrib import admin

from tremplin.jobs.models import Posting, PostingReport


class ReportInline(admin.TabularInline):
    model = PostingReport
    extra = 0
    fields = ["reason", "details", "reporter", "created", "resolved_at", "resolved_by"]
    readonly_fields = ["created"]
    raw_id_fields = ["reporter", "resolved_by"]


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "hiring_organization_name",
        "status",
        "audience",
        "source",
        "date_posted",
        "valid_through",
    ]
    list_filter = ["status", "audience", "source", "employment_type", "workplace", "region"]
    search_fields = ["title_fr", "title_en", "hiring_organization_name", "identifier"]
    raw_id_fields = ["organization", "agency", "posted_by", "reviewed_by"]
    # Status changes go through services.transition (signals): not editable here.
    readonly_fields = ["status", "date_posted", "closed_at", "hold_reasons", "created", "updated"]
    inlines = [ReportInline]


@admin.register(PostingReport)
class PostingReportAdmin(admin.ModelAdmin):
    list_display = ["posting", "reason", "created", "resolved_at"]
    list_filter = ["reason"]
    raw_id_fields = ["posting", "reporter", "resolved_by"]
