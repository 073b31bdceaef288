from django.contrib import admin

from tremplin.api.models import PersonalAccessToken


@admin.register(PersonalAccessToken)
class TokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created", "expires_at", "last_used", "revoked_at"]
    # Never the hash; the scopes and dates are read-only: a token is changed by revoking
    # it (its owner makes a new one, with a fresh proof of who they are).
    exclude = ["token_hash"]
    readonly_fields = ["hint", "scopes", "created", "expires_at", "last_used", "last_used_ip"]
