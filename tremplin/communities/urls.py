"""The communities pages, one URLconf per part (each part owns its file)."""

from tremplin.communities import (
    urls_communities,
    urls_directory,
    urls_events,
    urls_moderation,
    urls_resources,
    urls_threads,
)

app_name = "communities"
urlpatterns = [
    *urls_directory.urlpatterns,
    *urls_communities.urlpatterns,
    *urls_threads.urlpatterns,
    *urls_events.urlpatterns,
    *urls_resources.urlpatterns,
    *urls_moderation.urlpatterns,
]
