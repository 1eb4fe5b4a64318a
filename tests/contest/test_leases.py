"""The round lease of several processes, on a fake Redis and a fake clock; and the
session ids tagged with the process's node name."""
from __future__ import annotations

import pytest

from contest.extensions import socketio
from contest.realtime.session_ids import tag_session_ids
from contest.services import engine
from contest.services import leases as leases_module
from contest.services.leases import RENEW_EVERY_MS, Leases

from factories import make_live_round

LEASE_MS = 5000


class Clock:
    def __init__(self) -> None:
        self.ms = 1_000_000.0

    def monotonic(self) -> float:
        return self.ms / 1000


class FakeRedis:
    """SET NX PX, GET and the two scripts of the conductor, on the fake clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock, self.data = clock, {}

    def _alive(self, key: str):
        value = self.data.get(key)
        if value and value[1] > self.clock.ms:
            return value[0]
        self.data.pop(key, None)
        return None

    def get(self, key: str):
        return self._alive(key)

    def set(self, key: str, value: str, nx: bool = False, px: int | None = None):
        if nx and self._alive(key) is not None:
            return None
        self.data[key] = (value.encode(), self.clock.ms + px)
        return True

    def register_script(self, text: str):
        def renew(keys, args):
            if self._alive(keys[0]) == args[0].encode():
                self.data[keys[0]] = (self.data[keys[0]][0], self.clock.ms + int(args[1]))
                return 1
            return 0

        def release(keys, args):
            if self._alive(keys[0]) == args[0].encode():
                del self.data[keys[0]]
                return 1
            return 0

        return renew if "pexpire" in text else release


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(leases_module.time, "monotonic", clock.monotonic)
    return clock


def running_round() -> int:
    _, round_id = make_live_round(seconds_per_question=20)
    engine.start(round_id, 1000)
    return round_id


def test_one_process_conducts_a_round_and_another_takes_over_when_it_dies(app, clock):
    redis = FakeRedis(clock)
    first, second = (Leases(redis, "db", LEASE_MS, owner=name) for name in ("first", "second"))
    round_id = running_round()
    assert first.rounds_to_conduct(0) == [round_id]
    for _ in range(30):  # both keep ticking for a while: only the holder conducts
        clock.ms += 100
        assert first.rounds_to_conduct(0) == [round_id]
        assert second.rounds_to_conduct(0) == []
    assert first.holder(round_id) == "first"

    died = clock.ms  # the first process stops renewing
    taken = None
    while taken is None and clock.ms < died + 3 * LEASE_MS:
        clock.ms += 100
        if second.rounds_to_conduct(0) == [round_id]:
            taken = clock.ms
    assert taken is not None and taken <= died + LEASE_MS + RENEW_EVERY_MS
    assert second.holder(round_id) == "second"


def test_a_lease_is_not_trusted_to_its_last_millisecond(app, clock):
    redis = FakeRedis(clock)
    first = Leases(redis, "db", LEASE_MS, owner="first")
    round_id = running_round()
    assert first.rounds_to_conduct(0) == [round_id]
    redis.data.clear()  # Redis forgot it (a restart): the holder must stop before another starts
    first.next_renewal = float("inf")  # and it cannot renew (Redis away)
    clock.ms += LEASE_MS - 900
    assert first.rounds_to_conduct(0) == []


def test_a_finished_round_is_let_go(app, clock):
    redis = FakeRedis(clock)
    first = Leases(redis, "db", LEASE_MS, owner="first")
    round_id = running_round()
    assert first.rounds_to_conduct(0) == [round_id]
    engine.finish(round_id, 2000)
    clock.ms += RENEW_EVERY_MS
    assert first.rounds_to_conduct(0) == []
    assert first.holder(round_id) is None


def test_leases_of_two_databases_do_not_meet(app, clock):
    redis = FakeRedis(clock)
    round_id = running_round()
    assert Leases(redis, "db-one", LEASE_MS).rounds_to_conduct(0) == [round_id]
    assert Leases(redis, "db-two", LEASE_MS).rounds_to_conduct(0) == [round_id]


def test_session_ids_carry_the_node_name(app, monkeypatch):
    eio = socketio.server.eio
    monkeypatch.setattr(eio, "generate_id", eio.generate_id)  # undone after the test
    tag_session_ids(socketio.server, "p5001")
    ids = {eio.generate_id() for _ in range(3)}
    assert len(ids) == 3 and all(i.startswith("p5001.") for i in ids)
    with pytest.raises(SystemExit):
        tag_session_ids(socketio.server, "p5001/../x")


def test_a_stopping_process_gives_its_leases_back_at_once(app, clock):
    """SIGTERM: the other process takes the round at its next renewal, not a lease later."""
    redis = FakeRedis(clock)
    first, second = (Leases(redis, "db", LEASE_MS, owner=name) for name in ("first", "second"))
    round_id = running_round()
    assert first.rounds_to_conduct(0) == [round_id]
    first.stop()
    assert first.holder(round_id) is None
    clock.ms += RENEW_EVERY_MS
    assert second.rounds_to_conduct(0) == [round_id]
    clock.ms += RENEW_EVERY_MS
    assert first.rounds_to_conduct(0) == []  # and it never takes one again
    assert second.holder(round_id) == "second"
