"""URLs of the threads part (joined in urls.py)."""

urlpatterns: list = []
