"""What mentoring asks of communities, for the programmes a community runs: who owns or
moderates a community, and who belongs to it.

Communities sits ABOVE mentoring in the layers (docs/architecture.md), so mentoring
imports nothing of it: communities provides these answers from its hooks.py
(`tremplin/communities/hooks_mentoring.py`), as counselling provides the viewer's
`client_agencies`. The programme's `community` column names the community by id only;
every rule about it (who sees the programme, who may join, who may coordinate) is asked
here, so a change of communities' roles reaches mentoring without an edit in mentoring.

Deny by default: until communities provides them (or if it is not installed), nobody
moderates or belongs to any community, so a community's programme is seen by its
coordinators only, nobody may join it and nobody new may coordinate it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Each answer is a lazy QuerySet of ids (usable inside another query) or a list.
Ids = Callable[[int], Any]


@dataclass(frozen=True)
class CommunityRoles:
    # (user id) -> ids of the communities where the member is an active owner or moderator
    moderated_ids: Ids
    # (user id) -> ids of the communities where the member is active (any role)
    joined_ids: Ids
    # (community id) -> user ids of its active owners and moderators
    moderator_ids: Ids
    # (community id) -> user ids of its active members (any role)
    member_ids: Ids
    # (user id) -> the communities the member owns or moderates, as objects with `pk`,
    # `slug` and `name`, by name (the choices of "Create a programme for …")
    moderated: Callable[[int], list[Any]]


class _Provided:
    """The one provider, filled from communities' hooks.py."""

    def __init__(self) -> None:
        self._roles: CommunityRoles | None = None

    def provide(self, roles: CommunityRoles) -> None:
        if self._roles is not None and self._roles is not roles:
            raise RuntimeError("mentoring's community roles already have a provider")
        self._roles = roles

    def _ask(self, name: str, key: int | None) -> Any:
        if self._roles is None or key is None:
            return []
        return getattr(self._roles, name)(key)

    def moderated_ids(self, user: Any) -> Any:
        return self._ask("moderated_ids", _user_id(user))

    def joined_ids(self, user: Any) -> Any:
        return self._ask("joined_ids", _user_id(user))

    def moderator_ids(self, community_id: int | None) -> Any:
        return self._ask("moderator_ids", community_id)

    def member_ids(self, community_id: int | None) -> Any:
        return self._ask("member_ids", community_id)

    def moderated(self, user: Any) -> list[Any]:
        return list(self._ask("moderated", _user_id(user)))

    def moderates(self, user: Any, community_id: int | None) -> bool:
        return community_id is not None and community_id in set(self.moderated_ids(user))

    def belongs(self, user: Any, community_id: int | None) -> bool:
        return community_id is not None and community_id in set(self.joined_ids(user))


def _user_id(user: Any) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


community_roles = _Provided()
