"""What the threads part adds to the rest of the product (imported by hooks.py): the
community page's "Discussions" and "Questions" tabs, and the notification kinds of
threads (each sentence rendered in the reader's language when the row is read)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.communities import tabs
from tremplin.notifications.kinds import NotificationKind, register

tabs.register(
    tabs.Tab(
        "discussions",
        gettext_lazy("Discussions"),
        "communities/threads/_tab.html",
        order=10,
        context=lambda community, viewer: _tab_context(community, viewer, questions=False),
    )
)
tabs.register(
    tabs.Tab(
        "questions",
        gettext_lazy("Questions"),
        "communities/threads/_questions_tab.html",
        order=20,
        context=lambda community, viewer: _tab_context(community, viewer, questions=True),
    )
)


def _tab_context(community: Any, viewer: Any, *, questions: bool) -> dict[str, Any]:
    from tremplin.communities.queries import threads as queries

    return queries.tab(community, viewer, questions=questions)


THREAD_REPLY = register(
    NotificationKind(
        "community_reply",
        label=gettext_lazy("Replies to my threads and replies in communities"),
        one=lambda said: _("%(actor)s replied in “%(title)s”."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person replied in “%(title)s”.",
            "%(actor)s and %(others)d other people replied in “%(title)s”.",
            said.others,
        ),
        order=41,
    )
)
THREAD_MENTION = register(
    NotificationKind(
        "community_mention",
        label=gettext_lazy("Mentions in community threads"),
        one=lambda said: _("%(actor)s mentioned you in “%(title)s”."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person mentioned you in “%(title)s”.",
            "%(actor)s and %(others)d other people mentioned you in “%(title)s”.",
            said.others,
        ),
        order=42,
    )
)
ANSWER_ACCEPTED = register(
    NotificationKind(
        "community_accepted",
        label=gettext_lazy("My answers accepted"),
        one=lambda said: _("Your answer to “%(title)s” was accepted."),
        many=lambda said: ngettext(
            "Your answer to “%(title)s” was accepted, and %(others)d more.",
            "Your answer to “%(title)s” was accepted, and %(others)d more.",
            said.others,
        ),
        order=43,
        actorless=True,
    )
)
WATCHED_CATEGORY = register(
    NotificationKind(
        "community_new_thread",
        label=gettext_lazy("New threads in categories I watch"),
        one=lambda said: _("%(actor)s started “%(title)s” in a category you watch."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person started threads in a category you watch.",
            "%(actor)s and %(others)d other people started threads in a category you watch.",
            said.others,
        ),
        order=44,
        default="digest",
    )
)
WATCHED_THREAD = register(
    NotificationKind(
        "community_watched",
        label=gettext_lazy("Replies in threads I watch"),
        one=lambda said: _("%(actor)s replied in “%(title)s”, a thread you watch."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person replied in “%(title)s”, a thread you watch.",
            "%(actor)s and %(others)d other people replied in “%(title)s”, a thread you watch.",
            said.others,
        ),
        order=45,
    )
)
PRIVATE_QUESTION = register(
    NotificationKind(
        "community_private_question",
        label=gettext_lazy("Questions asked of me privately"),
        one=lambda said: _("%(actor)s asked you a question: “%(title)s”."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person asked you questions.",
            "%(actor)s and %(others)d other people asked you questions.",
            said.others,
        ),
        order=46,
    )
)
