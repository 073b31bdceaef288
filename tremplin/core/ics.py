"""A small iCalendar (RFC 5545) writer for calendar invitations (appointments, mentoring
sessions), and a reader used by the tests. Written here rather than with the `icalendar`
package because one VEVENT is all we send, and the rules that matter are few: TEXT
escaping (backslash, semicolon, comma, newline), CRLF line endings, and lines folded at
75 octets without cutting a UTF-8 character in two."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def unescape_text(value: str) -> str:
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in ("n", "N") else following)
        else:
            out.append(char)
    return "".join(out)


def param_value(value: str) -> str:
    """A parameter value, always quoted (a quote cannot appear inside: RFC 5545 3.2)."""
    cleaned = "".join(c for c in value if c not in '"\r\n' and (c >= " " or c == "\t"))
    return f'"{cleaned}"'


def fold(line: str) -> str:
    """Fold one content line at 75 octets; continuation lines start with a space, which
    counts in their 75."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts = []
    start = 0
    limit = MAX_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Never cut inside a UTF-8 sequence: back up to a leading byte.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start = end
        limit = MAX_OCTETS - 1
    return (CRLF + " ").join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class Event:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    organizer_name: str = ""
    organizer_email: str = ""
    attendee_name: str = ""
    attendee_email: str = ""
    stamp: datetime = field(default_factory=lambda: datetime.now(UTC))


def calendar(
    event: Event, *, method: str, language: str = "fr", product: str = "Appointments"
) -> str:
    """One VCALENDAR with one VEVENT; `method` is REQUEST or CANCEL (iTIP)."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unknown iTIP method {method!r}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Tremplin//{product}//{language.upper()[:2]}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"SEQUENCE:{int(event.sequence)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY;LANGUAGE={language}:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION;LANGUAGE={language}:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION;LANGUAGE={language}:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer_email:
        lines.append(
            f"ORGANIZER;CN={param_value(event.organizer_name)}:mailto:{event.organizer_email}"
        )
    if event.attendee_email:
        lines.append(
            f"ATTENDEE;CN={param_value(event.attendee_name)};ROLE=REQ-PARTICIPANT:"
            f"mailto:{event.attendee_email}"
        )
    lines += [
        f"STATUS:{'CANCELLED' if event.cancelled or method == 'CANCEL' else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF


# ------------------------------------------------------------------ reading (tests, tools)


@dataclass
class Line:
    name: str
    params: dict[str, str]
    value: str


def unfold(text: str) -> list[str]:
    """Content lines, unfolded (a CRLF followed by a space or tab continues a line)."""
    return [line for line in text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n") if line]


def _split_content_line(line: str) -> Line:
    # The name and parameters end at the first colon outside a quoted parameter value.
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise ValueError(f"not a content line: {line!r}")
    name, *raw_params = head.split(";")
    params = {}
    for raw in raw_params:
        key, _, val = raw.partition("=")
        params[key.upper()] = val.strip('"')
    return Line(name.upper(), params, value)


def parse(text: str) -> list[Line]:
    return [_split_content_line(line) for line in unfold(text)]


def event_properties(text: str) -> dict[str, str]:
    """The VEVENT's properties, TEXT values unescaped (the last one of each name)."""
    found: dict[str, str] = {}
    inside = False
    for line in parse(text):
        if line.name == "BEGIN" and line.value == "VEVENT":
            inside = True
        elif line.name == "END" and line.value == "VEVENT":
            inside = False
        elif inside:
            found[line.name] = unescape_text(line.value)
    return found
