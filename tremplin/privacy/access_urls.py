from django.urls import path

from tremplin.privacy import access_views

app_name = "access"
urlpatterns = [
    path("privacy/who-saw-my-data/", access_views.mine, name="mine"),
    path("privacy/case-notes-reads/", access_views.notes_reads, name="notes_reads"),
]
