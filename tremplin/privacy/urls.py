from django.urls import path

from tremplin.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.home, name="home"),
    path("privacy/archive/", views.archive_request, name="archive_request"),
    path("privacy/archive/<int:pk>/download/", views.archive_download, name="archive_download"),
    path("privacy/delete/", views.deletion_schedule, name="deletion_schedule"),
    path("privacy/delete/cancel/", views.deletion_cancel, name="deletion_cancel"),
]
