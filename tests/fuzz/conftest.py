import pytest

# Seconds each fuzz part took on two cores (token runs write, so they are the long ones).
# Only an order: the workers start the longest parts first, so that the last parts to
# run are short ones and both workers finish together. An unknown part counts as long.
MEASURED = {
    # Measured on a fresh clone of 2026-12-06 (issue 17), PostgreSQL, two workers.
    ("token", "communities"): 100,
    ("token", "casework"): 100,
    ("anonymous", "communities"): 81,
    ("token", "jobs"): 54,
    ("anonymous", "casework"): 53,
    ("token", "feed"): 42,
    ("anonymous", "jobs"): 41,
    ("token", "projects"): 41,
    ("anonymous", "feed"): 31,
    ("token", "rest"): 28,
    ("token", "vault"): 27,
    ("anonymous", "projects"): 23,
    ("anonymous", "rest"): 22,
    ("token", "messaging"): 21,
    ("token", "counselling"): 17,
    ("anonymous", "vault"): 17,
    ("token", "network"): 15,
    ("anonymous", "messaging"): 14,
    ("anonymous", "counselling"): 14,
    ("anonymous", "network"): 12,
    ("token", "privacy"): 11,
    ("anonymous", "privacy"): 6,
    ("token", "moderation"): 6,
    ("anonymous", "moderation"): 6,
}


def _expected_seconds(item) -> float:
    callspec = getattr(item, "callspec", None)
    if callspec is None or "part" not in callspec.params:
        return 0.0
    who = "token" if "token" in item.originalname else "anonymous"
    return MEASURED.get((who, callspec.params["part"]), 1000.0)


def pytest_collection_modifyitems(config, items):
    """The fuzz parts, where they stand in the run, longest first."""
    slots = [i for i, item in enumerate(items) if item.get_closest_marker("fuzz")]
    ordered = sorted((items[i] for i in slots), key=_expected_seconds, reverse=True)
    for i, item in zip(slots, ordered, strict=True):
        items[i] = item


@pytest.fixture
def live_server(_asgi_live_server, transactional_db):
    """The API is fuzzed as production serves it: uvicorn and the ASGI application
    (tremplin.asgi: each request through Django's handler in a worker thread), not
    pytest-django's WSGI development server, whose replies (headers and body written
    apart, on a kept-alive connection) each waited ~40 ms for the client's delayed ACK:
    three quarters of the fuzz's time."""
    return _asgi_live_server
