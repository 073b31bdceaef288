from django.contrib import admin

from tremplin.profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "handle", "region", "basics_visibility", "updated"]
    search_fields = ["display_name", "handle", "user__email"]
    exclude = ["photo"]
