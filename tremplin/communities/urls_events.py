"""URLs of the events part (joined in urls.py)."""

urlpatterns: list = []
