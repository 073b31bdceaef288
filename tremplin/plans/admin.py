"""The plan in Django's admin, for site operators fixing data: read mostly, with the case
and the people as raw ids (no list of every member)."""

from django.contrib import admin

from tremplin.plans.models import Goal, PlanItem


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ("title", "owner", "due_on", "status", "completed_at")
    readonly_fields = ("completed_at",)
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "case", "parent", "status", "position", "updated")
    list_filter = ("status",)
    search_fields = ("title",)
    raw_id_fields = ("case", "parent", "created_by")
    readonly_fields = ("created", "updated")
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ("title", "goal", "owner", "status", "due_on", "updated")
    list_filter = ("status", "owner")
    search_fields = ("title",)
    raw_id_fields = ("goal", "created_by")
    readonly_fields = ("created", "updated", "completed_at")
