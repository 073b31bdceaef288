from django.urls import path

from tremplin.appointments import views

app_name = "appointments"
urlpatterns = [
    path("appointments/cases/<int:case_pk>/book/", views.book, name="book"),
    path("appointments/cases/<int:case_pk>/ask/", views.ask, name="ask"),
    path("appointments/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("appointments/<int:pk>/decline/", views.decline, name="decline"),
    path("appointments/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/held/", views.mark, {"status": "held"}, name="held"),
    path("appointments/<int:pk>/missed/", views.mark, {"status": "missed"}, name="missed"),
    path("appointments/<int:pk>/calendar.ics", views.download, name="ics"),
]
