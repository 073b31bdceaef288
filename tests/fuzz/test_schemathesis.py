"""schemathesis against a live server, over every operation of /api/v1/openapi.json,
anonymously and with a write token: no 5xx, and every response matches the schema
(status codes, content types, headers, bodies), bad input is rejected with a 4xx and
good input is accepted.

The schemathesis CLI runs in a subprocess; the live server runs in this process, on the
test database, with a few members, an organisation and profiles to find.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tremplin.api.services import create_token

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# The coverage phase is exhaustive and deterministic: each parameter at its boundaries
# (empty, the longest allowed, one past it, every wrong type, missing fields), which is
# where most bugs were (a 20,000-character body of zeros found the guards' backtracking).
# The fuzzing and stateful phases add random cases on top; with a fixed seed every run
# repeats the same ones, so `make test` keeps them few (10 per operation: 25 cost 160 s
# of the suite's time for the same cases each run) and `make fuzz-deep` runs many more
# with a new seed each time (docs/testing.md).
MAX_EXAMPLES = int(os.environ.get("TREMPLIN_FUZZ_EXAMPLES", "10"))
SEED = int(os.environ.get("TREMPLIN_FUZZ_SEED", "20260101"))
# One worker: with two, Python 3.11's compiler raised "SystemError: AST constructor
# recursion depth mismatch" inside schemathesis/hypothesis threads on the CI-like fresh
# clone (an interpreter bug with concurrent compile(), not an answer of our API).
WORKERS = 1

# Per-operation exceptions, each for named operations and named checks only (every other
# check still runs on them, and every check still runs on every other operation). Written
# to the run's directory and passed with --config-file.
CONFIG = """
# Multipart uploads (a feed picture, message attachments): the server reads the file's
# type from its bytes and deliberately refuses anything that is not a picture (or a PDF
# for attachments) with a 422 -- the schema cannot say "these bytes must decode as a
# JPEG", so schemathesis's random bytes count as "valid data rejected"
# (positive_data_acceptance). And in multipart/form-data every field is text: a
# negative case that changes a field's *type* (alt=false, body=0, confirm_pii="abc"
# for a bool is still refused) reaches the server as the text "false"/"0", which is a
# valid description or body, so it counts as "invalid data accepted"
# (negative_data_rejection). The 422s for blank, too long or missing fields are covered
# by tests/feed and tests/messaging; no 5xx, status codes and response bodies are still
# checked here on every generated upload.
[[operations]]
include-operation-id = [
  "tremplin_feed_api_upload_image",
  "tremplin_messaging_api_send_files",
]
checks.positive_data_acceptance.enabled = false
checks.negative_data_rejection.enabled = false

# Only the recipient answers a connection request. The stateful phase links
# POST /network/requests (made by the token's owner, the sender) to
# accept/decline/ignore of the new request: to its sender it is not a received request,
# so those answer 404, as the pages do -- not a resource that vanished after creation
# (ensure_resource_availability). Withdrawing it (the sender's action) is still checked.
[[operations]]
include-operation-id = [
  "tremplin_network_api_accept_request",
  "tremplin_network_api_decline_request",
  "tremplin_network_api_ignore_request",
]
checks.ensure_resource_availability.enabled = false

# Vault uploads: as for the feed picture and the attachments above (the type is read
# from the bytes; multipart fields are text).
[[operations]]
include-operation-id = ["tremplin_vault_api_upload", "tremplin_vault_api_new_version"]
checks.positive_data_acceptance.enabled = false
checks.negative_data_rejection.enabled = false

# Job postings: a closing date in the future and within six months, one language
# version with both a title and a description, a province unless the job is remote.
# OpenAPI cannot say "one of these two pairs" or bound a date relative to today, so a
# schema-valid posting the rules refuse is a documented 422 (tested in tests/jobs).
[[operations]]
include-operation-id = [
  "tremplin_jobs_api_create",
  "tremplin_jobs_api_update",
  "tremplin_jobs_api_reopen",
]
checks.positive_data_acceptance.enabled = false

# Applications: an application's dates fall between 2000-01-01 and 2100-12-31, which
# OpenAPI's `format: date` cannot carry (tested in tests/applications).
[[operations]]
include-operation-id = [
  "tremplin_applications_api_applied",
  "tremplin_applications_api_add",
  "tremplin_applications_api_change_status",
]
checks.positive_data_acceptance.enabled = false

# Job alerts: quiet hours are both given or both empty (a rule across two fields that
# OpenAPI cannot state; tested in tests/job_alerts).
[[operations]]
include-operation-id = [
  "tremplin_job_alerts_api_create_saved",
  "tremplin_job_alerts_api_update_saved",
]
checks.positive_data_acceptance.enabled = false

# Case work with dates: a plan item's due date within five years of today, an
# appointment in the future and within a year (and with a UTC offset; a client's request
# at one of the counsellor's free times, a confirmation's video link https), a case
# note's contact not in the future. OpenAPI cannot bound a date relative to today (nor bound a
# `format: date` at all), so a schema-valid date the rule refuses is a documented 422
# that schemathesis counts as "valid data rejected" (positive_data_acceptance). The
# rules are tested in tests/plans, tests/appointments and tests/casework; every other
# check still runs on these operations.
[[operations]]
include-operation-id = [
  "tremplin_plans_api_add_item",
  "tremplin_plans_api_change_item",
  "tremplin_appointments_api_book",
  "tremplin_appointments_api_reschedule",
  "tremplin_appointments_api_ask",
  "tremplin_appointments_api_confirm",
  "tremplin_casework_api_add_note",
]
checks.positive_data_acceptance.enabled = false

# Open hours: two slots of one day may not overlap (a rule across the list's items that
# OpenAPI cannot state; tested in tests/availability).
[[operations]]
include-operation-id = ["tremplin_availability_api_set_my_week"]
checks.positive_data_acceptance.enabled = false

# Moderation decisions: remove, warn and suspend need a reason, and a suspension's end is
# within five years -- rules across fields and relative to today that OpenAPI cannot
# state (tested in tests/moderation). Only the moderator's run reaches them.
[[operations]]
include-operation-id = ["tremplin_moderation_api_decide"]
checks.positive_data_acceptance.enabled = false

# Communities (members part): a community has a name in French or English (either may be
# empty, not both), a join request answers each of the community's own questions, and
# settings are checked against each other (a rule across fields or rows that OpenAPI
# cannot state; tested in tests/communities/test_members_*).
[[operations]]
include-operation-id = [
  "tremplin_communities_api_communities_create",
  "tremplin_communities_api_communities_update",
  "tremplin_communities_api_communities_join",
]
checks.positive_data_acceptance.enabled = false

# Community events: a start in the future and within two years, an end after the start
# and within two weeks of it, a city for an event in person and an https link for one
# online -- rules relative to today and across fields that OpenAPI cannot state (tested
# in tests/communities/test_events_*.py).
[[operations]]
include-operation-id = [
  "tremplin_communities_api_events_create_event",
  "tremplin_communities_api_events_edit_event",
]
checks.positive_data_acceptance.enabled = false

# Resources: a multipart form (a file or a link, by kind) whose rules across fields
# OpenAPI cannot state (tested in tests/communities/test_resources_*).
[[operations]]
include-operation-id = [
  "tremplin_communities_api_resources_create_in_community",
  "tremplin_communities_api_resources_create_in_agency",
]
checks.positive_data_acceptance.enabled = false
checks.negative_data_rejection.enabled = false

# Community categories: a category has a name in French or English (either may be
# empty, not both) -- a rule across two fields OpenAPI cannot state (tested in
# tests/communities/test_threads_*).
[[operations]]
include-operation-id = ["tremplin_communities_api_threads_save_category"]
checks.positive_data_acceptance.enabled = false

# Membership actions on a project answer 404 for a row that is not there, in a project
# that is: no invitation to answer, no application to withdraw, not a member, a
# member_id of no member, a handle of nobody the caller may see (tested in
# tests/projects/test_members.py, test_lead.py, test_invite_picker.py). The stateful
# phase reads that 404 as "the project just created is gone" (ST302).
[[operations]]
include-operation-id = [
  "tremplin_projects_api_projects_answer",
  "tremplin_projects_api_projects_withdraw",
  "tremplin_projects_api_projects_leave",
  "tremplin_projects_api_projects_invite",
  "tremplin_projects_api_projects_decide",
  "tremplin_projects_api_projects_remove",
  "tremplin_projects_api_projects_hand_over",
]
checks.ensure_resource_availability.enabled = false

# A community's thread list is readable without a token (auth=read_or_anonymous: a
# public community's threads; an empty list for a community whose content the visitor
# may not read). The schema's security does not say "optional", so once a community
# exists schemathesis counts the anonymous 200 as "accepts requests without
# authentication" (ignored_auth) and "missing required header accepted"
# (missing_required_header, for the Authorization header). The rule is tested in
# tests/communities/test_threads_personas.py.
[[operations]]
include-operation-id = [
  "tremplin_projects_api_projects_create",
  "tremplin_projects_api_projects_update",
  "tremplin_projects_api_inside_create_task",
  "tremplin_projects_api_inside_update_task",
]
checks.positive_data_acceptance.enabled = false

[[operations]]
include-operation-id = ["tremplin_communities_api_threads_list_threads"]
checks.ignored_auth.enabled = false
checks.missing_required_header.enabled = false
"""


@pytest.fixture
def fuzz_server(live_server, personas, monkeypatch):
    """The live server, with data to find. The per-token rate limit is raised: this test
    checks answers against the schema, not the limiter."""
    monkeypatch.setattr("tremplin.api.auth.TOKEN_REQUESTS_PER_MINUTE", 1_000_000)
    for member in (personas.alice, personas.bob):
        member.profile.headline = "Soudeuse · Welder"
        member.profile.city = "Sudbury"
        member.profile.save()
    return live_server


# The API is fuzzed in parts (by OpenAPI tag), each in its own bounded subprocess run.
PARTS = {
    "network": ["network", "recruiting"],
    "feed": ["feed"],
    "messaging": ["messaging"],
    "vault": ["vault"],
    "counselling": ["counselling"],
    "casework": ["plans", "appointments", "casework", "outcomes", "mentoring", "availability"],
    "jobs": ["jobs", "job_imports", "job_alerts", "applications"],
    "rest": [
        "me",
        "tokens",
        "operations",
        "organizations",
        "profiles",
        "notifications",
        "influence",
    ],
    "moderation": ["moderation"],
    "privacy": ["privacy"],
    "communities": ["communities"],
    "projects": ["projects"],
}


def test_every_operation_belongs_to_a_fuzzed_part():
    from tremplin.api.api import api

    fuzzed = {tag for tags in PARTS.values() for tag in tags}
    schema = api.get_openapi_schema()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) >= 84
    for operation in operations:
        assert set(operation.get("tags", [])) & fuzzed, operation["operationId"]


def run_schemathesis(
    server,
    tmp_path,
    name: str,
    *extra: str,
    phases: str = "examples,coverage,fuzzing,stateful",
    max_examples: int = MAX_EXAMPLES,
) -> subprocess.CompletedProcess:
    if not SCHEMATHESIS.exists():
        pytest.fail(f"schemathesis is not installed next to {sys.executable}")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{server.url}/api/v1/openapi.json",
        # Every check runs (schemathesis 4's default). Not `--checks all`: command-line
        # options outrank the config file, so it would undo CONFIG's exceptions.
        "--max-examples",
        str(max_examples),
        "--seed",
        str(SEED),
        "--workers",
        str(WORKERS),
        "--phases",
        phases,
        "--request-timeout",
        "20",
        "--max-redirects",
        "0",
        "--suppress-health-check",
        "too_slow",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        "--no-color",
        *extra,
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SCHEMATHESIS_HOOKS", None)  # no hooks from the environment: the run is as written
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=900 + 40 * max_examples,  # communities at 25: 185 s on a quiet 2-core machine
        env=env,
        cwd=tmp_path,
    )
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / f"schemathesis-{name}.txt").write_text(result.stdout + result.stderr)
    print(result.stdout[-20000:])
    print(result.stderr[-5000:], file=sys.stderr)
    return result


def assert_clean(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    total = re.search(r"Operations:\s+(\d+) selected / (\d+) total", output)
    tested = re.search(r"Tested:\s+(\d+)", output)
    assert total and tested, output[-5000:]
    assert int(total.group(1)) > 0  # the part's tags selected something
    assert int(total.group(1)) == int(tested.group(1)), output[-5000:]
    assert result.returncode == 0, "schemathesis found problems:\n" + output[-15000:]


def tag_options(part: str) -> list[str]:
    return [option for tag in PARTS[part] for option in ("--include-tag", tag)]


def part_operations(part: str) -> tuple[list[str], list[str]]:
    """The part's operation ids: (readable without credentials, needing them), as the
    schema says (`{}` among an operation's security requirements: credentials optional;
    tests/api/test_schema_security.py checks that the schema says what the code does)."""
    from tremplin.api.api import api

    tags = set(PARTS[part])
    open_, closed = [], []
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            if tags & set(operation.get("tags", [])):
                security = operation.get("security")
                anonymous = security is None or {} in security
                (open_ if anonymous else closed).append(operation["operationId"])
    return open_, closed


def operation_options(ids: list[str]) -> list[str]:
    return [option for id_ in ids for option in ("--include-operation-id", id_)]


@pytest.mark.parametrize("part", PARTS)
def test_api_anonymously(fuzz_server, tmp_path, part):
    """Without credentials: every phase on the operations open to anonymous visitors;
    one generated request for each of the others, enough to check that it is refused with
    the documented 401 (the credentials are checked before anything of the request is
    read, so more examples only met the same 401: most of the fuzz's time, before)."""
    open_, closed = part_operations(part)
    assert open_ or closed
    if open_:
        run = run_schemathesis(
            fuzz_server, tmp_path, f"anonymous-{part}", *operation_options(open_)
        )
        assert_clean(run)
    if closed:
        (tmp_path / "refused").mkdir()
        run = run_schemathesis(
            fuzz_server,
            tmp_path / "refused",
            f"anonymous-{part}-refused",
            *operation_options(closed),
            phases="fuzzing",
            max_examples=1,
        )
        assert_clean(run)


@pytest.mark.parametrize("part", PARTS)
def test_api_with_a_write_token(fuzz_server, personas, tmp_path, part):
    _token, raw = create_token(personas.alice, "fuzz", True)
    header = f"Authorization: Bearer {raw}"
    assert_clean(
        run_schemathesis(
            fuzz_server, tmp_path, f"token-{part}", "--header", header, *tag_options(part)
        )
    )


def test_moderation_api_with_a_moderators_token(fuzz_server, personas, tmp_path):
    """The queue and decisions as a site moderator (alice's token above only meets their
    403s), with something reported to decide about."""
    from tremplin.core.audience import Audience
    from tremplin.feed.services import publish_post
    from tremplin.moderation.services import report

    post = publish_post(personas.alice, "Envoyez 50 $", audience=Audience.MEMBERS)
    report(personas.bob, "post", post.pk, "scam")
    report(personas.bob, "member", personas.carol.profile.pk, "spam")
    _token, raw = create_token(personas.mallory, "fuzz", True)
    header = f"Authorization: Bearer {raw}"
    assert_clean(
        run_schemathesis(
            fuzz_server,
            tmp_path,
            "moderator-moderation",
            "--header",
            header,
            *tag_options("moderation"),
        )
    )
