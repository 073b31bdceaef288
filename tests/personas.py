"""The persona table shared by the privacy tests (the personas themselves are built by
the `personas` fixture in tests/conftest.py)."""

from tremplin.core.audience import Audience

VIEWERS = ["anonymous", "alice", "bob", "carol", "dave", "erin", "mallory", "sam"]

# The audiences each persona belongs to with respect to alice (the owner).
MEMBERSHIP = {
    "anonymous": {Audience.PUBLIC},
    "alice": set(Audience.values),
    "bob": {Audience.PUBLIC, Audience.MEMBERS, Audience.CONNECTIONS},
    "carol": {Audience.PUBLIC, Audience.MEMBERS},
    "dave": {Audience.PUBLIC, Audience.MEMBERS, Audience.COUNSELLORS},
    "erin": {Audience.PUBLIC, Audience.MEMBERS},
    "mallory": {Audience.PUBLIC, Audience.MEMBERS},
    "sam": {Audience.PUBLIC, Audience.MEMBERS},
}


# Who is who with respect to alice's case with dave (the `crew` fixture): erin is another
# counsellor of the same agency, frank a counsellor of another agency, greta an admin of
# the agency.
CASE_VIEWERS = ["alice", "dave", "erin", "frank", "greta", "carol", "mallory", "anonymous"]
# Those who may know the case exists at all.
SEES_CASE = {"alice", "dave", "greta"}


def viewer_of(personas, name):
    return None if name == "anonymous" else getattr(personas, name)
