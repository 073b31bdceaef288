from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tests.plugin_app import queries


@login_required
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "noticeboard/board.html", {"notices": queries.notices_for(request.user)})
