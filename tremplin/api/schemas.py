from ninja import Schema
from pydantic import ConfigDict

# Operations readable without credentials still accept a token: say both in OpenAPI.
OPTIONAL_AUTH: dict[str, list[dict[str, list[str]]]] = {"security": [{}, {"ApiAuth": []}]}


class StrictSchema(Schema):
    """Input schemas refuse unknown fields, so a typo is a 422, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str


class PIIErrorOut(Schema):
    detail: str
    pii: dict[str, list[str]]
