"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="messaging",
        urls="tremplin.messaging.urls",
        api_prefix="/messages",
        router="tremplin.messaging.api.router",
        area="messages",
    )
)
hooks.template_functions.add(
    hooks.TemplateFunction("messaging_unread", "tremplin.messaging.queries.unread_conversations")
)
hooks.navigation.add(hooks.NavEntry(order=50, template="messaging/_nav.jinja"))


def _message_one(said: Said) -> str:
    if said.count > 1:
        return ngettext(
            "%(actor)s sent you %(count)d message.",
            "%(actor)s sent you %(count)d messages.",
            said.count,
        )
    return _("%(actor)s sent you a message.")


MESSAGE = register(
    NotificationKind(
        "message",
        label=gettext_lazy("Messages"),
        one=_message_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person sent you messages.",
            "%(actor)s and %(others)d other people sent you messages.",
            said.others,
        ),
        order=100,
        default="digest",
    )
)


# ------------------------------------------------------------------ moderation (issue 15)
# A member may report a message of a conversation they are in (`Message.visible_to`:
# only from while they were in it). A moderator's removal is the sender's own deletion:
# the conversation keeps its place ("message deleted"), the text and files are gone.

from tremplin.messaging.models import Message  # noqa: E402
from tremplin.moderation import reportables  # noqa: E402

reportables.register(
    reportables.Reportable(
        kind="message",
        label=gettext_lazy("message"),
        visible=lambda viewer: Message.objects.visible_to(viewer).filter(deleted_at__isnull=True),
        every=lambda: Message.objects.select_related("sender__profile"),
        author=lambda message: message.sender,
        excerpt=lambda message: message.body,
        # The moderator is not in the conversation: no link into it.
        link=lambda message: None,
        remove="tremplin.messaging.services.remove_message",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "messaging" section, their files and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "messaging",
        export="tremplin.messaging.personal_data.export",
        files="tremplin.messaging.personal_data.files",
        erase="tremplin.messaging.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("messages/",)))
