app_name = "job_imports"
urlpatterns: list = []
