import pytest


@pytest.fixture
def live_server(_asgi_live_server, transactional_db):
    """The API is fuzzed as production serves it: uvicorn and the ASGI application
    (tremplin.asgi: each request through Django's handler in a worker thread), not
    pytest-django's WSGI development server, whose replies (headers and body written
    apart, on a kept-alive connection) each waited ~40 ms for the client's delayed ACK:
    three quarters of the fuzz's time."""
    return _asgi_live_server
