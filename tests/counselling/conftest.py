"""The counselling tests use `crew` and `browser_of` from tests/conftest.py: alice is
dave's client at Agence Horizon, erin another counsellor there, frank a counsellor of
another agency, greta an admin of alice's agency."""

from tests.personas import CASE_VIEWERS, SEES_CASE

__all__ = ["CASE_VIEWERS", "SEES_CASE"]
