"""URLs of the communities part (joined in urls.py)."""

urlpatterns: list = []
