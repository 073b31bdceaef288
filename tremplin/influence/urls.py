from django.urls import path

from tremplin.influence import views

app_name = "influence"
urlpatterns = [
    path("influence/", views.home, name="home"),
]
