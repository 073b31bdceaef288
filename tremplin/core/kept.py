"""A bounded map kept in the process, for what is rendered once and served again under a
key that names everything it shows (a reply's HTML, a page of replies, a directory
card): such a key never goes stale, so nothing is invalidated; the bound caps the
memory, the oldest entry going first. Safe to share between a process's threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        self.update({key: value})

    def update(self, found: Mapping[K, V]) -> None:
        with self._lock:
            self._items.update(found)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
