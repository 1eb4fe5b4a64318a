"""SQLite settings that make a single writer safe: WAL, a busy timeout, full sync; and a
database file that only its owner may read (it holds names and agencies)."""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from contest.extensions import db


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def private_file(url: str) -> None:
    """Create the SQLite file as 0600 before SQLite does (its WAL and shared-memory files
    take the database file's mode), and tighten an existing one."""
    path = sa.engine.make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not file.exists():
            os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
        if file.stat().st_mode & 0o077:
            file.chmod(0o600)
    except OSError:  # another user's file: SQLite will say what is wrong with it
        pass


def init_app(app: Flask) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    private_file(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        sa.event.listen(db.engine, "connect", _sqlite_pragmas)


def writer_engine(app: Flask) -> sa.Engine:
    """The group commit's own engine, used only from the writer's OS thread. Sharing the
    app's pool, that thread would wait on a pool lock when greenlets of the main thread
    hold every connection (a reconnect storm on PostgreSQL), and eventlet cannot wake a
    real thread from its hub ("Cannot switch to a different thread"): the writer hung
    and its answers got no ack. An in-memory test database is the app's own engine."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            return db.engine
        engine = sa.create_engine(url, pool_size=4, max_overflow=4)
    if url.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def database_reachable() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
