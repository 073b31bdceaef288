"""What each page and API list costs in queries, and that it does not grow with the data.

Each row of `ROWS` is one (page, persona): the page is requested as that persona once
with N of everything (posts, connections, conversations, notifications of many kinds,
postings, cases, documents, applications...: tests/budgets/world.py) and once with 3N.
A row fails when the two counts differ (a query per item: an N+1) or when the count
exceeds the row's budget.

Adding a page? Add a row per persona who may open it, with its budget. A path is a
format string over the world (`{alice.profile.handle}`, `{case.pk}`...: the `crew`
personas and what `World` made). The world is built and measured once for the module
(the `measured` fixture), then rolled back.

`QUERY_BUDGETS_TABLE=path/to/table.md pytest tests/budgets` also writes the measured
table in Markdown.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.accounts.helpers import sign_in
from tests.budgets.measure import Measure, grown, measure
from tests.budgets.world import JOBS_QUERY, PEOPLE_QUERY, World
from tests.conftest import add_crew, make_personas

# The rows' tests read what `measured` found; the mark makes pytest-django create the
# test database, which `measured` writes in (and rolls back).
pytestmark = pytest.mark.django_db

N = 2

PAGE = 20  # every page and API list
PROFILE = 15  # a profile page

# fmt: off
ROWS: list[tuple[str, str, int]] = [
    # (path,                                                        persona,     budget)
    # ---------------------------------------------------------------- pages
    ("/fr/",                                                       "anonymous", PAGE),
    ("/fr/",                                                       "alice",     PAGE),
    ("/fr/",                                                       "bob",       PAGE),
    ("/fr/",                                                       "carol",     PAGE),
    ("/fr/",                                                       "dave",      PAGE),
    ("/fr/",                                                       "erin",      PAGE),
    ("/fr/",                                                       "greta",     PAGE),
    ("/fr/",                                                       "mallory",   PAGE),
    ("/fr/",                                                       "rita",      PAGE),
    ("/fr/p/{alice.profile.handle}/",                              "anonymous", PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "alice",     PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "bob",       PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "carol",     PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "dave",      PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "erin",      PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "greta",     PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "mallory",   PROFILE),
    ("/fr/p/{alice.profile.handle}/",                              "rita",      PROFILE),
    ("/fr/p/{bob.profile.handle}/",                                "alice",     PROFILE),
    ("/fr/p/{bob.profile.handle}/",                                "carol",     PROFILE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "anonymous", PAGE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "alice",     PAGE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "bob",       PAGE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "carol",     PAGE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "dave",      PAGE),
    ("/fr/people/?q=" + PEOPLE_QUERY,                              "rita",      PAGE),
    ("/fr/network/",                                               "alice",     PAGE),
    ("/fr/network/",                                               "bob",       PAGE),
    ("/fr/network/",                                               "carol",     PAGE),
    ("/fr/network/",                                               "dave",      PAGE),
    ("/fr/messages/",                                              "alice",     PAGE),
    ("/fr/messages/",                                              "bob",       PAGE),
    ("/fr/messages/",                                              "carol",     PAGE),
    ("/fr/messages/requests/",                                     "alice",     PAGE),
    ("/fr/messages/{conversation.pk}/",                            "alice",     PAGE),
    ("/fr/messages/{conversation.pk}/",                            "bob",       PAGE),
    ("/fr/notifications/",                                         "alice",     PAGE),
    ("/fr/notifications/",                                         "bob",       PAGE),
    ("/fr/notifications/",                                         "carol",     PAGE),
    ("/fr/notifications/",                                         "dave",      PAGE),
    ("/fr/notifications/",                                         "greta",     PAGE),
    ("/fr/notifications/",                                         "mallory",   PAGE),
    ("/fr/notifications/",                                         "rita",      PAGE),
    ("/fr/feed/bookmarks/",                                        "alice",     PAGE),
    ("/fr/feed/bookmarks/",                                        "bob",       PAGE),
    ("/fr/feed/items/{post.pk}/",                                  "anonymous", PAGE),
    ("/fr/feed/items/{post.pk}/",                                  "alice",     PAGE),
    ("/fr/feed/items/{post.pk}/",                                  "bob",       PAGE),
    ("/fr/feed/items/{post.pk}/",                                  "carol",     PAGE),
    ("/fr/feed/articles/mine/",                                    "alice",     PAGE),
    ("/fr/feed/hashtags/emploi/",                                  "alice",     PAGE),
    ("/fr/feed/hashtags/emploi/",                                  "carol",     PAGE),
    ("/fr/communities/",                                           "anonymous", PAGE),
    ("/fr/communities/",                                           "alice",     PAGE),
    ("/fr/communities/",                                           "carol",     PAGE),
    ("/fr/communities/?q=communaute&region=QC&order=active",       "alice",     PAGE),
    ("/fr/communities/caristes-qc/posts/",                            "anonymous", PAGE),
    ("/fr/communities/caristes-qc/posts/",                            "alice",     PAGE),
    ("/fr/communities/caristes-qc/posts/",                            "carol",     PAGE),
    ("/fr/organisations/",                                         "anonymous", PAGE),
    ("/fr/organisations/",                                         "alice",     PAGE),
    ("/fr/organisations/",                                         "dave",      PAGE),
    ("/fr/organisations/",                                         "greta",     PAGE),
    ("/fr/organisations/",                                         "mallory",   PAGE),
    ("/fr/organisations/",                                         "rita",      PAGE),
    ("/fr/o/{agency.slug}/",                                       "anonymous", PAGE),
    ("/fr/o/{agency.slug}/",                                       "alice",     PAGE),
    ("/fr/o/{agency.slug}/",                                       "dave",      PAGE),
    ("/fr/o/{agency.slug}/",                                       "greta",     PAGE),
    ("/fr/o/{employer.slug}/",                                     "anonymous", PAGE),
    ("/fr/o/{employer.slug}/",                                     "alice",     PAGE),
    ("/fr/o/{employer.slug}/",                                     "rita",      PAGE),
    ("/fr/jobs/",                                                  "anonymous", PAGE),
    ("/fr/jobs/",                                                  "alice",     PAGE),
    ("/fr/jobs/",                                                  "bob",       PAGE),
    ("/fr/jobs/",                                                  "dave",      PAGE),
    ("/fr/jobs/",                                                  "greta",     PAGE),
    ("/fr/jobs/",                                                  "mallory",   PAGE),
    ("/fr/jobs/",                                                  "rita",      PAGE),
    ("/fr/jobs/search/?q=" + JOBS_QUERY,                           "anonymous", PAGE),
    ("/fr/jobs/search/?q=" + JOBS_QUERY,                           "alice",     PAGE),
    ("/fr/jobs/search/?q=" + JOBS_QUERY,                           "dave",      PAGE),
    ("/fr/jobs/search/?q=" + JOBS_QUERY,                           "greta",     PAGE),
    ("/fr/jobs/search/?q=" + JOBS_QUERY,                           "rita",      PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "anonymous", PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "alice",     PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "bob",       PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "carol",     PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "dave",      PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "erin",      PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "greta",     PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "mallory",   PAGE),
    ("/fr/jobs/{posting.pk}/",                                     "rita",      PAGE),
    ("/fr/jobs/mine/",                                             "dave",      PAGE),
    ("/fr/jobs/mine/",                                             "erin",      PAGE),
    ("/fr/jobs/mine/",                                             "greta",     PAGE),
    ("/fr/jobs/mine/",                                             "rita",      PAGE),
    ("/fr/jobs/review/",                                           "greta",     PAGE),
    ("/fr/jobs/reports/",                                          "greta",     PAGE),
    ("/fr/jobs/reports/",                                          "mallory",   PAGE),
    ("/fr/jobs/alerts/",                                           "alice",     PAGE),
    ("/fr/jobs/alerts/",                                           "bob",       PAGE),
    ("/fr/jobs/imports/",                                          "greta",     PAGE),
    ("/fr/jobs/imports/{source.pk}/",                              "greta",     PAGE),
    ("/fr/jobs/imports/runs/{run.pk}/",                            "greta",     PAGE),
    ("/fr/applications/",                                          "alice",     PAGE),
    ("/fr/applications/",                                          "bob",       PAGE),
    ("/fr/applications/{application.pk}/",                         "alice",     PAGE),
    ("/fr/counselling/caseload/",                                  "dave",      PAGE),
    ("/fr/counselling/caseload/",                                  "erin",      PAGE),
    ("/fr/counselling/cases/{case.pk}/",                           "alice",     PAGE),
    # + the mentoring section (issue 17): the client's mentorships, their goals
    ("/fr/counselling/cases/{case.pk}/",                           "dave",      PAGE + 2),
    ("/fr/counselling/",                                           "alice",     PAGE),
    ("/fr/counselling/",                                           "bob",       PAGE),
    ("/fr/counselling/agencies/{agency.slug}/reassign/",           "greta",     PAGE),
    ("/fr/counselling/agencies/{agency.slug}/follow-ups/",         "greta",     PAGE),
    ("/fr/counselling/agencies/{agency.slug}/report/",             "greta",     PAGE),
    ("/fr/documents/",                                             "alice",     PAGE),
    ("/fr/documents/",                                             "bob",       PAGE),
    ("/fr/documents/{document.pk}/",                               "alice",     PAGE),
    ("/fr/documents/{document.pk}/",                               "dave",      PAGE),
    ("/fr/documents/shared/",                                      "bob",       PAGE),
    ("/fr/documents/shared/",                                      "dave",      PAGE),
    ("/fr/mentoring/",                                             "alice",     PAGE),
    ("/fr/mentoring/",                                             "bob",       PAGE),
    ("/fr/outcomes/surveys/",                                      "alice",     PAGE),
    ("/fr/influence/",                                             "alice",     PAGE),
    ("/fr/influence/",                                             "bob",       PAGE),
    ("/fr/profile/recommendations/",                               "alice",     PAGE),
    ("/fr/profile/recommendations/",                               "bob",       PAGE),
    # ---------------------------------------------------------------- API lists
    ("/api/v1/organizations",                                      "anonymous", PAGE),
    ("/api/v1/organizations",                                      "alice",     PAGE),
    ("/api/v1/organizations",                                      "rita",      PAGE),
    ("/api/v1/organizations/{agency.slug}",                        "anonymous", PAGE),
    ("/api/v1/organizations/{agency.slug}",                        "greta",     PAGE),
    ("/api/v1/profiles?q=" + PEOPLE_QUERY,                         "anonymous", PAGE),
    ("/api/v1/profiles?q=" + PEOPLE_QUERY,                         "alice",     PAGE),
    ("/api/v1/profiles?q=" + PEOPLE_QUERY,                         "carol",     PAGE),
    ("/api/v1/profiles?q=" + PEOPLE_QUERY,                         "dave",      PAGE),
    ("/api/v1/profiles/{alice.profile.handle}",                    "anonymous", PROFILE),
    ("/api/v1/profiles/{alice.profile.handle}",                    "bob",       PROFILE),
    ("/api/v1/profiles/{alice.profile.handle}",                    "carol",     PROFILE),
    ("/api/v1/profiles/{alice.profile.handle}",                    "dave",      PROFILE),
    ("/api/v1/profiles/me",                                        "alice",     PROFILE),
    ("/api/v1/profiles/me/recommendations",                        "alice",     PAGE),
    ("/api/v1/profiles/me/recommendations/written",                "bob",       PAGE),
    ("/api/v1/network/connections",                                "alice",     PAGE),
    ("/api/v1/network/connections",                                "bob",       PAGE),
    ("/api/v1/network/requests/received",                          "alice",     PAGE),
    ("/api/v1/network/requests/sent",                              "alice",     PAGE),
    ("/api/v1/network/following",                                  "alice",     PAGE),
    ("/api/v1/network/blocks",                                     "alice",     PAGE),
    ("/api/v1/network/mutes",                                      "alice",     PAGE),
    ("/api/v1/network/suggestions",                                "alice",     PAGE),
    ("/api/v1/network/suggestions",                                "bob",       PAGE),
    ("/api/v1/network/suggestions",                                "carol",     PAGE),
    ("/api/v1/feed/",                                              "alice",     PAGE),
    ("/api/v1/feed/",                                              "bob",       PAGE),
    ("/api/v1/feed/",                                              "carol",     PAGE),
    ("/api/v1/feed/items/{post.pk}/comments",                      "anonymous", PAGE),
    ("/api/v1/feed/items/{post.pk}/comments",                      "alice",     PAGE),
    ("/api/v1/feed/items/{post.pk}/comments",                      "bob",       PAGE),
    ("/api/v1/feed/items/{post.pk}/revisions",                     "alice",     PAGE),
    ("/api/v1/feed/bookmarks",                                     "alice",     PAGE),
    ("/api/v1/communities/directory",                              "anonymous", PAGE),
    ("/api/v1/communities/directory?q=communaute",                 "alice",     PAGE),
    ("/api/v1/communities/directory/suggestions",                  "alice",     PAGE),
    ("/api/v1/communities/caristes-qc/posts",                         "alice",     PAGE),
    ("/api/v1/communities/caristes-qc/posts",                         "anonymous", PAGE),
    ("/api/v1/feed/articles/mine",                                 "alice",     PAGE),
    ("/api/v1/feed/people/{alice.profile.handle}/articles",        "anonymous", PAGE),
    ("/api/v1/feed/people/{alice.profile.handle}/articles",        "bob",       PAGE),
    ("/api/v1/messages/conversations",                             "alice",     PAGE),
    ("/api/v1/messages/conversations",                             "bob",       PAGE),
    ("/api/v1/messages/conversations?box=requests",                "alice",     PAGE),
    ("/api/v1/messages/conversations/{conversation.pk}",           "alice",     PAGE),
    ("/api/v1/messages/conversations/{conversation.pk}",           "bob",       PAGE),
    ("/api/v1/messages/search?q=Message",                          "alice",     PAGE),
    ("/api/v1/notifications",                                      "alice",     PAGE),
    ("/api/v1/notifications",                                      "bob",       PAGE),
    ("/api/v1/notifications",                                      "dave",      PAGE),
    ("/api/v1/notifications/preferences",                          "alice",     PAGE),
    ("/api/v1/counselling/links",                                  "alice",     PAGE),
    ("/api/v1/counselling/caseload",                               "dave",      PAGE),
    ("/api/v1/counselling/caseload",                               "erin",      PAGE),
    ("/api/v1/counselling/cases/{case.pk}/consents",               "alice",     PAGE),
    ("/api/v1/counselling/cases/{case.pk}/consents",               "dave",      PAGE),
    ("/api/v1/vault/documents",                                    "alice",     PAGE),
    ("/api/v1/vault/shared",                                       "dave",      PAGE),
    ("/api/v1/vault/documents/{document.pk}/versions",             "alice",     PAGE),
    ("/api/v1/vault/documents/{document.pk}/versions",             "dave",      PAGE),
    ("/api/v1/vault/documents/{document.pk}/shares",               "alice",     PAGE),
    ("/api/v1/vault/documents/{document.pk}/access-log",           "alice",     PAGE),
    ("/api/v1/vault/documents/{document.pk}/comments",             "alice",     PAGE),
    ("/api/v1/vault/documents/{document.pk}/comments",             "dave",      PAGE),
    ("/api/v1/plans/cases/{case.pk}/plan",                         "alice",     PAGE),
    ("/api/v1/plans/cases/{case.pk}/plan",                         "dave",      PAGE),
    ("/api/v1/appointments/cases/{case.pk}",                       "alice",     PAGE),
    ("/api/v1/appointments/cases/{case.pk}",                       "dave",      PAGE),
    ("/api/v1/casework/cases/{case.pk}/record",                    "dave",      PAGE),
    ("/api/v1/casework/cases/{case.pk}/notes",                     "dave",      PAGE),
    ("/api/v1/casework/notes/{note.pk}/revisions",                 "dave",      PAGE),
    ("/api/v1/casework/cases/{case.pk}/referrals",                 "dave",      PAGE),
    ("/api/v1/casework/cases/{case.pk}/follow-ups",                "dave",      PAGE),
    ("/api/v1/casework/agencies/{agency.slug}/tags",               "dave",      PAGE),
    ("/api/v1/casework/agencies/{agency.slug}/follow-up-schedule", "greta",     PAGE),
    ("/api/v1/outcomes/surveys/mine",                              "alice",     PAGE),
    ("/api/v1/outcomes/agencies/{agency.slug}/report",             "greta",     PAGE),
    ("/api/v1/mentoring/mentorships",                              "alice",     PAGE),
    ("/api/v1/jobs",                                               "anonymous", PAGE),
    ("/api/v1/jobs",                                               "alice",     PAGE),
    ("/api/v1/jobs",                                               "dave",      PAGE),
    ("/api/v1/jobs",                                               "rita",      PAGE),
    ("/api/v1/jobs/mine",                                          "dave",      PAGE),
    ("/api/v1/jobs/mine",                                          "greta",     PAGE),
    ("/api/v1/jobs/mine",                                          "rita",      PAGE),
    ("/api/v1/jobs/review",                                        "greta",     PAGE),
    ("/api/v1/jobs/reports",                                       "greta",     PAGE),
    ("/api/v1/jobs/reports",                                       "mallory",   PAGE),
    ("/api/v1/jobs/{posting.pk}",                                  "anonymous", PAGE),
    ("/api/v1/jobs/{posting.pk}",                                  "dave",      PAGE),
    ("/api/v1/job-alerts/search?q=" + JOBS_QUERY,                  "anonymous", PAGE),
    ("/api/v1/job-alerts/search?q=" + JOBS_QUERY,                  "alice",     PAGE),
    ("/api/v1/job-alerts/search?q=" + JOBS_QUERY,                  "rita",      PAGE),
    ("/api/v1/job-alerts/",                                        "alice",     PAGE),
    ("/api/v1/job-imports/sources",                                "greta",     PAGE),
    ("/api/v1/job-imports/sources/{source.pk}/runs",               "greta",     PAGE),
    ("/api/v1/job-imports/runs/{run.pk}/errors",                   "greta",     PAGE),
    ("/api/v1/applications/forwards/received",                     "alice",     PAGE),
    ("/api/v1/applications/postings/{posting.pk}/forwards",        "dave",      PAGE),
    ("/api/v1/applications/tracker",                               "alice",     PAGE),
    ("/api/v1/applications/clients/{alice.pk}/tracker",            "dave",      PAGE),
    ("/api/v1/influence/summary",                                  "alice",     PAGE),
    ("/api/v1/influence/summary",                                  "bob",       PAGE),
    ("/fr/privacy/who-saw-my-data/",                               "alice",     PAGE),
    ("/fr/privacy/case-notes-reads/",                              "greta",     PAGE),
    ("/api/v1/privacy/access/mine",                                "alice",     PAGE),
    ("/api/v1/privacy/access/case-notes-reads",                    "greta",     PAGE),
    ("/fr/communities/{community.slug}/",                          "anonymous", PAGE),
    ("/fr/communities/{community.slug}/",                          "alice",     PAGE),
    ("/fr/communities/{community.slug}/",                          "bob",       PAGE),
    ("/fr/communities/{community.slug}/?tab=about",                "bob",       PAGE),
    ("/fr/communities/{community.slug}/members/",                  "alice",     PAGE),
    ("/fr/communities/{community.slug}/requests/",                 "alice",     PAGE),
    ("/fr/communities/{community.slug}/invitations/",              "alice",     PAGE),
    ("/fr/communities/mine/",                                      "alice",     PAGE),
    ("/api/v1/communities/{community.pk}",                         "anonymous", PAGE),
    ("/api/v1/communities/{community.pk}",                         "alice",     PAGE),
    ("/api/v1/communities/{community.pk}/members",                 "alice",     PAGE),
    ("/api/v1/communities/{community.pk}/requests",                "alice",     PAGE),
    ("/api/v1/communities/{community.pk}/invitations",             "alice",     PAGE),
    ("/api/v1/communities/mine",                                   "alice",     PAGE),
    # ---------------------------------------------------------------- communities: threads
    ("/fr/communities/threads/{thread.pk}/",                       "alice",     PAGE),
    ("/fr/communities/threads/{thread.pk}/",                       "bob",       PAGE),
    ("/fr/communities/{forum.slug}/threads/",                  "alice",     PAGE),
    ("/fr/communities/{forum.slug}/threads/",                  "carol",     PAGE),
    ("/fr/communities/questions/unanswered/",                      "alice",     PAGE),
    ("/api/v1/communities/{forum.slug}/threads",               "alice",     PAGE),
    ("/api/v1/communities/threads/{thread.pk}/replies",            "alice",     PAGE),
    # ------------------------------------------- community moderation (issue 16)
    ("/fr/communities/{forum.slug}/moderation/",                "bob",       PAGE),
    ("/fr/communities/{forum.slug}/moderation/",                "mallory",   PAGE),
    ("/fr/communities/moderation/removed/",                         "alice",     PAGE),
    ("/fr/communities/{forum.slug}/digest/",                    "alice",     PAGE),
    ("/api/v1/communities/{forum.slug}/moderation/log",         "bob",       PAGE),
    ("/api/v1/communities/moderation/removed",                      "alice",     PAGE),
]
# fmt: on


def row_id(row: tuple[str, str, int]) -> str:
    path, persona, _budget = row
    return f"{persona}:{path}"


def client_of(crew: SimpleNamespace, persona: str) -> Client:
    # A page that fails answers 500 and fails its own row, not the whole table.
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        sign_in(client, getattr(crew, persona))
    return client


def measure_all(crew: SimpleNamespace, clients: dict[str, Client]) -> dict[str, Measure]:
    return {row_id(row): measure(clients[row[1]], row[0].format(**vars(crew))) for row in ROWS}


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory, without_shared_personas):
    """Every row measured with N, then 3N, of everything; the database is rolled back
    afterwards. (Module-scoped: the function-scoped autouse fixtures of conftest.py have
    not run yet, so their settings are made here.)"""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        # Its people are weeks old: no new-account limits (tests/communities test those).
        override_settings(
            MEDIA_ROOT=media, FEED_VIEWS_FLUSH_SECONDS=0, COMMUNITIES_NEW_ACCOUNT_DAYS=0
        ),
        translation.override("fr"),
        transaction.atomic(),
    ):
        cache.clear()
        crew = add_crew(make_personas())
        world = World(crew)
        world.grow(N)
        clients = {persona: client_of(crew, persona) for persona in {r[1] for r in ROWS}}
        first = measure_all(crew, clients)
        world.grow(2 * N)
        then = measure_all(crew, clients)
        transaction.set_rollback(True)
    cache.clear()
    results = {key: (first[key], then[key]) for key in first}
    write_table(results)
    return results


def write_table(results: dict[str, tuple[Measure, Measure]]) -> None:
    target = os.environ.get("QUERY_BUDGETS_TABLE")
    if not target:
        return
    lines = [f"| page | persona | N={N} | {3 * N} | budget |", "|---|---|---:|---:|---:|"]
    for path, persona, budget in ROWS:
        at_n, at_3n = results[row_id((path, persona, budget))]
        lines.append(f"| `{path}` | {persona} | {at_n.count} | {at_3n.count} | {budget} |")
    Path(target).write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_the_page_costs_a_fixed_number_of_queries_within_its_budget(row, measured):
    path, persona, budget = row
    at_n, at_3n = measured[row_id(row)]
    statuses, queries = (at_n.status, at_3n.status), (at_n.count, at_3n.count)

    assert statuses == (200, 200), f"{path} as {persona}"
    growing = "\n".join(grown(at_n, at_3n))
    assert queries[0] == queries[1], (
        f"{path} as {persona}: {queries[0]} queries with N={N}, {queries[1]} with "
        f"{3 * N}; these ran more often:\n{growing}"
    )
    every = "\n".join(at_3n.sql)
    assert queries[1] <= budget, (
        f"{path} as {persona}: {queries[1]} queries, over its budget of {budget}:\n{every}"
    )
