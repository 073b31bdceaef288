from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class ForgivingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed names for cache-busting; third-party files that name a missing source
    map (the packaged htmx and swagger bundles) must not stop collectstatic.

    A file's URL is worked out once per process: the manifest does not change while
    the process runs, and every page asks for the same few files (each `url()` splits,
    normalises and looks the name up again: about 0.3 ms a page)."""

    manifest_strict = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    # (django-stubs: HashedFilesMixin.url and Storage.url disagree)
    def url(self, name: str, force: bool = False) -> str:  # type: ignore[override]
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found

    def hashed_name(self, name: str, content: Any = None, filename: str | None = None) -> str:
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.endswith(".map"):
                return name
            raise
