"""A burst of answers: boards reach screens at most twice a second per round, each board
computed once per interval for all the screens of its scope, and nothing when nothing moved."""
import pytest

import contest.services.leaderboard as leaderboard_service
from contest.extensions import socketio
from contest.realtime.loop import Loop
from test_display import control, live, player, question_at, screen  # noqa: F401 (fixture)

PLAYERS = 30
START = 1_000_000


@pytest.fixture
def computations(monkeypatch):
    calls = []
    real = leaderboard_service.leaderboard

    def counted(round_id, **kw):
        calls.append(kw.get("agency_root"))
        return real(round_id, **kw)

    monkeypatch.setattr(leaderboard_service, "leaderboard", counted)
    return calls


def test_burst_of_answers_gives_at_most_two_boards_a_second(app, client, live, computations):
    players = [player(app, client, live, f"Cán bộ số {i}", ("SNV-CCHC", "X-LH", "SNV")[i % 3])[0]
               for i in range(PLAYERS)]
    screens = [screen(app, client, live), screen(app, client, live), screen(app, client, live, agency="SNV")]
    host = socketio.test_client(app, namespace="/host", auth={"token": live["token"], "round_id": live["round_id"]},
                                flask_test_client=client)
    loop = Loop(live["hub"])
    control(client, live, "start")
    rq = question_at(live, 0)
    for sio in (*screens, host):
        sio.get_received(sio_namespace(sio))
    seen = {id(sio): [] for sio in (*screens, host)}
    for step, now in enumerate(range(START, START + 4_000, 50)):  # a call every 50 ms of fake time
        if step < len(players):  # one answer every 50 ms: 20 a second, for 1.5 s
            players[step].emit("answer", {"question_id": rq.question_id, "options": [rq.option_order[0]]},
                               namespace="/play", callback=True)
        computations.clear()
        loop.broadcast_boards(now)
        if computations:  # one board per scope, not one per screen: whole contest and SNV
            assert sorted(computations, key=str) == [None, "SNV"]
        for sio in (*screens, host):
            names = [e["name"] for e in sio.get_received(sio_namespace(sio))]
            seen[id(sio)] += [(now, name) for name in names]
    for sio in (*screens, host):
        boards = [t for t, name in seen[id(sio)] if name == "leaderboard"]
        tallies = [t for t, name in seen[id(sio)] if name == "tally"]
        assert at_most_per_second(boards, 2) and at_most_per_second(tallies, 2)
        assert len(boards) >= 3  # it does move while the answers arrive...
        assert max(boards) < START + PLAYERS * 50 + 500  # ...and stops once they stop


def sio_namespace(sio):
    return "/host" if "/host" in sio.connected else "/display"


def at_most_per_second(times, limit):
    return all(sum(1 for t in times if start <= t < start + 1_000) <= limit for start in times)
