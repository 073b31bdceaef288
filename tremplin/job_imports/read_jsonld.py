"""schema.org JobPosting data in JSON-LD, from an HTML page or a JSON file (standard
library only: html.parser finds every `<script type="application/ld+json">`, json reads
it). Found wherever they are: `@graph`s, lists, ItemLists of ListItems, postings nested
in other objects (within 50,000 nodes and 12 levels).

Real pages bend the vocabulary, and each bend is read: a hiringOrganization given by its
`@id` (Yoast's @graph), or as a plain name, or with markup in the name; arrays where one
value is expected (a title, a url, two places); a region or a country as a name or an
object; a url relative to the page, or none (the page's own address, when the page
carries one posting); baseSalary as a number, a text or a MonetaryAmount.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from tremplin.job_imports.items import finish
from tremplin.job_imports.language import from_tag
from tremplin.job_imports.parsing import MAX_ITEMS, Parsed, ParseError, decode

MAX_JSON_NODES = 50_000


class _LDScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).split("/")[-1].split(":")[-1] for k in kinds]


def _walk(
    node: Any, budget: list[int], ids: dict[str, dict[str, Any]], depth: int = 0
) -> Iterator[dict[str, Any]]:
    """The JobPostings under `node`; every object with an @id is noted in `ids`."""
    budget[0] -= 1
    if budget[0] < 0 or depth > 12:
        return
    if isinstance(node, list):
        for child in node:
            yield from _walk(child, budget, ids, depth + 1)
    elif isinstance(node, dict):
        if isinstance(node.get("@id"), str) and len(node) > 1:
            ids.setdefault(node["@id"], node)
        if "JobPosting" in _types(node):
            yield node
        for key, value in node.items():
            if isinstance(value, dict | list) and key != "hiringOrganization":
                yield from _walk(value, budget, ids, depth + 1)


def parse_jsonld(content: bytes, *, address: str = "") -> Parsed:
    text = decode(content)
    stripped = text.lstrip()
    blocks: list[str]
    if stripped.startswith(("{", "[")):
        blocks = [stripped]
    else:
        scripts = _LDScripts()
        try:
            scripts.feed(text)
            scripts.close()
        except AssertionError:
            pass
        blocks = scripts.blocks
    postings: list[dict[str, Any]] = []
    ids: dict[str, dict[str, Any]] = {}
    broken = 0
    budget = [MAX_JSON_NODES]
    for block in blocks:
        try:
            data = json.loads(block.strip().removeprefix("<!--").removesuffix("-->"))
        except (ValueError, RecursionError):
            broken += 1
            continue
        postings.extend(_walk(data, budget, ids))
    if not postings:
        raise ParseError("bad_json" if broken else "no_postings")
    parsed = Parsed(items=[], complete=not broken, warning_code="broken_json" if broken else "")
    # A posting without a url is the page itself only when the page has one posting.
    page = address if len(postings) == 1 else ""
    for position, node in enumerate(postings[:MAX_ITEMS], start=1):
        raw = _raw(node, ids, page)
        parsed.items.append(finish(position, raw, address=address))
    return parsed


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("value") or value.get("name") or "")
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _one(value: Any) -> Any:
    """The first of a list given where one value is expected."""
    return value[0] if isinstance(value, list) and value else value


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """An object given by reference ({"@id": "#org"}) as the graph describes it."""
    value = _one(value)
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(str(value["@id"]), value)
    return value


def _raw(node: dict[str, Any], ids: dict[str, dict[str, Any]], page: str) -> dict[str, Any]:
    organisation = _resolve(node.get("hiringOrganization"), ids)
    named = not isinstance(organisation, dict) or "name" in organisation
    employer = _text(organisation) if named else ""  # an @id the page never describes
    company_url = ""
    if isinstance(organisation, dict):
        company_url = _text(organisation.get("sameAs") or organisation.get("url"))
    city, region, country = _place(node, ids)
    remote = ""
    if any(_text(t).upper() == "TELECOMMUTE" for t in _as_list(node.get("jobLocationType"))):
        remote = "telecommute"  # remote, or hybrid when the job also has a city
    applicant = ", ".join(_text(a) for a in _as_list(node.get("applicantLocationRequirements")))
    salary = _salary(_one(node.get("baseSalary")))
    contact = _one(node.get("applicationContact"))
    return {
        "title": _text(node.get("title") or node.get("name")),
        "description": _text(node.get("description")),
        "link": _text(node.get("url")) or _page_url(node),
        "page_address": page,
        "identifier": _text(node.get("identifier")),
        "employer": employer,
        "employer_url": company_url,
        "city": city,
        "region": region,
        "country": country,
        "remote": remote,
        "applicant_location": applicant,
        "employment_type": [_text(t) for t in _as_list(node.get("employmentType"))],
        **salary,
        "date_posted": _text(node.get("datePosted")) or None,
        "valid_through": _text(node.get("validThrough")) or None,
        "apply_email": _text(contact.get("email")) if isinstance(contact, dict) else "",
        "language": from_tag(_text(node.get("inLanguage"))),
    }


def _page_url(node: dict[str, Any]) -> str:
    """The page a posting says it is the main entity of (Yoast), when it has no url."""
    main = _one(node.get("mainEntityOfPage"))
    if isinstance(main, dict):
        return _text(main.get("@id") or main.get("url"))
    return main if isinstance(main, str) else ""


def _place(node: dict[str, Any], ids: dict[str, dict[str, Any]]) -> tuple[str, str, str]:
    """(locality, region, country) of the first jobLocation with an address: the first
    of several places (a posting stores one)."""
    for place in _as_list(node.get("jobLocation")):
        place = _resolve(place, ids)
        address = _resolve(place.get("address"), ids) if isinstance(place, dict) else None
        if isinstance(address, dict):
            return (
                _text(address.get("addressLocality")),
                _text(address.get("addressRegion")),
                _text(address.get("addressCountry")),
            )
        if isinstance(address, str):
            return address, "", ""
    return "", "", ""


def _salary(salary: Any) -> dict[str, str]:
    """baseSalary: a MonetaryAmount whose value is a QuantitativeValue or a number, a
    bare number, or a text ("$20 - $25 an hour")."""
    if isinstance(salary, dict):
        currency = _text(salary.get("currency"))
        value = _one(salary.get("value"))
        if isinstance(value, dict):
            low = _text(value.get("minValue") or value.get("value"))
            return {
                "salary_min": low,
                "salary_max": _text(value.get("maxValue")),
                "salary_unit": _text(value.get("unitText") or salary.get("unitText")),
                "salary_currency": currency,
            }
        return {"salary_min": _text(value), "salary_currency": currency}
    if isinstance(salary, int | float):
        return {"salary_min": str(salary)}
    if isinstance(salary, str) and salary.strip():
        return {"salary_text": salary}
    return {}
