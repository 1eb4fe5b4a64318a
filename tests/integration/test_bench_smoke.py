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
