"""The projects pages under /<lang>/projects/."""

from django.urls import path

from tremplin.projects.views import board, inside, members, projects

app_name = "projects"
urlpatterns = [
    path("projects/", projects.search, name="search"),
    path("projects/new/", projects.create, name="create"),
    path("projects/mine/", projects.mine, name="mine"),
    path("projects/<int:pk>/", projects.detail, name="detail"),
    path("projects/<int:pk>/edit/", projects.edit, name="edit"),
    path("projects/<int:pk>/status/", projects.status, name="status"),
    path("projects/<int:pk>/apply/", members.apply, name="apply"),
    path("projects/<int:pk>/withdraw/", members.withdraw, name="withdraw"),
    path("projects/<int:pk>/invitation/", members.answer, name="answer"),
    path("projects/<int:pk>/leave/", members.leave, name="leave"),
    path("projects/<int:pk>/invite/", members.invite, name="invite"),
    path("projects/<int:pk>/members/<int:member>/decide/", members.decide, name="decide"),
    path("projects/<int:pk>/members/<int:member>/remove/", members.remove, name="remove"),
    path("projects/<int:pk>/members/<int:member>/lead/", members.hand_over, name="hand_over"),
    path("projects/<int:pk>/board/", board.board, name="board"),
    path("projects/<int:pk>/tasks/new/", board.create_task, name="create_task"),
    path("projects/<int:pk>/tasks/<int:task>/", board.task, name="task"),
    path("projects/<int:pk>/tasks/<int:task>/move/", board.move, name="move"),
    path("projects/<int:pk>/tasks/<int:task>/checks/", board.add_check, name="add_check"),
    path(
        "projects/<int:pk>/tasks/<int:task>/checks/<int:item>/", board.set_check, name="set_check"
    ),
    path("projects/<int:pk>/tasks/<int:task>/comments/", board.comment, name="comment"),
    path("projects/<int:pk>/milestones/", board.milestones, name="milestones"),
    path(
        "projects/<int:pk>/milestones/<int:milestone>/reached/",
        board.reach,
        name="reach_milestone",
    ),
    path("projects/<int:pk>/files/", inside.files, name="files"),
    path("projects/<int:pk>/files/<int:file>/revoke/", inside.revoke, name="revoke"),
    path("projects/<int:pk>/discussion/", inside.discussion, name="discussion"),
    path("projects/<int:pk>/activity/", inside.activity, name="activity"),
]
