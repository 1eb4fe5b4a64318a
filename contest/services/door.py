"""What a join needs to know, remembered briefly in this process, so that the 9:00 storm
of "Vào thi" costs the database one write each and nothing else.

- The round behind a join code (its id, status and registration) for two seconds: a round
  that finished in another process may still take joins for that long, which can only
  add a participant who will see `finished` on connecting.
- The agencies that exist, for thirty seconds (an agency is never deleted while a round
  uses it; one imported just now is read from the database on its first join).
- The participants who have just joined here for the first time (new rows), until their
  first `/play` connect here or five minutes: in a live round's lobby that connect needs
  no database read (`PlayNamespace.state_on_connect`). A removal by the organiser forgets
  them here; in another process it takes effect on their next connect.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TTLCache

from contest.extensions import db
from contest.models import Agency
from contest.services.contests import round_by_join_code


@dataclass(frozen=True)
class RoundAtDoor:
    id: int
    status: str
    registration: str


class Door:
    def __init__(self, round_seconds: float = 2.0, agency_seconds: float = 30.0,
                 arrival_seconds: float = 300.0, timer: Callable[[], float] = time.monotonic):
        self._rounds: TTLCache = TTLCache(maxsize=4096, ttl=round_seconds, timer=timer)
        self._agencies: TTLCache = TTLCache(maxsize=100_000, ttl=agency_seconds, timer=timer)
        self._arrivals: TTLCache = TTLCache(maxsize=200_000, ttl=arrival_seconds, timer=timer)

    def round_of(self, join_code: object) -> RoundAtDoor:
        """A mistyped code is never remembered: it is looked up (and refused) every time."""
        code = (join_code if isinstance(join_code, str) else "").strip().upper()
        found = self._rounds.get(code)
        if found is None:
            round_ = round_by_join_code(code)
            found = self._rounds[code] = RoundAtDoor(round_.id, round_.status, round_.registration)
        return found

    def agency_exists(self, agency_id: int) -> bool:
        if agency_id in self._agencies:
            return True
        if db.session.get(Agency, agency_id) is None:
            return False
        self._agencies[agency_id] = True
        return True

    def arrived(self, participant_id: int, round_id: int) -> None:
        """A participant row created just now by a join in this process."""
        self._arrivals[participant_id] = round_id

    def first_connect(self, participant_id: int, round_id: int) -> bool:
        """True once, for a participant who joined here and has not connected since."""
        return self._arrivals.pop(participant_id, None) == round_id

    def forget(self, participant_id: int) -> None:
        self._arrivals.pop(participant_id, None)
