from django.contrib import admin

from tremplin.counselling.models import Case, Consent


class ConsentInline(admin.TabularInline):
    """The consent record is kept as it happened: read-only here."""

    model = Consent
    extra = 0
    can_delete = False
    fields = ["created", "action", "version", "scopes", "by", "counsellor"]
    readonly_fields = ("created", "action", "version", "scopes", "by", "counsellor")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["counsellor", "client", "agency", "status", "created", "updated"]
    list_filter = ["status", "agency"]
    raw_id_fields = ["counsellor", "client", "agency"]
    inlines = [ConsentInline]
