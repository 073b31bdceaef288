from django.urls import path

from tremplin.recruiting import views

app_name = "recruiting"
urlpatterns = [
    path("recruiting/candidates/", views.search, name="search"),
    path("recruiting/candidates/<slug:handle>/contact/", views.contact, name="contact"),
]
