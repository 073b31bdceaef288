"""Admin lists show who talks to whom and when, never what was said: message text and
files stay private to participants (the product gives staff no bypass either)."""

from django.contrib import admin
from django.http import HttpRequest

from tremplin.messaging.models import Conversation, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("user", "request_state", "left_at", "muted", "unread")
    readonly_fields = fields
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("pk", "is_group", "created", "last_message_id")
    list_filter = ("is_group",)
    readonly_fields = ("is_group", "created_by", "pair_key", "created", "last_message_id")
    fields = ("is_group", "created_by", "pair_key", "created", "last_message_id")
    inlines = [ParticipantInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
