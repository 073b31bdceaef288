"""URLs of the events part (joined in urls.py). An event's own pages are under
/communities/events/<id>/ (the URL contract); the lists across communities and
organisations are under /events/, which no community slug can shadow."""

from django.urls import path

from tremplin.communities.views import events

urlpatterns = [
    path("events/", events.upcoming, name="events"),
    path("events/mine/", events.mine, name="events_mine"),
    path("events/new/", events.create, name="event_new"),
    path("events/calendar/renew/", events.renew_feed, name="event_feed_renew"),
    path("events/calendar/<str:token>.ics", events.feed, name="event_feed"),
    path("communities/events/<int:pk>/", events.event, name="event"),
    path("communities/events/<int:pk>/register/", events.register, name="event_register"),
    path("communities/events/<int:pk>/edit/", events.edit, name="event_edit"),
    path("communities/events/<int:pk>/cancel/", events.cancel, name="event_cancel"),
    path("communities/events/<int:pk>/event.ics", events.ics, name="event_ics"),
    path("communities/events/<int:pk>/attendees/", events.attendees, name="event_attendees"),
    path(
        "communities/events/<int:pk>/attendees.csv",
        events.attendees_csv,
        name="event_attendees_csv",
    ),
]
