import pytest

# Seconds each fuzz part took on two cores (token runs write, so they are the long ones).
# Only an order: the workers start the longest parts first, so that the last parts to
# run are short ones and both workers finish together. An unknown part counts as long.
MEASURED = {
    ("token", "jobs"): 80,
    ("token", "casework"): 75,
    ("token", "vault"): 45,
    ("token", "feed"): 40,
    ("token", "rest"): 40,
    ("token", "counselling"): 37,
    ("token", "messaging"): 37,
    ("anonymous", "jobs"): 27,
    ("token", "network"): 23,
    ("anonymous", "casework"): 19,
    ("anonymous", "rest"): 18,
    ("anonymous", "feed"): 11,
    ("anonymous", "network"): 10,
    ("anonymous", "vault"): 9,
    ("anonymous", "messaging"): 9,
    ("anonymous", "counselling"): 8,
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
