from django.contrib import admin

from tremplin.counselling.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["counsellor", "client", "agency", "status", "created"]
    list_filter = ["status", "agency"]
