from django.contrib import admin

from tremplin.api.models import PersonalAccessToken


@admin.register(PersonalAccessToken)
class TokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "can_write", "created", "last_used", "revoked_at"]
    exclude = ["token_hash"]
