"""URLs of the directory part (joined in urls.py)."""

from django.urls import path

from tremplin.communities.views import directory

urlpatterns = [path("communities/", directory.directory, name="directory")]
