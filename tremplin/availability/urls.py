from django.urls import path

from tremplin.availability import views

app_name = "availability"
urlpatterns = [path("availability/", views.week, name="week")]
