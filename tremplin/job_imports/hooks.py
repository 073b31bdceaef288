"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="job_imports",
        urls="tremplin.job_imports.urls",
        api_prefix="/job-imports",
        router="tremplin.job_imports.api.router",
    )
)
hooks.periodic.add(hooks.Periodic("job sources due", "tremplin.job_imports.tasks.poll_due_sources"))
