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
