"""URLs of the communities part (joined in urls.py). The fixed addresses come before
`communities/<slug>/` (services.communities.RESERVED_SLUGS keeps slugs off them)."""

from django.urls import path

from tremplin.communities.views import communities as views
from tremplin.communities.views import community_members as members

urlpatterns = [
    path("communities/new/", views.create, name="create"),
    path("communities/mine/", views.mine, name="mine"),
    path("communities/join/<str:token>/", views.link, name="link"),
    path("communities/<slug:slug>/", views.detail, name="detail"),
    path("communities/<slug:slug>/picture/", views.picture, name="picture"),
    path("communities/<slug:slug>/settings/", views.edit, name="settings"),
    path("communities/<slug:slug>/join/", views.join, name="join"),
    path(
        "communities/<slug:slug>/leave/",
        views.membership_action,
        {"action": "leave"},
        name="leave",
    ),
    path(
        "communities/<slug:slug>/withdraw/",
        views.membership_action,
        {"action": "withdraw"},
        name="withdraw",
    ),
    path("communities/<slug:slug>/invitation/", views.answer_invitation, name="answer_invitation"),
    path("communities/<slug:slug>/rules/", views.rules, name="rules"),
    path("communities/<slug:slug>/members/", members.members, name="members"),
    path("communities/<slug:slug>/members/<int:pk>/", members.member, name="member"),
    path("communities/<slug:slug>/requests/", members.requests, name="requests"),
    path("communities/<slug:slug>/requests/<int:pk>/", members.decide, name="decide"),
    path("communities/<slug:slug>/invitations/", members.invitations, name="invitations"),
    path("communities/<slug:slug>/invitations/<int:pk>/revoke/", members.revoke, name="revoke"),
]
