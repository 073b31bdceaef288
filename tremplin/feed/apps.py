from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "tremplin.feed"
    label = "feed"
