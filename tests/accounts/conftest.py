import pytest


@pytest.fixture(autouse=True)
def _totp_tolerates_the_next_period(settings):
    """A code read just before a 30-second boundary is checked just after it; a real
    app has the same problem and allauth's tolerance setting is its answer. Without it
    the MFA tests would fail once in a few hundred runs."""
    settings.MFA_TOTP_TOLERANCE = 1
