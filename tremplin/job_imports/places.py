"""Where an imported job is: city, Canadian province, country, remote — read from what
the source wrote ("Ottawa, ON", "Montréal (QC)", "CA-QC-Trois-Rivières", "33 - BORDEAUX",
"Lisbon, Portugal", "Rabat, Maroc", "Worldwide", "Remote (Canada)").

Nothing is guessed: a city alone has no province or country (London is in Ontario and in
England), a job with no place has none, and a place outside Canada has no province. What
the text does say is used: a province means Canada, a US state the United States.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tremplin.job_imports.text import fold

CITY_MAX = 80

PROVINCES = {
    **{
        code.lower(): code
        for code in (["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"])
    },
    "alberta": "AB",
    "alta": "AB",
    "british columbia": "BC",
    "colombie britannique": "BC",
    "b c": "BC",
    "c b": "BC",
    "manitoba": "MB",
    "man": "MB",
    "new brunswick": "NB",
    "nouveau brunswick": "NB",
    "n b": "NB",
    "newfoundland and labrador": "NL",
    "newfoundland": "NL",
    "terre neuve et labrador": "NL",
    "nf": "NL",
    "nfld": "NL",
    "nova scotia": "NS",
    "nouvelle ecosse": "NS",
    "n e": "NS",
    "northwest territories": "NT",
    "territoires du nord ouest": "NT",
    "nwt": "NT",
    "nunavut": "NU",
    "ontario": "ON",
    "ont": "ON",
    "prince edward island": "PE",
    "ile du prince edouard": "PE",
    "pei": "PE",
    "i p e": "PE",
    "quebec": "QC",
    "que": "QC",
    "pq": "QC",
    "saskatchewan": "SK",
    "sask": "SK",
    "yukon": "YT",
    "yk": "YT",
}
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)
US_STATE_NAMES = frozenset(
    {
        "california", "new york", "texas", "florida", "washington", "massachusetts", "illinois",
        "oregon", "colorado", "georgia", "michigan", "ohio", "pennsylvania", "virginia",
        "new jersey", "north carolina", "arizona", "minnesota", "maine", "vermont",
        "new hampshire", "californie", "floride", "caroline du nord", "pennsylvanie", "virginie",
    }
)  # fmt: skip
# Country names in English and French (folded), ISO 3166-1 alpha-2 and a few alpha-3 codes.
COUNTRY_NAMES = {
    "canada": "CA", "can": "CA",
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u s": "US", "u s a": "US", "etats unis": "US", "etats unis d amerique": "US",
    "united kingdom": "GB", "uk": "GB", "u k": "GB", "great britain": "GB", "gbr": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "royaume uni": "GB", "angleterre": "GB", "ecosse": "GB", "pays de galles": "GB",
    "france": "FR", "fra": "FR", "belgium": "BE", "belgique": "BE", "switzerland": "CH",
    "suisse": "CH", "luxembourg": "LU", "morocco": "MA", "maroc": "MA", "tunisia": "TN",
    "tunisie": "TN", "algeria": "DZ", "algerie": "DZ", "senegal": "SN", "ivory coast": "CI",
    "cote d ivoire": "CI", "cameroon": "CM", "cameroun": "CM", "portugal": "PT",
    "spain": "ES", "espagne": "ES", "italy": "IT", "italie": "IT", "germany": "DE",
    "allemagne": "DE", "deutschland": "DE", "netherlands": "NL", "the netherlands": "NL",
    "pays bas": "NL", "ireland": "IE", "irlande": "IE", "austria": "AT", "autriche": "AT",
    "poland": "PL", "pologne": "PL", "romania": "RO", "roumanie": "RO", "sweden": "SE",
    "suede": "SE", "norway": "NO", "norvege": "NO", "denmark": "DK", "danemark": "DK",
    "finland": "FI", "finlande": "FI", "greece": "GR", "grece": "GR", "mexico": "MX",
    "mexique": "MX", "brazil": "BR", "bresil": "BR", "argentina": "AR", "argentine": "AR",
    "chile": "CL", "chili": "CL", "colombia": "CO", "colombie": "CO", "peru": "PE",
    "perou": "PE", "haiti": "HT", "india": "IN", "inde": "IN", "china": "CN", "chine": "CN",
    "japan": "JP", "japon": "JP", "south korea": "KR", "coree du sud": "KR",
    "philippines": "PH", "vietnam": "VN", "singapore": "SG", "singapour": "SG",
    "australia": "AU", "australie": "AU", "new zealand": "NZ", "nouvelle zelande": "NZ",
    "lebanon": "LB", "liban": "LB", "israel": "IL", "egypt": "EG", "egypte": "EG",
    "nigeria": "NG", "kenya": "KE", "south africa": "ZA", "afrique du sud": "ZA",
    "united arab emirates": "AE", "emirats arabes unis": "AE", "uae": "AE", "ukraine": "UA",
    "czech republic": "CZ", "czechia": "CZ", "republique tcheque": "CZ", "hungary": "HU",
    "hongrie": "HU", "estonia": "EE", "estonie": "EE", "lithuania": "LT", "latvia": "LV",
}  # fmt: skip
ISO_CODES = frozenset(COUNTRY_NAMES.values())
# Words that say the job is anywhere (a remote board's "where applicants may live").
WORLDWIDE = frozenset(
    {
        "worldwide", "anywhere", "anywhere in the world", "global", "partout",
        "partout dans le monde", "monde entier", "international",
    }
)  # fmt: skip
# Areas wider than a country: they name no city, province or country.
AREAS = frozenset(
    {
        "europe", "emea", "apac", "latam", "americas", "north america", "amerique du nord",
        "africa", "afrique", "asia", "asie", "european union", "union europeenne", "eu",
        "multiple locations", "various locations", "plusieurs lieux", "several locations",
        "afrique du nord", "north africa", "middle east", "moyen orient",
    }
)  # fmt: skip
ANYWHERE = WORLDWIDE | AREAS
REMOTE = re.compile(
    r"\b(remote|remotely|teletravail|a distance|work from home|wfh|telecommute|anywhere)\b"
)
ONLY = re.compile(r"\b(only|seulement|uniquement)\b", re.IGNORECASE)


@dataclass
class Place:
    city: str = ""
    region: str = ""  # a Canadian province or territory code
    country: str = ""  # ISO 3166-1 alpha-2
    remote: bool = False

    def __bool__(self) -> bool:
        return bool(self.city or self.region or self.country)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def province(value: object) -> str:
    """ "QC" from "QC", "Qc", "Québec", "Que." ...; "" for anything else."""
    return PROVINCES.get(_key(str(value or "")), "")


def country(value: object) -> str:
    """ "PT" from "PT", "pt", "Portugal", "PRT"...; "" for anything else."""
    text = str(value or "").strip()
    key = _key(text)
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    return key.upper() if len(key) == 2 and key.upper() in ISO_CODES else ""


def _is_state(part: str) -> bool:
    return (
        part.strip(". ").upper() in US_STATES
        and part.strip(". ").isupper()
        or (_key(part) in US_STATE_NAMES)
    )


def _city(text: str) -> str:
    """A city as written, without a French arrondissement number ("Lyon 03", "MARSEILLE
    02"), in title case when it was shouted ("BORDEAUX")."""
    text = re.sub(r"\s+\d{1,2}(e|er|eme)?$", "", text.strip(" .-"))
    if text.isupper() and len(text) > 3:
        text = "-".join(w.capitalize() for w in text.lower().split("-"))
        text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text[:CITY_MAX]


def _coded(text: str) -> Place | None:
    """Workday and Taleo's "CA-ON-Toronto", "CAN-ON-Hamilton", "USA-NY-New York"."""
    found = re.fullmatch(r"([A-Z]{2,3})-([A-Z]{2})-(.+)", text)
    if not found:
        return None
    where = country(found.group(1))
    if not where:
        return None
    region = province(found.group(2)) if where == "CA" else ""
    return Place(city=_city(found.group(3)), region=region, country=where)


def _french_department(text: str) -> str:
    """The city of "33 - BORDEAUX", "Lyon 03 - 69", "13 - MARSEILLE 02" (France Travail,
    APEC), else ""."""
    found = re.fullmatch(r"(?:\d{2}|2[AB]|97\d) - (.+)", text) or re.fullmatch(
        r"(.+?) - (?:\d{2}|2[AB]|97\d)", text
    )
    return _city(found.group(1)) if found else ""


def parse_place(value: object, *, city_first: bool = False) -> Place:
    """City, province, country and remote from a written location. `city_first`: the
    text is a locality (schema.org addressLocality), so its first part is a city even when
    it could be a province ("Québec")."""
    text = " ".join(str(value or "").split())
    place = Place()
    if not text:
        return place
    folded = fold(text)
    if REMOTE.search(folded) or _key(text) in WORLDWIDE:
        place.remote = True
    coded = _coded(text)
    if coded is not None:
        return coded
    department = _french_department(text)
    if department:
        place.city = department
        return place
    text = re.sub(r"\(([^)]*)\)", r", \1", text)
    parts = [p.strip(" .") for p in re.split(r",|;|\s[-–|/]\s", text) if p.strip(" .")]
    kept = [p for p in parts if not _is_noise(p)]
    # "Remote - US": once "Remote" is gone, what is left is no longer a city first.
    _read_from_the_end(kept, place, city_first and kept[:1] == parts[:1])
    if place.region:
        place.country = place.country or "CA"
    if place.country and place.country != "CA":
        place.region = ""
    return place


def _is_noise(part: str) -> bool:
    key = _key(ONLY.sub("", fold(part)))
    return not key or key in ANYWHERE or bool(REMOTE.fullmatch(key)) or key == "hybrid"


def _read_from_the_end(parts: list[str], place: Place, city_first: bool) -> None:
    """Country, then province or state, from the last parts; the first part left is the
    city (other parts, a foreign region or a district, are dropped)."""
    parts = [ONLY.sub("", p).strip() for p in parts]
    least = 2 if city_first else 1  # a locality's first part is its city, whatever it is
    if len(parts) >= least and country(parts[-1]) and not _state_here(parts):
        place.country = country(parts.pop())
    if len(parts) >= least:
        _province_or_state(parts, place, city_first)
    if not parts:
        return
    city = parts[0]
    if city_first or len(parts) > 1 or not (province(city) or country(city)):
        place.city = _city(city)


def _province_or_state(parts: list[str], place: Place, city_first: bool) -> None:
    last = parts[-1]
    if province(last) and (len(parts) > 1 or not city_first):
        place.region = province(parts.pop())
        place.country = place.country or "CA"
    elif _is_state(last) and place.country in ("", "US") and len(parts) > 1:
        parts.pop()
        place.country = "US"


def _state_here(parts: list[str]) -> bool:
    """ "San Francisco, CA": a two-letter code after a city alone is a US state (the US
    boards' way), not a country; "Toronto, ON, CA" ends with Canada."""
    last = parts[-1].strip(". ")
    return len(parts) == 2 and last.isupper() and last in US_STATES and not province(parts[0])
