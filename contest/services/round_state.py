"""The round engine's rules as pure functions: `(state, now) -> (new state, transitions)`.

Nothing here reads the clock or the database; `services/engine.py` loads a `RoundState`,
applies a step and writes the result back with a compare-and-set. Live rounds go
lobby -> question -> reveal -> question ... -> finished; self-paced rounds lobby -> open
-> finished, opening and closing by their window.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from contest.errors import N_, DomainError

ACTIVE = ("question", "reveal")


@dataclass(frozen=True)
class RoundState:
    """The engine's part of a `round` row, plus the number of questions drawn for it."""

    round_id: int
    mode: str
    status: str
    current_index: int
    version: int
    question_count: int
    seconds_per_question: int
    reveal_seconds: int
    advance: str
    phase_deadline_ms: int | None = None
    paused_remaining_ms: int | None = None
    started_ms: int | None = None
    finished_ms: int | None = None
    opens_at_ms: int | None = None
    closes_at_ms: int | None = None

    @property
    def paused(self) -> bool:
        return self.paused_remaining_ms is not None

    def due_to_open(self, now: int) -> bool:
        """A scheduled self-paced window whose time has come."""
        return (self.status == "lobby" and self.mode == "self_paced"
                and self.opens_at_ms is not None and self.opens_at_ms <= now)


@dataclass(frozen=True)
class Transition:
    """What changed, for the real-time layer to announce (and for the question's row:
    `index` with `at_ms` when it opened or was revealed, `deadline_ms` when it moved)."""

    round_id: int
    kind: str  # question, reveal, closed, finished, paused, resumed, opened
    index: int = -1
    at_ms: int | None = None
    deadline_ms: int | None = None


Step = tuple[RoundState, list[Transition]]


# --- the clock ---------------------------------------------------------------------------

def step(state: RoundState, now: int, grace_ms: int) -> Step:
    """Every transition that is due at `now` (several if time jumped)."""
    transitions: list[Transition] = []
    if state.due_to_open(now):
        state = replace(state, status="open", started_ms=now)
        transitions.append(Transition(state.round_id, "opened"))
    if state.status == "open":  # a self-paced round closes at closes_at_ms
        state = replace(state, phase_deadline_ms=state.closes_at_ms)
    while not state.paused and state.phase_deadline_ms is not None:
        if state.status == "question" and now >= state.phase_deadline_ms + grace_ms:
            state, done = _reveal(state, now)
        elif state.status == "reveal" and now >= state.phase_deadline_ms:
            state, done = _advance_from_reveal(state, now)
        elif state.status == "open" and now >= state.phase_deadline_ms:
            state, done = _finish(state, now)
        else:
            break
        transitions.append(done)
    return state, transitions


# --- the organiser's commands ------------------------------------------------------------

def start(state: RoundState, now: int, grace_ms: int = 0) -> Step:
    if state.status != "lobby":
        raise DomainError("conflict", N_("Vòng thi đã bắt đầu."))
    state = replace(state, started_ms=now)
    if state.mode == "self_paced":
        state = replace(state, status="open", opens_at_ms=min(state.opens_at_ms or now, now))
        return state, [Transition(state.round_id, "opened")]
    state, opened = _open_question(state, 0, now)
    return state, [opened]


def advance(state: RoundState, now: int, grace_ms: int) -> Step:
    """The host's `next`: closes the open question early, or moves on after a reveal."""
    _require_live(state)
    if state.paused:
        raise DomainError("conflict", N_("Vòng thi đang tạm dừng."))
    if state.status == "reveal":
        state, done = _advance_from_reveal(state, now)
        return state, [done]
    if state.status == "question":
        deadline = min(state.phase_deadline_ms, now)  # later answers are late; grace still applies
        state = replace(state, phase_deadline_ms=deadline)
        closed = Transition(state.round_id, "closed", state.current_index, deadline_ms=deadline)
        state, more = step(state, now, grace_ms)
        return state, [closed, *more]
    raise DomainError("conflict", N_("Vòng thi chưa bắt đầu hoặc đã kết thúc."))


def pause(state: RoundState, now: int, grace_ms: int = 0) -> Step:
    _require_live(state)
    if state.status not in ACTIVE or state.paused:
        raise DomainError("conflict", N_("Chỉ tạm dừng được khi vòng thi đang diễn ra."))
    deadline = state.phase_deadline_ms
    remaining = max(deadline - now, 0) if deadline is not None else 0
    return replace(state, paused_remaining_ms=remaining), [Transition(state.round_id, "paused")]


def resume(state: RoundState, now: int, grace_ms: int = 0) -> Step:
    _require_live(state)
    if not state.paused:
        raise DomainError("conflict", N_("Vòng thi không tạm dừng."))
    deadline = state.phase_deadline_ms
    if deadline is not None:
        deadline = now + state.paused_remaining_ms
    moved = deadline if state.status == "question" else None  # the open question's deadline too
    state = replace(state, phase_deadline_ms=deadline, paused_remaining_ms=None)
    return state, [Transition(state.round_id, "resumed", state.current_index, deadline_ms=moved)]


def finish(state: RoundState, now: int, grace_ms: int = 0) -> Step:
    if state.status == "finished":
        return state, []
    state, done = _finish(state, now)
    return state, [done]


COMMANDS = {"start": start, "next": advance, "pause": pause, "resume": resume, "finish": finish}


# --- the transitions ---------------------------------------------------------------------

def _require_live(state: RoundState) -> None:
    if state.mode != "live":
        raise DomainError("conflict", N_("Thao tác không dùng cho hình thức thi này."))


def _open_question(state: RoundState, index: int, now: int) -> tuple[RoundState, Transition]:
    deadline = now + state.seconds_per_question * 1000
    state = replace(state, status="question", current_index=index, phase_deadline_ms=deadline)
    return state, Transition(state.round_id, "question", index, at_ms=now, deadline_ms=deadline)


def _reveal(state: RoundState, now: int) -> tuple[RoundState, Transition]:
    deadline = now + state.reveal_seconds * 1000 if state.advance == "auto" else None
    state = replace(state, status="reveal", phase_deadline_ms=deadline)
    return state, Transition(state.round_id, "reveal", state.current_index, at_ms=now)


def _finish(state: RoundState, now: int) -> tuple[RoundState, Transition]:
    state = replace(state, status="finished", finished_ms=now, phase_deadline_ms=None,
                    paused_remaining_ms=None)
    return state, Transition(state.round_id, "finished")


def _advance_from_reveal(state: RoundState, now: int) -> tuple[RoundState, Transition]:
    if state.current_index + 1 < state.question_count:
        return _open_question(state, state.current_index + 1, now)
    return _finish(state, now)
