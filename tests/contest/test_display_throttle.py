"""Bursts of joins and answers: boards and tallies reach screens at most twice a second per
round, each board computed once per interval for all the screens of its scope, nothing when
nothing moved, and no board on a screen while a question is open."""
import pytest

import contest.services.leaderboard as leaderboard_service
from contest.extensions import socketio
from contest.realtime.loop import Loop

from test_display import close_question, control, live, player, question_at, screen  # noqa: F401

PLAYERS = 30
START = 1_000_000
STEP_MS = 50


@pytest.fixture
def computations(monkeypatch):
    calls = []
    real = leaderboard_service.leaderboard

    def counted(round_id, **kw):
        calls.append(kw.get("agency_root"))
        return real(round_id, **kw)

    monkeypatch.setattr(leaderboard_service, "leaderboard", counted)
    return calls


class Recorder:
    """Every event each socket receives, stamped with the fake time of the broadcast."""

    def __init__(self, sockets):
        self.sockets = sockets
        self.seen = {name: [] for name in sockets}
        self.drain(0)

    def drain(self, now):
        for name, (sio, namespace) in self.sockets.items():
            self.seen[name] += [(now, e["name"]) for e in sio.get_received(namespace)]

    def times(self, name, event, since=0):
        return [t for t, e in self.seen[name] if e == event and t >= since]


def at_most_per_second(times, limit):
    return all(sum(1 for t in times if start <= t < start + 1_000) <= limit for start in times)


def burst(loop, recorder, computations, start, actions):
    """One action every STEP_MS of fake time, the loop's broadcast after each, then 2 s more."""
    for step, now in enumerate(range(start, start + len(actions) * STEP_MS + 2_000, STEP_MS)):
        if step < len(actions):
            actions[step]()
        computations.clear()
        loop.broadcast_boards(now)
        # one computation per scope, never one per screen: whole contest and SNV (or host only)
        assert sorted(computations, key=str) in ([], [None], [None, "SNV"])
        recorder.drain(now)


def test_bursts_give_at_most_two_boards_a_second(app, client, live, computations):
    host = socketio.test_client(app, namespace="/host", flask_test_client=client,
                                auth={"token": live["token"], "round_id": live["round_id"]})
    recorder = Recorder({"hall": (screen(app, client, live), "/display"),
                         "hall2": (screen(app, client, live), "/display"),
                         "snv": (screen(app, client, live, agency="SNV"), "/display"),
                         "host": (host, "/host")})
    loop = Loop(live["hub"])
    players = []
    joins = [lambda i=i: players.append(player(app, client, live, f"Cán bộ số {i}",
                                                ("SNV-CCHC", "X-LH", "SNV")[i % 3])[0])
             for i in range(PLAYERS)]
    burst(loop, recorder, computations, START, joins)  # 20 joins a second in the lobby
    lobby_end = START + PLAYERS * STEP_MS + 2_000

    control(client, live, "start")
    rq = question_at(live, 0)
    answers = [lambda sio=sio: sio.emit("answer", {"question_id": rq.question_id,
                                                   "options": [rq.option_order[0]]},
                                        namespace="/play", callback=True) for sio in players]
    burst(loop, recorder, computations, lobby_end, answers)  # 20 answers a second
    close_question(live, 0)
    reveal_at = lobby_end + 10_000
    burst(loop, recorder, computations, reveal_at, [])

    for name in recorder.sockets:
        boards, tallies = recorder.times(name, "leaderboard"), recorder.times(name, "tally")
        assert at_most_per_second(boards, 2) and at_most_per_second(tallies, 2)
        lobby_boards = [t for t in boards if t < lobby_end]
        assert len(lobby_boards) >= 3 and max(lobby_boards) < START + PLAYERS * STEP_MS + 500
        assert len(tallies) >= 3  # the count of answers moves while they arrive...
        assert len(recorder.times(name, "leaderboard", since=reveal_at)) == 1  # ...one board after the reveal
    for name in ("hall", "hall2", "snv"):  # ...and no screen sees who was right before the deadline
        assert [t for t in recorder.times(name, "leaderboard") if lobby_end <= t < reveal_at] == []
    assert len([t for t in recorder.times("host", "leaderboard") if lobby_end <= t < reveal_at]) >= 3
