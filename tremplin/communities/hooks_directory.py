"""What the directory part adds to the rest of the product (imported by hooks.py): the
feed's place "community" (posting to a community, its members' timelines, who may read
its posts) and the community page's "Posts" tab."""

from django.utils.translation import gettext_lazy as _

from tremplin.communities import tabs
from tremplin.communities.queries import directory_feed
from tremplin.communities.services import directory as directory_services
from tremplin.feed import places

places.register(
    places.Place(
        kind=directory_feed.KIND,
        readable_q=directory_feed.readable_q,
        is_readable=directory_feed.is_readable,
        recipients=directory_feed.recipients,
        labels=directory_feed.labels,
        choices=directory_feed.choices,
        prepare=directory_services.prepare_post,
        posted=directory_services.note_feed_post,
    )
)

tabs.register(
    tabs.Tab(
        "posts",
        _("Posts"),
        "communities/directory/_posts_tab.html",
        order=15,
        context=directory_feed.posts_tab,
    )
)
