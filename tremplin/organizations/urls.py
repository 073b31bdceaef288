from django.urls import path

from tremplin.organizations import views

app_name = "organizations"
urlpatterns = [
    path("organisations/", views.org_list, name="list"),
    path("organisations/new/", views.create, name="create"),
    path("organisations/verification/", views.verification, name="verification"),
    path("o/<slug:slug>/", views.detail, name="detail"),
    path("o/<slug:slug>/logo.jpg", views.logo, name="logo"),
    path("o/<slug:slug>/edit/", views.edit, name="edit"),
    path("o/<slug:slug>/members/", views.members, name="members"),
    path("o/<slug:slug>/verify/", views.set_verified, name="set_verified"),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
