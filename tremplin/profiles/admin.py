from django.contrib import admin

from tremplin.profiles.models import Profile, Recommendation


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "handle", "region", "basics_visibility", "updated"]
    search_fields = ["display_name", "handle", "user__email"]
    exclude = ["photo"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["author", "recipient", "status", "created", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["author", "recipient"]
