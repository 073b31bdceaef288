"""Surveys in the admin site. Answers are read-only and never shown with the client's
name: the list shows the survey kind, the agency, the score and the date only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tremplin.outcomes.models import SurveyInvitation, SurveyResponse


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "case_id", "sent_at", "answered_at", "expires_at"]
    list_filter = ["kind"]
    fields = ["case", "kind", "counsellor", "sent_at", "answered_at", "expires_at"]
    readonly_fields = ["case", "kind", "counsellor", "sent_at", "answered_at"]
    raw_id_fields = ["case"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "agency", "score", "language", "created"]
    list_filter = ["invitation__kind", "score", "language"]
    fields = ["kind", "agency", "score", "comment", "language", "created"]
    readonly_fields = ["kind", "agency", "score", "comment", "language", "created"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SurveyResponse]:
        return super().get_queryset(request).select_related("invitation__case__agency")

    @admin.display(description=_("kind"))
    def kind(self, obj: SurveyResponse) -> str:
        return obj.invitation.get_kind_display()

    @admin.display(description=_("agency"))
    def agency(self, obj: SurveyResponse) -> str:
        return obj.invitation.case.agency.name

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
