from django.contrib import admin

from tremplin.feed.models import Comment, Item, ItemImage, ItemRevision, Reaction


class ItemImageInline(admin.TabularInline):
    model = ItemImage
    fields = ["position", "alt"]
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "author", "organization", "audience", "language", "published"]
    list_filter = ["kind", "audience", "language"]
    search_fields = ["title", "body", "author__email"]
    raw_id_fields = ["author", "organization", "reshare_of", "hashtags"]
    readonly_fields = ["reaction_count", "comment_count", "reshare_count", "created", "edited"]
    inlines = [ItemImageInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "item", "author", "parent", "created"]
    raw_id_fields = ["item", "author", "parent"]


@admin.register(ItemRevision)
class ItemRevisionAdmin(admin.ModelAdmin):
    list_display = ["item", "written", "replaced"]
    raw_id_fields = ["item"]


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["item", "user", "kind", "created"]
    raw_id_fields = ["item", "user"]
