from django.urls import path

from tests.plugin_app import views

app_name = "noticeboard"
urlpatterns = [path("notices/", views.board, name="board")]
