"""Lifecycles: the states of a thing and the moves allowed between them, declared once.

    CASE_TRANSITIONS = Lifecycle(CaseStatus, {
        CaseStatus.INVITED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
        ...
    })

The table is checked when the module loads (as Stator's graphs are): every state has a
row, every target is a state, and no state moves to itself unless it is declared
`repeatable` (a second interview is a move from "interview" to "interview"), so a state
added to the choices without its row fails at import, not in production. A `Lifecycle`
is a read-only mapping `state -> frozenset of targets`, so it compares equal to the
plain dict it was built from.

One question, one name: `allows(current, target)`. Services refuse with `check`, which
raises the app's refusal with the code "transition" (a 409 everywhere, see
`core.refusals`). Templates that offer the next moves read `targets(current)`, in the
order the choices declare them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal


class Lifecycle(Mapping[str, frozenset[str]]):
    def __init__(
        self,
        states: type[TextChoices],
        transitions: Mapping[str, Iterable[str]],
        *,
        terminal_ok: bool = True,
        repeatable: Iterable[str] = (),
    ) -> None:
        known = set(states.values)
        again = {str(state) for state in repeatable}
        table = {
            str(state): frozenset(str(t) for t in targets) for state, targets in transitions.items()
        }
        missing = known - set(table)
        extra = set(table) - known
        if missing or extra:
            raise ValueError(
                f"{states.__name__}: every state needs exactly one row "
                f"(missing {sorted(missing)}, unknown {sorted(extra)})"
            )
        for state, targets in table.items():
            if not targets <= known:
                raise ValueError(
                    f"{states.__name__}.{state} moves to unknown {sorted(targets - known)}"
                )
            if state in targets and state not in again:
                raise ValueError(f"{states.__name__}.{state} moves to itself")
        if not terminal_ok and not any(table.values()):
            raise ValueError(f"{states.__name__}: no move at all")
        self.states = states
        self._table = table

    # Mapping
    def __getitem__(self, state: str) -> frozenset[str]:
        return self._table[str(state)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"Lifecycle({self.states.__name__}, {self._table!r})"

    # The one question
    def allows(self, current: str, target: str) -> bool:
        return str(target) in self._table.get(str(current), frozenset())

    def targets(self, current: str) -> list[str]:
        """The states `current` may move to, in the order the choices declare them."""
        allowed = self._table.get(str(current), frozenset())
        return [value for value in self.states.values if value in allowed]

    def is_final(self, state: str) -> bool:
        return not self._table.get(str(state))

    def check(
        self,
        current: str,
        target: str,
        refusal: Callable[..., Refusal] = Refusal,
        message: str | None = None,
    ) -> None:
        """Raise `refusal(message, code="transition")` unless the move is allowed."""
        if not self.allows(current, target):
            raise refusal(
                message or _("This change is not possible from its current state."),
                code="transition",
            )
