"""Job posting pages (the postings helper fills these in)."""

from django.shortcuts import get_object_or_404, render

from tremplin.jobs.models import Posting


def posting_list(request):
    postings = Posting.objects.visible_to(request.user).open()[:50]
    return render(request, "jobs/list.html", {"postings": postings})


def posting_detail(request, pk: int):
    posting = get_object_or_404(Posting.objects.visible_to(request.user), pk=pk)
    return render(request, "jobs/posting.html", {"posting": posting})
