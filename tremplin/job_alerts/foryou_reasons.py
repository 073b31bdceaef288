"""Why a posting is suggested, as sentences in the reader's language.

Reasons are data (`{"code": ..., "items": [...]}`, foryou.py) rendered when read: the
member reads them addressed to them ("a job you are looking for"); their counsellor, on
the case page, about the client ("a job the client is looking for")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from tremplin.core.regions import Region


def _texts(code: str, count: int, about_client: bool) -> str:
    """The sentence of one reason, with `%(items)s` (`%(first)s` and `%(second)s` for two
    languages)."""
    if code == "role":
        if about_client:
            return _("The title matches a job the client is looking for: %(items)s.")
        return _("The title matches a job you are looking for: %(items)s.")
    if code == "skills":
        if about_client:
            return ngettext(
                "It asks for a skill on the client's profile: %(items)s.",
                "It asks for skills on the client's profile: %(items)s.",
                count,
            )
        return ngettext(
            "It asks for a skill on your profile: %(items)s.",
            "It asks for skills on your profile: %(items)s.",
            count,
        )
    if code == "region":
        if about_client:
            return _("In %(items)s, where the client looks for work.")
        return _("In %(items)s, where you look for work.")
    if code == "remote":
        return _("Remote work.")
    if code == "language":
        if count == 2:
            if about_client:
                return _("In %(first)s and %(second)s, languages the client works in.")
            return _("In %(first)s and %(second)s, languages you work in.")
        if about_client:
            return _("In %(items)s, a language the client works in.")
        return _("In %(items)s, a language you work in.")
    if about_client:
        return _("Pays at least the salary the client wishes.")
    return _("Pays at least the salary you wish.")


def reason_sentences(reasons: list[dict[str, Any]], about_client: bool = False) -> list[str]:
    """The reasons as sentences in the active language (the reader's); `about_client`
    for a counsellor reading a client's suggestions."""
    lower = get_language() == "fr"  # language names are common nouns in French
    languages = {
        code: str(name).lower() if lower else str(name) for code, name in settings.LANGUAGES
    }
    regions = dict(Region.choices)
    out = []
    for reason in reasons or []:
        code, items = reason.get("code"), [str(i) for i in reason.get("items") or []]
        if code not in {"role", "skills", "region", "remote", "language", "salary"}:
            continue
        if code == "region":
            items = [str(regions.get(i, i)) for i in items]
        elif code == "language":
            items = [languages.get(i, i) for i in items]
        text = _texts(str(code), len(items), about_client)
        values = {"items": ", ".join(items)}
        if code == "language" and len(items) == 2:
            values = {"first": items[0], "second": items[1]}
        out.append(text % values)
    return out
