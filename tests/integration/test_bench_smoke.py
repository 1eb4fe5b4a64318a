"""The benchmark itself, small: a few hundred officials, so that it cannot rot.
Correctness only (everything acknowledged and stored, no errors), never timings."""
from __future__ import annotations

import pytest

from bench import lag, live, selfpaced

pytestmark = pytest.mark.server


@pytest.mark.parametrize("mode, client", [("eventlet", "wire"), ("gevent", "sio")])
def test_live_burst_all_acknowledged_and_stored(mode, client):
    args = live.options().parse_args(["--players", "300", "--processes", "2", "--mode", mode,
                                      "--client", client, "--seconds", "6", "--answer-after-ms", "1500"])
    report = live.run(args)
    assert report["errors"] == {}
    assert report["connected"] == 300
    assert len(report["delivery"]) == 300
    assert report["acked_count"] == report["sent"] == 300
    assert report["stored"] == 300
    assert report["stored_duplicates"] == report["acked_not_stored"] == report["stored_not_acked"] == 0
    assert len(report["reveal"]) == 300
    assert report["server"] and all(u["peak_rss_mb"] > 0 for u in report["server"].values())


def test_self_paced_start():
    args = selfpaced.options().parse_args(["--players", "120", "--processes", "2", "--window", "3"])
    report = selfpaced.run(args)
    assert report["errors"] == {}
    assert report["acked_count"] == report["sent"] == 120


def test_lag_probe_with_uploads():
    args = lag.options().parse_args(["--players", "60", "--processes", "1", "--seconds", "6",
                                     "--answer-after-ms", "500", "--burst-ms", "3000", "--upload-after-ms", "300",
                                     "--upload", "bank", "--bank-questions", "500", "--upload", "bomb"])
    report = lag.run(args)
    assert report["errors"] == {}
    assert report["acked_count"] == report["stored"] == 60
    bank, bomb = report["uploads"]
    assert (bank["status"], bank["result"]) == (201, 500)
    assert bomb["status"] == 422 and "20000 rows, empty ones included" in bomb["result"][0]
    assert report["lag"]["probe_failures"] == 0 and report["lag"]["the round"]["samples"] > 20


@pytest.mark.parametrize("client", ["node", "wire"])
def test_side_by_side_with_the_node_reference(client, tmp_path):
    """`--reference`: the same round, the same load client, the ceiling then the project;
    every answer acknowledged and stored exactly once on both, and the ratios printed."""
    json_path = tmp_path / "side-by-side.json"
    args = live.options().parse_args(["--players", "20", "--processes", "1", "--client", client,
                                      "--seconds", "3", "--answer-after-ms", "500", "--burst-ms", "500",
                                      "--reference", "--json", str(json_path)])
    both = live.run_side_by_side(args)
    for side in ("reference", "project"):
        report = both[side]
        assert report["errors"] == {}, side
        assert report["joined"] == report["connected"] == 20, side
        assert report["acked_count"] == report["sent"] == report["stored"] == 20, side
        assert report["stored_duplicates"] == report["acked_not_stored"] == report["stored_not_acked"] == 0
        assert len(report["delivery"]) == len(report["reveal"]) == 20, side
        assert report["join_seconds"] > 0 and report["connect_seconds"] > 0
        assert set(report["phases"]) == {"join", "connect", "play"}
        assert all(p["load_cpu_s"] >= 0 and p["server_cpu_s"] >= 0 for p in report["phases"].values())
        assert report["server"] and all(u["peak_rss_mb"] > 0 for u in report["server"].values())
    assert set(both["ratios"]) == {"joins", "connects", "delivery p99", "ack p99", "RSS", "join CPU",
                                   "connect CPU"}
    assert all(both["ratios"][name] > 0 for name in ("joins", "connects", "delivery p99", "ack p99", "RSS"))
    # 20 joins may take the ceiling less than psutil's 10 ms of CPU: no ratio then, never a wrong one
    assert all(both["ratios"][name] is None or both["ratios"][name] > 0 for name in ("join CPU", "connect CPU"))

    live.write_side_by_side(str(json_path), args, both)
    lines = table_lines(f"20={json_path}")
    assert any(line.startswith("| 20, ceiling | 20 |") and "20 / 20" in line for line in lines)
    assert any(line.startswith("| 20, this project | 20 |") and "20 / 20" in line for line in lines)
    assert any(line.startswith("| 20 | ") and line.count("×") >= 5 for line in lines)


def table_lines(*args: str) -> list[str]:
    import subprocess
    import sys

    from bench.server import ROOT

    out = subprocess.run([sys.executable, "-m", "bench.table", *args], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return out.splitlines()


def test_the_reference_judges_like_the_contract():
    """The ceiling only counts if it does the work the contract asks: a forged token is
    refused, a wrong option, a second answer and garbage are refused with their codes,
    and what it acknowledged is what it reports as stored."""
    import requests
    import socketio

    from bench import reference, runner, scenario

    servers = reference.start_reference()
    try:
        round_ = scenario.make_round(servers, {"mode": "live", "question_count": 2, "seconds_per_question": 4,
                                               "advance": "auto", "reveal_seconds": 1})
        url = servers.urls[0]

        def join(name: str) -> dict:
            return requests.post(url + "/api/v1/join", json={"join_code": round_.join_code, "name": name,
                                                             "agency_id": round_.agency_ids[0]}, timeout=10).json()

        joined = join("Lê Thị Hạnh")
        assert join("x")["error"] == "bad_payload"
        forged = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            forged.connect(url, namespaces=["/play"], auth={"token": joined["participant_token"][:-2] + "xx"},
                           transports=["websocket"], wait_timeout=10)

        player, questions = socketio.Client(reconnection=False), []
        player.on("question", questions.append, namespace="/play")
        player.connect(url, namespaces=["/play"], auth={"token": joined["participant_token"]},
                       transports=["websocket"], wait_timeout=10)
        assert servers.api("post", f"/rounds/{round_.round_id}/start").ok
        assert runner.wait_until(lambda: questions, 10)
        q = questions[0]
        assert "correct" not in q and all(set(o) == {"id", "text"} for o in q["options"])

        def answer(payload):
            return player.call("answer", payload, namespace="/play", timeout=10)

        assert answer("garbage")["error"] == "bad_payload"
        assert answer({"question_id": q["question_id"], "options": [-1]})["error"] == "invalid_option"
        assert answer({"question_id": q["question_id"] + 999, "options": [q["options"][0]["id"]]})["error"] == "not_open"
        first = answer({"question_id": q["question_id"], "options": [q["options"][1]["id"]]})
        assert first["ok"] is True and first["received_ms"] >= q["opens_ms"]
        assert answer({"question_id": q["question_id"], "options": [q["options"][2]["id"]]})["error"] == "already_answered"
        stored = servers.api("get", f"/rounds/{round_.round_id}/answers").json()
        assert [(a["participant_id"], a["question_id"], a["options"]) for a in stored] == \
            [(joined["participant_id"], q["question_id"], [q["options"][1]["id"]])]
        player.disconnect()
    finally:
        servers.stop()
