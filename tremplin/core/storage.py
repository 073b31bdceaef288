from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class ForgivingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed names for cache-busting; third-party files that name a missing source
    map (the packaged htmx and swagger bundles) must not stop collectstatic."""

    manifest_strict = False

    def hashed_name(self, name: str, content: Any = None, filename: str | None = None) -> str:
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.endswith(".map"):
                return name
            raise
