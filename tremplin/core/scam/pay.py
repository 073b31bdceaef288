"""Pay far above the trade: "data entry, $45/hour, no experience", "mystery shopper,
$600 per one-hour assignment", "$1,200 a week for 2 hours a day".

Every sum with a unit (hour, day, week, month, year, task) becomes an hourly rate,
using the hours the text states ("2 hours a day", "quelques heures par semaine",
"part-time") or a full-time week. It is compared with what the trade named in the same
sentence pays, or, for a posting that says "no experience" / "simple tasks" / "from your
phone", with an entry-level wage. The typical rates are rounded from Canada's Job Bank
median wages (2023–2024) for the occupations; euros are read as dollars, which only
makes the guard more lenient with French postings. A skilled trade names no typical
rate here, so an electrician's $48/hour or a developer's $150,000 is never compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tremplin.core.scam.hit import STRONG, WEAK, Hit
from tremplin.core.scam.text import amounts, sentence_at

# (words naming the trade, its typical hourly wage)
TRADES: list[tuple[str, float]] = [
    (r"data entry|saisie|typist|dactylo", 21),
    (r"mystery (?:shopper|guest)s?|secret shoppers?|clients? mysteres?", 18),
    (
        r"package handlers?|parcel (?:handlers?|sorters?)|trieu(?:r|se)s?|manutentionnaires?|"
        r"colis|warehouse|entrepot|packers?|emballeu\w*",
        21,
    ),
    (r"receptionnistes?|receptionists?", 20),
    (
        r"personal assistants?|assistantes? personnel\w*|secretar\w*|secretaires?|"
        r"virtual assistants?|assistante? virtuel\w*",
        24,
    ),
    (r"surveys?|sondages?", 15),
    (r"envelopes?|enveloppes?|mise sous pli|circulaires|flyers", 16),
    (r"filing|classement", 20),
    (r"product testers?|testeu(?:r|se)s?|game testers?|reviewers?", 18),
    (r"cashiers?|caissi\w*|cleaners?|menage|janitors?", 17),
]
# Entry-level or "easy money" wording anywhere in the posting: an entry-level wage.
ENTRY_LEVEL = (
    r"\b(?:no experience|aucune experience|sans experience|no skills|aucune competence|"
    r"sans diplome|aucun diplome|no degree|debutants|beginners welcome|simple tasks|taches "
    r"simples|from your phone|depuis votre telephone|online job|emploi en ligne)\b"
)
ENTRY_WAGE = 20.0
# Ratios to the typical wage: WEAK from 1.4, STRONG from 1.8.
SOMEWHAT, FAR = 1.4, 1.8

_PER = [
    ("hour", r"/ ?h(?:r|our|eure)?\b|per hour|an hour|a hour|hourly|de l'heure|l'heure|par heure"),
    ("day", r"/ ?(?:day|jour)\b|per day|a day|daily|par jour|la journee|par journee"),
    ("week", r"/ ?(?:wk|week|semaine)\b|per week|a week|weekly|par semaine|la semaine"),
    ("month", r"/ ?(?:mo|month|mois)\b|per month|a month|monthly|par mois|le mois|mensuel\w*"),
    ("year", r"/ ?(?:yr|year|an)\b|per year|a year|annually|yearly|par an(?:nee)?|annuel\w*"),
    (
        "task",
        r"(?:per|for (?:every|each)|par|la|le|each) (?:assignment|survey|task|visit|mission|"
        r"package|parcel|envelope|shop|review|sondage|tache|visite|colis|enveloppe|paquet)s?\b",
    ),
]
_UNIT_AFTER = [(unit, re.compile(rf"\s*(?:{pattern})")) for unit, pattern in _PER]
_HOURS_A = re.compile(
    r"(?:(?<![\d.,])(\d+(?:[.,]\d)?)\s*(?:(?:to|-|a|à|ou|or)\s*(\d+(?:[.,]\d)?)\s*)?"
    r"|(a few|quelques|few) )"
    r"(?:hours?|heures?|h)\s*(?:a|per|par|/|each|chaque)\s*(day|jour|week|semaine)"
)
_TASK_TAKES = re.compile(
    r"(?:takes?|prend|de|lasting|of|about|environ) (?:about |environ )?(\d+|one|une|an?) "
    r"(hours?|heures?|minutes?|min)\b"
)


def _hours(text: str) -> tuple[float, float, float]:
    """(hours a day, hours a week, hours a task) the text states, else full time."""
    day, week, task = 8.0, 40.0, 1.0
    if re.search(r"\b(?:part-time|part time|temps partiel)\b", text):
        week = 20.0
    for match in _HOURS_A.finditer(text):
        low, high, few, per = match.groups()
        hours = 3.0 if few else float((high or low).replace(",", "."))
        if per in ("day", "jour"):
            day, week = hours, hours * 5
        else:
            week = 5.0 if few else hours
    taken = _TASK_TAKES.search(text)
    if taken:
        count = 1.0 if taken.group(1) in ("one", "une", "a", "an") else float(taken.group(1))
        task = count / 60 if taken.group(2).startswith("min") else count
    return day, week, task


def _hourly(value: float, unit: str, hours: tuple[float, float, float]) -> float:
    day, week, task = hours
    per = {"hour": 1, "day": day, "week": week, "month": week * 4.33, "year": week * 52}
    return value / (task if unit == "task" else per[unit])


def pay_hits(text: str) -> Iterator[Hit]:
    hours = _hours(text)
    entry_level = re.search(ENTRY_LEVEL, text) is not None
    best: tuple[float, int, int] | None = None
    for amount in amounts(text):
        unit = next((u for u, p in _UNIT_AFTER if p.match(text, amount.end)), None)
        if unit is None:
            continue
        sentence = text[slice(*sentence_at(text, amount.start, amount.end))]
        typical = [wage for words, wage in TRADES if re.search(rf"\b(?:{words})\b", sentence)]
        if entry_level:
            typical.append(ENTRY_WAGE)
        if not typical:
            continue
        ratio = _hourly(amount.value, unit, hours) / min(typical)
        if best is None or ratio > best[0]:
            best = (ratio, amount.start, amount.end)
    if best is not None and best[0] >= SOMEWHAT:
        yield Hit("high_pay", STRONG if best[0] >= FAR else WEAK, best[1], best[2])
