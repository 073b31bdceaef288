"""The PII and scam guards read every body a member sends, up to the longest a form
accepts (20,000 characters for a thread or a job description). A pattern that can start
anywhere inside a long run of letters or digits and then backtrack over the rest of it
costs the square of the run's length: a 20,000-character run of zeros took the PII guard
about 27 s and the scam guard 55 s, longer than the API's fuzzing client waits (found
by schemathesis on POST /communities/{slug}/threads).

These tests give each guard such bodies under a deadline of 10 s, a guard against a hang
rather than a measure: the linear patterns take well under a tenth of a second.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from tremplin.core.pii import scan
from tremplin.core.scam import assess
from tremplin.core.scam.text import amounts

LONGEST_BODY = 20_000
DEADLINE_S = 10
RUNS = ["0", "0 ", "000 ", "0 000 ", "a", "a.", "a@", "a at ", "x (at) ", "1-", "$1 ", "1 h "]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still scanning after {seconds} s: catastrophic backtracking")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def body_of(run: str) -> str:
    return (run * (LONGEST_BODY // len(run) + 1))[:LONGEST_BODY]


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("guard", [scan, assess], ids=["pii", "scam"])
def test_a_longest_body_of_one_repeated_run_is_read_without_hanging(
    guard: Callable[[str], object], run: str
) -> None:
    with deadline(DEADLINE_S):
        guard(body_of(run))


def test_the_anchored_patterns_still_find_what_they_found() -> None:
    """The anchors (a match starts where a run starts) change no match at a run's start."""
    text = "Write to zoe.tremblay@example.ca or zoe (at) example.ca"
    assert [text[f.start : f.end] for f in scan(text)] == [
        "zoe.tremblay@example.ca",
        "zoe (at) example.ca",
    ]
    money = "Pay 1 200 $ a week, 2 450,50 € or $1,200.50; 100 000 $ a year; 40 50 $"
    assert [amount.value for amount in amounts(money)] == [1200, 2450.5, 1200.5, 100000, 50]
    assert assess("Pay 1 200 $ per week; send a 149 $ fee by e-transfer to start.").codes == [
        "payment"
    ]
