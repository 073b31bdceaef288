from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from tremplin.accounts.models import KnownDevice, User
from tremplin.api.services import revoke_all_tokens


class PasswordChangeThatEndsTokens(AdminPasswordChangeForm):
    """A password set from the admin ends the member's API tokens, as one changed or
    reset on the site does (accounts.signals)."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            revoke_all_tokens(user)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = PasswordChangeThatEndsTokens
    ordering = ["email"]
    list_display = ["email", "language", "is_staff", "is_moderator", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_moderator", "is_active", "language"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "language"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "is_superuser", "is_moderator", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(KnownDevice)
class KnownDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "user_agent", "first_seen", "last_seen"]
    search_fields = ["user__email"]
