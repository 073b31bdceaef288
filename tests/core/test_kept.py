"""core.kept.Kept: a bounded map; the oldest entry goes first when it is full."""

from tremplin.core.kept import Kept


def test_the_oldest_entry_goes_when_full():
    kept: Kept[str, int] = Kept(2)
    kept.put("a", 1)
    kept.update({"b": 2, "c": 3})
    assert len(kept) == 2
    assert kept.get("a") is None and kept.get("b") == 2 and kept.get("c") == 3
    kept.clear()
    assert len(kept) == 0 and kept.get("b") is None
