"""URLs of the moderation part (joined in urls.py)."""

urlpatterns: list = []
