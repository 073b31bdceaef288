"""URLs of the directory part (joined in urls.py)."""

from django.urls import path

from tremplin.communities.views import directory

urlpatterns = [
    path("communities/", directory.directory, name="directory"),
    path("communities/sitemap.xml", directory.sitemap, name="sitemap"),
    path("communities/<slug:slug>/posts/", directory.posts, name="posts"),
]
