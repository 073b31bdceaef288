"""What a posting's words say when its data does not: a closing date ("Date limite :
15 janvier 2027", "Apply by January 15, 2027"), an employment type ("CDD", "temps
partiel", "Seasonal, full time"), remote or hybrid work, and the labelled lines job
boards write into descriptions ("Employeur :", "Lieu :", "Employment Type:").

Each reader answers only what the words say, or nothing; `items.finish` uses them after
the structured fields, never over them.
"""

from __future__ import annotations

import re
from datetime import date

from tremplin.job_imports.text import fold
from tremplin.jobs.models import EmploymentType, Workplace

FR_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# Phrases that announce a closing date (folded: no accents, lower case).
DEADLINE = re.compile(
    r"date limite|date de cloture|fin de l.affichage|au plus tard|avant le|jusqu.au|"
    r"closing date|closes on|closing on|apply by|apply before|application deadline|"
    r"deadline|applications close|until|posting ends|expires?"
)
DATE_FORMS = (
    # 15 janvier 2027, le 1er fevrier 2027
    (re.compile(r"(\d{1,2})(?:er|e)?\s+([a-z]{3,9})\.?\s+(\d{4})"), "dmy_name"),
    # January 15, 2027 / Jan. 15 2027
    (re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), "mdy_name"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "iso"),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), "dmy"),
)


def _date(kind: str, groups: tuple[str, ...]) -> date | None:
    try:
        if kind == "dmy_name":
            month = FR_MONTHS.get(groups[1]) or EN_MONTHS.get(groups[1])
            return date(int(groups[2]), month, int(groups[0])) if month else None
        if kind == "mdy_name":
            month = EN_MONTHS.get(groups[0]) or FR_MONTHS.get(groups[0])
            return date(int(groups[2]), month, int(groups[1])) if month else None
        if kind == "iso":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        # dd/mm/yyyy as French and Canadian forms write it; mm/dd only when it cannot
        # be a day first (31/12 is read, 12/31 too, 05/06 as 5 June).
        first, second, year = (int(g) for g in groups)
        if first > 12 or second <= 12:
            return date(year, second, first)
        return date(year, first, second)
    except ValueError:
        return None


def closing_date(text: str) -> date | None:
    """The first date written shortly after a closing-date phrase, else None."""
    folded = fold(text)
    for phrase in DEADLINE.finditer(folded):
        window = folded[phrase.end() : phrase.end() + 60]
        found: list[tuple[int, date]] = []
        for pattern, kind in DATE_FORMS:
            match = pattern.search(window)
            if match:
                day = _date(kind, match.groups())
                if day is not None:
                    found.append((match.start(), day))
        if found:
            return min(found)[1]
    return None


# Employment types by precedence: the more telling word wins ("Seasonal, full time" is
# seasonal; "CDI, temps partiel" is part time). Folded words, matched whole.
TYPE_WORDS = (
    (EmploymentType.INTERN, r"intern|internship|stage|stagiaire|co-?op|alternance|apprenti\w*|"
     r"apprentissage|work.?study|fellowship"),
    (EmploymentType.VOLUNTEER, r"volunteer|benevole|benevolat"),
    (EmploymentType.TEMPORARY, r"temporary|temporaire|temp|seasonal|saisonnier|saisonniere|"
     r"saisonnier\(ere\)|casual|occasionnel|cdd|fixed.?term|duree determinee|interim|"
     r"short.?term|summer"),
    (EmploymentType.CONTRACTOR, r"contract|contractor|contrat|contractuel|freelance|"
     r"independant|consultant|self.?employed|travailleur autonome"),
    (EmploymentType.PER_DIEM, r"per.?diem|a la journee"),
    (EmploymentType.PART_TIME, r"part.?time|temps partiel|mi.?temps|partiel"),
    (EmploymentType.FULL_TIME, r"full.?time|fulltime|temps plein|plein temps|temps complet|"
     r"permanent|permanente|cdi|duree indeterminee|regular|regulier|reguliere"),
)  # fmt: skip
# The same in running text: only unambiguous phrases ("stage", "temp", "contract" and
# "summer" say other things in a sentence).
TEXT_TYPE_WORDS = (
    (EmploymentType.INTERN, r"internship|stage remunere|alternance|apprentissage"),
    (EmploymentType.TEMPORARY, r"seasonal|saisonnier|temporaire|temporary|cdd|fixed.?term"),
    (EmploymentType.CONTRACTOR, r"contrat de \d+ mois|\d+.month contract|contract position"),
    (EmploymentType.PART_TIME, r"part.?time|temps partiel"),
    (EmploymentType.FULL_TIME, r"full.?time|temps plein|temps complet|cdi"),
)


def employment_type(*values: object, table: tuple[tuple[str, str], ...] = TYPE_WORDS) -> str:
    """The schema.org employment type the values name (the most telling one), or ""."""
    words = " | ".join(fold(str(v)).replace("_", " ") for v in values if v)
    if not words:
        return ""
    for kind, pattern in table:
        if re.search(rf"(?<![a-z])(?:{pattern})(?![a-z])", words):
            return str(kind)
    if re.search(r"(?<![a-z])other|autre(?![a-z])", words):
        return str(EmploymentType.OTHER)
    return ""


def employment_type_in_text(text: str) -> str:
    return employment_type(text, table=TEXT_TYPE_WORDS)


HYBRID = re.compile(r"\bhybrid\b|\bhybride\b|teletravail partiel|partial remote|partly remote")
FULLY_REMOTE = re.compile(
    r"fully remote|100\s?% remote|remote.first|entierement (en teletravail|a distance)|"
    r"100\s?% (en )?teletravail|remote position|poste en teletravail"
)


def workplace_in_text(text: str) -> str:
    """Hybrid or remote work as a description says it, else ""."""
    folded = fold(text)
    if HYBRID.search(folded):
        return str(Workplace.HYBRID)
    if FULLY_REMOTE.search(folded):
        return str(Workplace.REMOTE)
    return ""


LABELS = {
    "employer": r"employeur|employer|entreprise|company|organisation|organization|"
    r"nom de l.employeur|hiring organi[sz]ation",
    "location": r"lieu|lieu de travail|location|localisation|ville|city|work location|"
    r"lieu d.emploi|endroit",
    "employment_type": r"statut d.emploi|type d.emploi|type de poste|type de contrat|"
    r"employment type|job type|statut|status|horaire de travail|type",
}


def labelled(text: str) -> dict[str, str]:
    """The values of "Label : value" lines (the first of each kind)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"[\W_]*([^:\n]{2,40}?)\s*[*_]*\s*:\s*[*_]*\s*(.+)", line)
        if not match:
            continue
        label = fold(match.group(1)).strip(" *_")
        value = match.group(2).strip(" *_")
        for kind, pattern in LABELS.items():
            if kind not in found and re.fullmatch(pattern, label) and value:
                found[kind] = value[:200]
    return found
