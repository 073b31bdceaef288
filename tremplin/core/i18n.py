from urllib.parse import urlsplit

from django.urls import translate_url
from django.utils import translation


def url_in_language(url: str, language: str) -> str:
    """The same page under another language prefix (/fr/p/x/ -> /en/p/x/).

    translate_url() resolves in the *active* language and i18n_patterns only match the
    active prefix, so the path is first resolved in the language its own prefix names.
    """
    with translation.override(translation.get_language_from_path(urlsplit(url).path)):
        return translate_url(url, language)
