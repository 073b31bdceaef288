"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="feed",
        urls="tremplin.feed.urls",
        api_prefix="/feed",
        router="tremplin.feed.api.router",
        area="feed",
    )
)
# What the feed's Jinja2 fragments (templates/feed/_*.jinja) call.
for name in ("card_counts", "reaction_buttons", "reading_time", "post_html", "plain_excerpt"):
    hooks.template_functions.add(hooks.TemplateFunction(name, f"tremplin.feed.presenting.{name}"))


MENTION = register(
    NotificationKind(
        "mention",
        label=gettext_lazy("Mentions"),
        one=lambda said: _("%(actor)s mentioned you."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person mentioned you.",
            "%(actor)s and %(others)d other people mentioned you.",
            said.others,
        ),
        order=30,
        default="digest",
    )
)


COMMENT = register(
    NotificationKind(
        "comment",
        label=gettext_lazy("Comments on my posts"),
        one=lambda said: _("%(actor)s commented on your post."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person commented on your post.",
            "%(actor)s and %(others)d other people commented on your post.",
            said.others,
        ),
        order=40,
        default="in_app",
    )
)


REPLY = register(
    NotificationKind(
        "reply",
        label=gettext_lazy("Replies to my comments"),
        one=lambda said: _("%(actor)s replied to your comment."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person replied to your comment.",
            "%(actor)s and %(others)d other people replied to your comment.",
            said.others,
        ),
        order=50,
        default="in_app",
    )
)


REACTION = register(
    NotificationKind(
        "reaction",
        label=gettext_lazy("Reactions"),
        one=lambda said: _("%(actor)s reacted to your post."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person reacted to your post.",
            "%(actor)s and %(others)d other people reacted to your post.",
            said.others,
        ),
        order=60,
        default="in_app",
    )
)


RESHARE = register(
    NotificationKind(
        "reshare",
        label=gettext_lazy("Reshares"),
        one=lambda said: _("%(actor)s reshared your post."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person reshared your post.",
            "%(actor)s and %(others)d other people reshared your post.",
            said.others,
        ),
        order=70,
        default="in_app",
    )
)


# ------------------------------------------------------------------ moderation (issue 15)
# What members may report here (moderation.reportables): posts (and reshares), articles
# and comments, each through its own `visible_to` rule; a moderator's removal deletes a
# post or an article as its author would, and a comment as feed.services.remove_comment
# says (its place kept when it has replies).

from typing import Any  # noqa: E402

from tremplin.feed.models import Comment, Item, Kind  # noqa: E402
from tremplin.moderation import reportables  # noqa: E402


def _item_excerpt(item: Item) -> str:
    return "\n".join(part for part in (item.title, item.body) if part)


def _items(articles: bool) -> Any:
    return (
        Item.objects.filter(kind=Kind.ARTICLE)
        if articles
        else Item.objects.exclude(kind=Kind.ARTICLE)
    )


def _item_reportable(kind: str, label: Any, articles: bool) -> reportables.Reportable:
    return reportables.Reportable(
        kind=kind,
        label=label,
        visible=lambda viewer: _items(articles).visible_to(viewer).published(),
        every=lambda: _items(articles).select_related("author__profile"),
        author=lambda item: item.author,
        excerpt=_item_excerpt,
        link=lambda item: item.get_absolute_url(),
        remove="tremplin.feed.services.remove_item",
        # A post in a place (a community) reaches that place's moderators first.
        scope=lambda item: item.place_key,
    )


reportables.register(_item_reportable("post", gettext_lazy("post"), articles=False))
reportables.register(_item_reportable("article", gettext_lazy("article"), articles=True))
reportables.register(
    reportables.Reportable(
        kind="comment",
        label=gettext_lazy("comment"),
        visible=lambda viewer: Comment.objects.visible_to(viewer).exclude(body=""),
        every=lambda: Comment.objects.select_related("author__profile"),
        author=lambda comment: comment.author,
        excerpt=lambda comment: comment.body,
        link=lambda comment: comment.get_absolute_url(),
        remove="tremplin.feed.services.remove_comment",
        scope=lambda comment: comment.item.place_key,
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "feed" section, their files and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "feed",
        export="tremplin.feed.personal_data.export",
        files="tremplin.feed.personal_data.files",
        erase="tremplin.feed.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(
    hooks.Crawling(
        private=("feed/new/", "feed/bookmarks/", "feed/articles/new/", "feed/articles/mine/")
    )
)
