from django.urls import path

from tremplin.applications import views

app_name = "applications"
urlpatterns = [
    path("jobs/<int:pk>/forward/", views.forward_posting, name="forward_posting"),
    path("applications/", views.tracker, name="tracker"),
    path("applications/new/", views.add_external, name="add"),
    path("applications/track/<int:pk>/", views.track, name="track"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/status/", views.change_status, name="status"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/delete/", views.delete, name="delete"),
    path("applications/forwards/<int:pk>/", views.forward_open, name="forward"),
    path("applications/forwards/<int:pk>/opened/", views.forward_opened, name="opened"),
    path("applications/forwards/<int:pk>/respond/", views.respond, name="respond"),
    path("applications/forwards/<int:pk>/applied/", views.forward_applied, name="applied"),
]
