"""URLs of the threads part (joined in urls.py)."""

from django.urls import path

from tremplin.communities.views import thread_actions as actions
from tremplin.communities.views import threads as views

THREAD = "communities/threads/<int:pk>/"
REPLY = "communities/replies/<int:pk>/"

urlpatterns = [
    path(THREAD, views.thread, name="thread"),
    path(f"{THREAD}reply/", views.reply, name="thread_reply"),
    path(f"{THREAD}follow/", actions.follow, name="thread_follow"),
    path(f"{THREAD}poll/", actions.poll_vote, name="thread_poll_vote"),
    path(f"{THREAD}move/", actions.move, name="thread_move"),
    *(
        path(f"{THREAD}{action}/", actions.moderate, {"action": action}, name=f"thread_{action}")
        for action in actions.MODERATION
    ),
    path(f"{REPLY}vote/", actions.vote, name="reply_vote"),
    path(f"{REPLY}accept/", actions.accept, name="reply_accept"),
    path(f"{REPLY}approve/", actions.approve_reply, name="reply_approve"),
    *(
        path(f"{prefix}{verb}/", view, {"kind": kind}, name=f"{kind}_{verb}")
        for prefix, kind in ((THREAD, "thread"), (REPLY, "reply"))
        for verb, view in (
            ("edit", views.edit),
            ("history", views.history),
            ("delete", actions.delete),
        )
    ),
    path("communities/questions/unanswered/", views.unanswered, name="unanswered"),
    path("communities/questions/mine/", views.my_questions, name="my_questions"),
    path("communities/<slug:slug>/threads/", views.community_threads, name="threads"),
    path("communities/<slug:slug>/threads/new/", views.new_thread, name="thread_new"),
    path("communities/<slug:slug>/categories/", actions.categories, name="thread_categories"),
    path(
        "communities/<slug:slug>/categories/<int:pk>/watch/",
        actions.watch_category,
        name="category_watch",
    ),
    path("communities/<slug:slug>/rules/accept/", actions.rules, name="thread_rules"),
]
