from ninja import Router

router = Router(tags=["job_imports"])
