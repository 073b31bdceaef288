from django.urls import path

from tremplin.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/requests/", views.inbox, {"box": "requests"}, name="requests"),
    path("messages/new/", views.new, name="new"),
    path("messages/search/", views.search, name="search"),
    path("messages/files/<int:pk>/", views.attachment, name="attachment"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/<int:pk>/updates/", views.updates, name="updates"),
    path("messages/<int:pk>/send/", views.send, name="send"),
    path("messages/<int:pk>/read/", views.read, name="read"),
    path("messages/<int:pk>/rename/", views.rename, name="rename"),
    path("messages/<int:pk>/m/<int:message_id>/", views.one_message, name="message"),
    path(
        "messages/<int:pk>/m/<int:message_id>/delete/",
        views.delete_message,
        name="delete_message",
    ),
]
for _action in views.ACTIONS:
    urlpatterns.append(
        path(f"messages/<int:pk>/{_action}/", views.action, {"action": _action}, name=_action)
    )
