"""The group commit's writer runs in an OS thread. When greenlets of the main thread hold
every connection of the app's pool (a reconnect storm on PostgreSQL), the writer must
not wait on that pool: eventlet cannot wake a real thread from its hub, and the writer
hung with `greenlet.error: Cannot switch to a different thread` while answers waited
for their ack. Played in a real eventlet process, with the app's pool exhausted."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import sys
    from contest import asyncmode
    asyncmode._mode = "eventlet"
    from contest import create_app
    from contest.config import Config
    from contest.extensions import db

    class OnFile(Config):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + sys.argv[1]
        SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 3}
        OFFLOAD = False

    app = create_app(OnFile)
    commits = app.extensions["contest_commits"]
    commits.start(eventlet.spawn, eventlet.sleep)
    with app.app_context():
        db.engine.dispose()
        held = [db.engine.connect() for _ in range(2)]  # every connection of the app's pool, kept

    result = commits.run(lambda conn: conn.exec_driver_sql("SELECT 41 + 1").scalar())
    writes = [eventlet.spawn(commits.run, lambda conn: conn.exec_driver_sql("SELECT 1").scalar())
              for _ in range(50)]
    print(result, sum(w.wait() for w in writes))
    for conn in held:
        conn.close()
""")


def test_the_writer_commits_while_the_apps_pool_is_held_by_green_threads(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "c.db")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Cannot switch" not in done.stderr
    assert done.stdout.split() == ["42", "50"]  # committed though the app's pool had nothing left
