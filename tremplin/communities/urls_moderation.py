"""URLs of the moderation part (joined in urls.py)."""

from django.urls import path

from tremplin.communities.views import moderation

urlpatterns = [
    path("communities/moderation/removed/", moderation.my_removals, name="my_removals"),
    path(
        "communities/moderation/digest-stop/<str:token>/",
        moderation.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path(
        "communities/moderation/<str:kind>/<int:pk>/remove/",
        moderation.remove,
        name="remove_content",
    ),
    path(
        "communities/moderation/<str:kind>/<int:pk>/restore/",
        moderation.restore,
        name="restore_content",
    ),
    path("communities/<slug:slug>/moderation/", moderation.log, name="moderation_log"),
    path("communities/<slug:slug>/digest/", moderation.digest, name="digest"),
]
