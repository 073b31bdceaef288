"""The tests that take long, longest first: `tests/conftest.py` moves them to the front,
so that each pytest-xdist worker takes its share of the long ones early and the run ends
on short tests, both workers finishing together (a 60-second test picked up last kept
one worker busy alone for a minute). pytest-django then groups the tests as Django does
(database tests, then those that commit, then those without a database) with a stable
sort: the long ones lead each group.

Only an order, never a limit: the seconds are what a test took on two busy cores, to
rank them. An unknown fuzz part counts as long; any other test missing here is short.
Measure with `make test` and pytest's `--durations=60` (arguments reach both passes).
"""

from __future__ import annotations

# The API fuzz: the anonymous runs fuzz only the operations open without credentials
# (tests/fuzz/test_schemathesis.py), so the runs with a token are the long ones.
FUZZ = {
    ("token", "communities"): 100,
    ("token", "casework"): 100,
    ("token", "jobs"): 54,
    ("token", "feed"): 42,
    ("token", "projects"): 41,
    ("token", "rest"): 28,
    ("token", "vault"): 27,
    ("anonymous", "communities"): 25,
    ("token", "messaging"): 21,
    ("token", "counselling"): 17,
    ("token", "network"): 15,
    ("anonymous", "jobs"): 12,
    ("anonymous", "feed"): 12,
    ("token", "privacy"): 11,
    ("anonymous", "projects"): 10,
    ("anonymous", "rest"): 10,
    ("token", "moderation"): 6,
}

# Other tests over ~10 s (node ids without the parameters), measured 2026-12-06.
LONG = {
    ("test_plugin_app", "test_an_app_plugs_in_with_its_folder_and_one_line"): 60,
    ("projects/test_visibility_personas",
     "test_each_persona_sees_exactly_its_audience_in_pages_api_and_search"): 35,
    ("job_alerts/test_worker_killed",
     "test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_nothing"): 30,
    ("notifications/test_two_processes",
     "test_an_event_caused_on_process_a_reaches_a_websocket_on_process_b"): 15,
    ("core/test_deploy_settings",
     "test_production_settings_pass_check_deploy_without_a_warning"): 14,
    ("core/test_deploy_settings", "test_check_deploy_reports_demo_mode"): 14,
    ("privacy/test_erasure", "test_erasure_leaves_nothing_that_names_her"): 10,
    ("api/test_token_migration", "test_old_tokens_get_their_power_as_scopes_and_an_end"): 8,
    # Browser journeys (the SQLite pass).
    ("browser/test_mentoring_journey",
     "test_a_programme_from_creation_to_the_funder_report"): 35,
    ("browser/test_projects",
     "test_find_a_collaborator_move_a_task_and_share_then_revoke_a_file"): 25,
}  # fmt: skip


def expected_seconds(item) -> float:
    callspec = getattr(item, "callspec", None)
    if item.get_closest_marker("fuzz") and callspec and "part" in callspec.params:
        who = "token" if "token" in item.originalname else "anonymous"
        return FUZZ.get((who, callspec.params["part"]), 5.0)
    path, _sep, name = item.nodeid.split("[")[0].partition("::")
    return LONG.get((path.removeprefix("tests/").removesuffix(".py"), name), 0.0)
