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
# (tests/fuzz/test_schemathesis.py), so the runs with a token are the long ones. Measured
# 2026-12-06 with 10 random cases per operation, on a quiet 2-core machine.
FUZZ = {
    ("token", "communities"): 105,
    ("token", "casework"): 70,
    ("token", "jobs"): 43,
    ("token", "projects"): 43,
    ("token", "feed"): 36,
    ("anonymous", "communities"): 30,
    ("anonymous", "feed"): 23,
    ("anonymous", "jobs"): 22,
    ("token", "rest"): 21,
    ("token", "messaging"): 20,
    ("anonymous", "projects"): 19,
    ("anonymous", "casework"): 19,
    ("token", "vault"): 18,
    ("token", "counselling"): 16,
    ("token", "privacy"): 16,
    ("anonymous", "rest"): 16,
    ("token", "network"): 15,
    ("token", "moderation"): 11,
    ("anonymous", "vault"): 11,
}

# Other tests over ~10 s (node ids without the parameters; a module's world built once
# counts with its first test), measured 2026-12-06 on a quiet 2-core machine.
LONG = {
    ("projects/test_visibility_personas",
     "test_each_persona_sees_exactly_its_audience_in_pages_api_and_search"): 31,
    ("privacy/test_erasure", "test_erasure_leaves_nothing_that_names_her"): 24,
    ("test_plugin_app", "test_an_app_plugs_in_with_its_folder_and_one_line"): 17,
    ("job_alerts/test_worker_killed",
     "test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_nothing"): 13,
    ("core/test_deploy_settings",
     "test_production_settings_pass_check_deploy_without_a_warning"): 6,
    ("core/test_deploy_settings", "test_check_deploy_reports_demo_mode"): 6,
    ("notifications/test_two_processes",
     "test_an_event_caused_on_process_a_reaches_a_websocket_on_process_b"): 5,
    # Browser journeys (the SQLite pass).
    ("browser/test_social_journey", "test_connect_post_react_comment_and_message_live"): 34,
    ("browser/test_journey",
     "test_sign_up_in_french_protect_profile_and_switch_to_english"): 33,
    ("browser/test_mentoring_journey",
     "test_a_programme_from_creation_to_the_funder_report"): 28,
    ("browser/test_projects",
     "test_find_a_collaborator_move_a_task_and_share_then_revoke_a_file"): 18,
    ("browser/test_moderation", "test_a_report_a_removal_and_the_authors_notice"): 17,
    ("browser/test_case_journey", "test_from_invitation_to_the_agency_report"): 17,
    ("browser/test_communities_members",
     "test_alice_creates_a_private_community_and_approves_bob"): 15,
    ("browser/test_communities_resources",
     "test_members_suggest_a_moderator_approves_a_member_saves_and_votes"): 15,
    ("browser/test_communities_wiring",
     "test_every_part_shows_in_its_tab_in_both_languages"): 15,
}  # fmt: skip


def expected_seconds(item) -> float:
    callspec = getattr(item, "callspec", None)
    if item.get_closest_marker("fuzz") and callspec and "part" in callspec.params:
        who = "token" if "token" in item.originalname else "anonymous"
        return FUZZ.get((who, callspec.params["part"]), 5.0)
    path, _sep, name = item.nodeid.split("[")[0].partition("::")
    return LONG.get((path.removeprefix("tests/").removesuffix(".py"), name), 0.0)
