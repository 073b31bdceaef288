"""The community directory: the communities the viewer may see (listed ones, and the
secret ones they belong to), found through `Community.objects.visible_to`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tremplin.communities.queries import directory as queries


def directory(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/directory.html",
        {"communities": queries.directory(request.user)},
    )
