# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""Jobs for you: the open postings that fit a member, ranked, each with its reasons.

What a member wishes (`Wishes`) comes from their job preferences (`JobPreferences`:
desired roles, region or remote, minimum salary, languages) and their profile (skills;
region and languages when no preference says otherwise). When a counsellor asks for a
client (`wishes_of(client, viewer=counsellor)`, with the profile scope checked by the
caller), only the profile sections the client shows that counsellor are read.

Suggested postings are always `Posting.objects.visible_to(member).open()` — the MEMBER's
view, whoever asks — so nothing the member may not see is ever suggested.

Bounded work (DESIGN.md "Hot paths"): SQL keeps the postings in the member's place
(their region, or remote) that they can work in (no required language they lack) and
whose search document names one of their roles or skills, newest first, at most
`POOL` for the roles and `POOL` for the skills (two statements: a broad skill such as
"service" cannot crowd out an older posting with the wished title), found through the
word index (GIN on PostgreSQL, FTS5 on SQLite). Each candidate comes with its document's
normalised words; Python scores the few hundred candidates (a skill is shared when all
its words are among them) and only the page's rows are then read.

Points (a suggestion needs a role or a skill; the rest orders them):
- a desired role whose words are all in the title: 6 (the best role only);
- each shared skill (its words in the posting's text): 2, 3 skills at most;
- in the member's region: 2; remote (and the member takes remote work): 2;
- written in, or requiring, a language the member works in: 1;
- a salary at or above the wished minimum (both as yearly amounts): 2.
Ties go to the newest posting.

Reasons are data (`{"code": ..., "items": [...]}`), rendered by `reason_sentences`
(foryou_reasons.py) in the reader's language (mentoring.scoring's way): the same
suggestion reads in French to a French-speaking counsellor, about the client, and in
English to an English-speaking member, addressed to her.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from tremplin.job_alerts.documents import (
    TSQUERY_SQL,
    WORDS,
    fold,
    is_postgres,
    planned_rows,
    tokens,
)
from tremplin.job_alerts.foryou_reasons import reason_sentences
from tremplin.job_alerts.models import JobPreferences, PostingDocument, RemoteChoice
from tremplin.job_alerts.search import RESULT_FIELDS
from tremplin.job_alerts.search import SELECTIVE as SEARCH_SELECTIVE
from tremplin.jobs.content import yearly
from tremplin.jobs.models import Posting, Workplace
from tremplin.profiles.choices import LANGUAGE_NAMES

# Candidates per pool (roles, skills): the newest that name one of them.
POOL = 150
PAGE_SIZE = 20
MAX_ROLES = 5
MAX_SKILLS = 10


@dataclass(frozen=True)
class Wishes:
    user_id: int
    roles: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    region: str = ""
    remote: str = RemoteChoice.ALSO
    min_yearly: Decimal | None = None
    languages: frozenset[str] = frozenset()
    # The member saved job preferences (else the wishes are the profile's defaults).
    saved: bool = False
    role_words: tuple[frozenset[str], ...] = field(init=False)
    skill_words: tuple[frozenset[str], ...] = field(init=False)

    def __post_init__(self) -> None:
        stems = tuple(frozenset(_stem(word) for word in tokens(role)) for role in self.roles)
        object.__setattr__(self, "role_words", stems)
        words = tuple(frozenset(tokens(skill)) for skill in self.skills)
        object.__setattr__(self, "skill_words", words)

    @property
    def empty(self) -> bool:
        """Nothing to match on: the page asks for roles or skills."""
        return not self.roles and not self.skills


@dataclass
class Suggestion:
    posting: Posting
    score: int
    reasons: list[dict[str, Any]]

    @property
    def sentences(self) -> list[str]:
        return reason_sentences(self.reasons)

    @property
    def sentences_about_client(self) -> list[str]:
        """The reasons as the client's counsellor reads them (the case page)."""
        return reason_sentences(self.reasons, about_client=True)


def language_codes(names: list[str]) -> set[str]:
    """The codes ("fr", "en", ...) of a profile's languages, written as the member wrote
    them (profiles.choices.LANGUAGE_NAMES)."""
    found = set()
    for name in names:
        words = set(fold(name).split())
        found |= {code for code, known in LANGUAGE_NAMES.items() if words & set(known)}
    return found


def preferences_of(member: Any) -> JobPreferences | None:
    return JobPreferences.objects.filter(owner=member.pk).first()


def profile_defaults(member: Any, viewer: Any = None, role: bool = True) -> dict[str, Any]:
    """What the profile says (for `viewer`: only the sections they are shown): skills,
    region, languages and, with `role`, the latest job title (a desired role to propose).
    Each section is one `values_list` query, asked only when it is shown."""
    from tremplin.profiles.models import Profile

    profile = Profile.objects.filter(user=member.pk).select_related("user").first()
    if profile is None:
        return {"skills": [], "region": "", "languages": [], "role": ""}
    shown = profile.sections_visible_to(viewer) if viewer is not None else None

    def has(section: str) -> bool:
        return shown is None or section in shown

    languages = set()
    if has("languages"):
        languages = language_codes(list(profile.languages.values_list("language", flat=True)))
    if viewer is None:
        languages.add(profile.service_language)
    latest = ""
    if role and has("experience"):
        titles = profile.experiences.order_by("-start", "-pk").values_list("title", flat=True)
        latest = titles.first() or ""
    return {
        "skills": list(profile.skills.values_list("name", flat=True)) if has("skills") else [],
        "region": profile.region if has("basics") else "",
        "languages": sorted(languages & {"fr", "en"}),
        "role": latest,
    }


def wishes_of(member: Any, viewer: Any = None) -> Wishes:
    """The member's wishes: their preferences, else the profile's defaults (what
    `viewer`, their counsellor, is shown of the profile when given)."""
    prefs = preferences_of(member)
    defaults = profile_defaults(member, viewer, role=False)
    if prefs is None:
        return Wishes(
            user_id=member.pk,
            skills=tuple(defaults["skills"][:MAX_SKILLS]),
            region=defaults["region"],
            languages=frozenset(defaults["languages"]),
        )
    return Wishes(
        user_id=member.pk,
        roles=tuple(prefs.roles[:MAX_ROLES]),
        skills=tuple(defaults["skills"][:MAX_SKILLS]),
        region=prefs.region,
        remote=prefs.remote,
        min_yearly=yearly(prefs.min_salary, prefs.salary_unit),
        languages=frozenset(prefs.languages or defaults["languages"]),
        saved=True,
    )


# ------------------------------------------------------------------ candidates


def place_of(wishes: Wishes) -> Q | None:
    """Where the member looks for work, as a condition on `region` and `workplace`:
    fields of both postings and their search documents (which copy them)."""
    if wishes.remote == RemoteChoice.ONLY:
        return Q(workplace=Workplace.REMOTE)
    if wishes.region:
        place = Q(region=wishes.region)
        if wishes.remote == RemoteChoice.ALSO:
            return place | Q(workplace=Workplace.REMOTE)
        return place & ~Q(workplace=Workplace.REMOTE)
    if wishes.remote == RemoteChoice.NEVER:
        return ~Q(workplace=Workplace.REMOTE)
    return None


def placed(member: Any, wishes: Wishes) -> QuerySet[Posting]:
    """The open postings the member may see, in their place, in languages they work in."""
    found = Posting.objects.visible_to(member).open()
    place = place_of(wishes)
    if place is not None:
        found = found.filter(place)
    if wishes.languages:
        if "fr" not in wishes.languages:
            found = found.exclude(requires_french=True)
        if "en" not in wishes.languages:
            found = found.exclude(requires_english=True)
    return found


_DOC = PostingDocument._meta.db_table


def _prepared(wishes: Wishes) -> tuple[list[str], list[str]]:
    """What a document must hold for the roles' pool and for the skills' pool, one entry
    per role or skill: PostgreSQL, the tsquery as text, all in one round trip (made per
    row, `plainto_tsquery(unaccent(...))` cost more than the match); SQLite, the
    normalised words. A role's words are also looked for as the beginnings of words,
    as titles are scored (`_stem`): the french stemmer makes 'cuisini' of cuisinier but
    'cuisinier' of cuisinière, and SQLite's index holds whole words. Terms without a
    word are left out."""
    roles = [(r, stems) for r, stems in zip(wishes.roles, wishes.role_words, strict=True) if stems]
    skills = [skill for skill in dict.fromkeys(wishes.skills) if tokens(skill)]
    if not is_postgres():
        return (
            [" ".join(sorted(f"{stem}*" for stem in stems)) for _role, stems in roles],
            [" ".join(sorted(set(tokens(skill)))) for skill in skills],
        )
    if not roles and not skills:
        return [], []
    columns = [f"({TSQUERY_SQL} || to_tsquery('simple', %s))::text"] * len(roles)
    columns += [f"({TSQUERY_SQL})::text"] * len(skills)
    params: list[str] = []
    for role, stems in roles:
        params += [role, role, " & ".join(f"{stem}:*" for stem in sorted(stems))]
    for skill in skills:
        params += [skill, skill]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        values = list(cursor.fetchone())
    # A skill whose every word is a stop word prints as '' (no lexeme).
    return values[: len(roles)], [value for value in values[len(roles) :] if "'" in value]


def _any_of(prepared: list[str], place: Q | None) -> tuple[str, list[Any]]:
    """SQL true when the posting's document names one of the prepared terms: the ids of
    the documents that match, found by the word index (PostgreSQL: one tsquery of them
    all on the GIN index; SQLite: one FTS5 query, migration 0006). Testing each document
    in turn cost 70-350 ms over 50,000 postings on SQLite (bench/README.md)."""
    if is_postgres():
        return _any_of_postgres(prepared, place)
    match = " OR ".join(
        "(" + " AND ".join(_fts_word(word) for word in term.split()) + ")" for term in prepared
    )
    # Few matches: start from them (each posting read by its id); many: walk the
    # postings newest first and test each against the matches (`+` keeps SQLite from
    # starting from them). Over 50,000 postings: a rare role 17 ms from its ids, 24 ms
    # walking; seven common skills 61 ms from their ids, 23 ms walking.
    walk = "+" if _matches(match) > SELECTIVE else ""
    return f"{walk}jobs_posting.id IN (SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH %s)", [match]


def _any_of_postgres(prepared: list[str], place: Q | None) -> tuple[str, list[Any]]:
    """Few matching documents: start from their ids (search.py's reason: walking, the
    planner tested each document, 40-140 ms for a rare role on the benchmark's data),
    only those in the member's place, which the documents copy: each id is then a
    posting read by its primary key, and the place kept one in ten (a common role in
    British Columbia: 12.6 ms reading 2,352 postings to keep 246, 4.3 ms now). Many:
    walk the open postings newest first (in the member's region only when remote work
    is out: the `posting_status_region_date` index) and test each one's document."""
    query = " || ".join(["%s::tsquery"] * len(prepared))
    ids = f"SELECT d.posting_id FROM {_DOC} d WHERE d.vector @@ ({query})"
    if planned_rows(ids, prepared) >= SEARCH_SELECTIVE:
        return f"jobs_posting.id IN ({ids})", prepared
    docs = PostingDocument.objects.filter(
        RawSQL(f"vector @@ ({query})", prepared, output_field=BooleanField())  # type: ignore[arg-type]
    )
    if place is not None:
        docs = docs.filter(place)
    in_place, params = docs.values("posting_id").query.sql_with_params()
    return f"jobs_posting.id = ANY(ARRAY({in_place}))", list(params)


def _fts_word(word: str) -> str:
    """A word in an FTS5 query: quoted; "stem*" (a role's word) any word it begins."""
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


# SQLite: above this many matching documents, the pool walks the postings by date.
SELECTIVE = 3000


def _matches(match: str) -> int:
    """How many documents match (up to SELECTIVE + 1; 0.2-3 ms)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {WORDS} WHERE {WORDS} MATCH %s LIMIT %s)",
            [match, SELECTIVE + 1],
        )
        return int(cursor.fetchone()[0])


def _pool(found: QuerySet[Posting], terms: list[str], place: Q | None) -> list:
    """The newest POOL postings of `found` naming one of `terms` (prepared)."""
    if not terms:
        return []
    test_sql, test_params = _any_of(terms, place)
    rows = found.filter(
        RawSQL(test_sql, test_params, output_field=BooleanField())  # type: ignore[arg-type]
    )
    return list(rows.order_by("-date_posted", "-id").values_list(*_ROW)[:POOL])


def candidates(member: Any, wishes: Wishes) -> list[tuple]:
    """Rows of `_ROW` plus the document's words, the two pools merged. The words are
    read once the pools are known (the skills are tested on them in Python: ten `@@` a
    row read the row's tsvector ten times). Joined to a pool's query, they were read for
    every posting before the newest 150 were kept: 2,508 documents, 7 of 25 ms, for two
    common roles in Ontario."""
    found, place = placed(member, wishes), place_of(wishes)
    by_id: dict[int, tuple] = {}
    for terms in _prepared(wishes):
        kept = list(dict.fromkeys(terms))
        for row in _pool(found, kept, place):
            by_id.setdefault(row[0], row)
    words = dict(
        PostingDocument.objects.filter(posting_id__in=list(by_id)).values_list("posting_id", "text")
    )
    return [(*row, words.get(pk, "")) for pk, row in by_id.items()]


_ROW = ("id", "title_fr", "title_en", "region", "workplace", "salary_min_yearly",
        "requires_french", "requires_english", "date_posted")  # fmt: skip


# ------------------------------------------------------------------ scoring


_NOT_WORD = re.compile(r"\W+")


def _stem(word: str) -> str:
    """What a title must contain for a role's word: the word less its last two letters,
    five at least (cuisinier finds cuisiniere, developer finds developpeur)."""
    return word if len(word) < 5 else word[: max(5, len(word) - 2)]


def _title_has(title: str, stems: frozenset[str]) -> bool:
    """Every stem begins a word of `title` (folded, padded with spaces)."""
    return bool(stems) and all(f" {stem}" in title for stem in stems)


# Points of each reason (the module's docstring).
POINTS = {"role": 6, "skill": 2, "remote": 2, "region": 2, "language": 1, "salary": 2}


def _fit(wishes: Wishes, row: tuple) -> list[dict[str, Any]]:
    """The reasons that make a suggestion: a desired role in the title, shared skills."""
    reasons: list[dict[str, Any]] = []
    title = " " + _NOT_WORD.sub(" ", fold(f"{row[1]} {row[2]}"))
    for role, stems in zip(wishes.roles, wishes.role_words, strict=True):
        if _title_has(title, stems):
            reasons.append({"code": "role", "items": [role]})
            break
    words = set((row[9] or "").split())
    shared = [
        skill
        for skill, needed in zip(wishes.skills, wishes.skill_words, strict=True)
        if needed and needed <= words
    ][:3]
    if shared:
        reasons.append({"code": "skills", "items": shared})
    return reasons


def _extras(wishes: Wishes, row: tuple) -> list[dict[str, Any]]:
    """The reasons that order suggestions: place, language, salary."""
    _pk, title_fr, title_en, region, workplace, salary, req_fr, req_en = row[:8]
    reasons: list[dict[str, Any]] = []
    if workplace == Workplace.REMOTE and wishes.remote != RemoteChoice.NEVER:
        reasons.append({"code": "remote", "items": []})
    elif wishes.region and region == wishes.region:
        reasons.append({"code": "region", "items": [region]})
    languages = {c for c, on in (("fr", title_fr or req_fr), ("en", title_en or req_en)) if on}
    spoken = sorted(languages & wishes.languages)
    if spoken:
        reasons.append({"code": "language", "items": spoken})
    if wishes.min_yearly is not None and salary is not None and salary >= wishes.min_yearly:
        reasons.append({"code": "salary", "items": []})
    return reasons


def points_of(reasons: list[dict[str, Any]]) -> int:
    return sum(
        POINTS["skill"] * len(r["items"]) if r["code"] == "skills" else POINTS[r["code"]]
        for r in reasons
    )


def score_row(wishes: Wishes, row: tuple) -> tuple[int, list[dict]]:
    """(points, reasons) of one candidate row: none without a role or a skill."""
    reasons = _fit(wishes, row)
    if not reasons:
        return 0, []
    reasons += _extras(wishes, row)
    return points_of(reasons), reasons


def suggest(
    member: Any,
    wishes: Wishes | None = None,
    limit: int = PAGE_SIZE,
    exclude: frozenset[int] | set[int] = frozenset(),
) -> list[Suggestion]:
    """The member's best `limit` suggestions, best first (see the module's docstring)."""
    wishes = wishes or wishes_of(member)
    if wishes.empty:
        return []
    rows = candidates(member, wishes)
    scored = []
    for row in rows:
        if row[0] in exclude:
            continue
        points, reasons = score_row(wishes, row)
        if points:
            scored.append((points, row[8], row[0], reasons))
    scored.sort(key=lambda s: (s[0], s[1] is not None, s[1], s[2]), reverse=True)
    best = scored[:limit]
    by_id = {
        p.pk: p
        for p in Posting.objects.filter(pk__in=[s[2] for s in best])
        .select_related("organization")
        .only(*RESULT_FIELDS)
    }
    return [
        Suggestion(by_id[pk], points, reasons) for points, _d, pk, reasons in best if pk in by_id
    ]
