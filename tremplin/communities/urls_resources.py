"""URLs of the resources part (joined in urls.py)."""

urlpatterns: list = []
