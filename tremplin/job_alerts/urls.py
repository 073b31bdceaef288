app_name = "job_alerts"
urlpatterns: list = []
