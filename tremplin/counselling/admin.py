from django.contrib import admin

from tremplin.counselling.models import Case, Consent
from tremplin.privacy.admin_access import ReadsLoggedAdmin


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
class CaseAdmin(ReadsLoggedAdmin):
    """Opening a case is a read recorded for the client ("who saw my data")."""

    client_of = "client_id"

    list_display = ["counsellor", "client", "agency", "status", "created", "updated"]
    list_filter = ["status", "agency"]
    raw_id_fields = ["counsellor", "client", "agency"]
    inlines = [ConsentInline]
