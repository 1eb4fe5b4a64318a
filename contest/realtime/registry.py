"""What this process knows of the rounds it serves: views, local sockets, answered keys,
and the screens with the scope each shows."""
from __future__ import annotations

from dataclasses import dataclass, field

from contest.services.live import RoundView


@dataclass
class PlaySession:
    participant_id: int
    round_id: int
    lang: str


@dataclass
class RoundLocal:
    """Per round: the cached view and the sockets of this process."""

    view: RoundView | None = None
    players: dict[int, set[str]] = field(default_factory=dict)   # participant_id -> sids
    answered: dict[int, set[int]] = field(default_factory=dict)  # participant_id -> question ids
    my: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # pid -> (score, rank)
    revealed: dict[int, dict] = field(default_factory=dict)  # pid -> `my` of the last reveal
    board_dirty: bool = False


class Registry:
    def __init__(self) -> None:
        self.rounds: dict[int, RoundLocal] = {}
        self.sessions: dict[str, PlaySession] = {}
        self.watchers: dict[int, set[str]] = {}  # contest_id -> display and host sockets here

    def watch(self, contest_id: int, sid: str) -> None:
        self.watchers.setdefault(contest_id, set()).add(sid)

    def local(self, round_id: int) -> RoundLocal:
        found = self.rounds.get(round_id)  # the hot path: no throw-away RoundLocal per answer
        return found if found is not None else self.rounds.setdefault(round_id, RoundLocal())

    def add_player(self, sid: str, session: PlaySession) -> None:
        self.sessions[sid] = session
        self.local(session.round_id).players.setdefault(session.participant_id, set()).add(sid)

    def remove_watcher(self, sid: str) -> None:
        for sids in self.watchers.values():
            sids.discard(sid)

    def watched_contests(self) -> list[int]:
        return [contest_id for contest_id, sids in self.watchers.items() if sids]

    def remove_player(self, sid: str) -> None:
        session = self.sessions.pop(sid, None)
        if session is None:
            return
        sids = self.local(session.round_id).players.get(session.participant_id, set())
        sids.discard(sid)
        if not sids:
            self.local(session.round_id).players.pop(session.participant_id, None)


class Screens:
    """The display sockets of this process and the scope (agency code or None) each shows."""

    def __init__(self) -> None:
        self.by_sid: dict[str, tuple[int, str | None]] = {}

    def add(self, sid: str, contest_id: int, agency: str | None) -> None:
        self.by_sid[sid] = (contest_id, agency)

    def remove(self, sid: str) -> None:
        self.by_sid.pop(sid, None)

    def scopes(self, contest_id: int) -> set[str | None]:
        return {agency for cid, agency in self.by_sid.values() if cid == contest_id}
