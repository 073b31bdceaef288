from typing import Any

from ninja import Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field, field_validator

from tremplin.core.pii import kinds

# Operations readable without credentials still accept a token: say both in OpenAPI.
OPTIONAL_AUTH: dict[str, list[dict[str, list[str]]]] = {"security": [{}, {"ApiAuth": []}]}


def _no_nul(value: Any) -> Any:
    """NUL characters are never text a person typed, and PostgreSQL refuses them in text
    columns (a 500): refuse them here with a 422, as Django's form fields do."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


# A profile handle (a slug), spaces around it allowed: anything else is schema-invalid
# (a 422 the schema documents, not a lookup that finds nobody).
HANDLE_PATTERN = r"^\s*[-A-Za-z0-9_]+\s*$"


# Text patterns for input fields, so the schema says what StrictSchema and the services
# refuse: no NUL anywhere (TEXT), and for a required text at least one visible character
# (FILLED_TEXT: blank text is "empty" to the services).
TEXT = r"^[^\x00]*$"
FILLED_TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _say_no_nul(node: Any) -> None:
    """Give every free text in a JSON schema the TEXT pattern, so the document says what
    `_refuse_nul` enforces (a fuzzer sending a NUL must expect the 422)."""
    if isinstance(node, list):
        for item in node:
            _say_no_nul(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & node.keys():
        node["pattern"] = TEXT
    for key in ("anyOf", "oneOf", "allOf", "items", "additionalProperties"):
        if key in node:
            _say_no_nul(node[key])
    for value in node.get("properties", {}).values():
        _say_no_nul(value)


def _no_nul_in_schema(schema: dict[str, Any]) -> None:
    _say_no_nul(schema)


class StrictSchema(Schema):
    """Input schemas refuse unknown fields, so a typo is a 422, not a silent no-op, and
    refuse NUL characters in any text (and say so in their JSON schema)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_nul_in_schema)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        return _no_nul(value)


class ErrorOut(Schema):
    detail: str
    code: str | None = Field(
        None,
        description="Why, for programs: mfa_required, insufficient_scope, "
        "reauthentication_required, session_required, not_granted (the client has not "
        "granted this to their counsellor)... Absent on a 404.",
    )


class PIIErrorOut(Schema):
    detail: str
    pii: dict[str, list[str]]


def pii_refusal(texts: dict[str, str | None]) -> Status | None:
    """The PII guard's 422 (`PIIErrorOut`), naming what it found in each public text
    (None when nothing): a profile's or a post's texts, before `confirm_pii`."""
    found = {k: kinds(v) for k, v in texts.items() if v and kinds(v)}
    if not found:
        return None
    return Status(
        422,
        {
            "detail": "The text seems to contain personal data; edit it or send confirm_pii.",
            "pii": found,
        },
    )
