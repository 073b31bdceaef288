from django.contrib import admin

from tremplin.vault.models import AccessLog, Document, DocumentVersion, ReviewComment, Share


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ("number", "original_name", "content_type", "size", "created")
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "updated")
    list_filter = ("kind",)
    raw_id_fields = ("owner",)
    inlines = [VersionInline]


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ("document", "via", "to_user", "expires_at", "revoked_at", "created")
    list_filter = ("via",)
    raw_id_fields = ("document", "to_user", "created_by")
    exclude = ("token_hash",)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("document", "user", "share", "created")
    raw_id_fields = ("document", "version", "user", "share")


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("document", "author", "created")
    raw_id_fields = ("document", "version", "author")
