"""Small fixtures shared by every test: an app on in-memory SQLite, clients, factories.

Helpers shared by test folders (factories, services, server, players, scenario) import as
top-level modules: pytest.ini puts `tests` and `tests/integration` on the path."""
from __future__ import annotations

from pathlib import Path

import pytest

from contest import create_app
from contest.config import TestConfig
from contest.extensions import db as _db

TRANSLATIONS = Path(__file__).resolve().parent.parent / "contest" / "translations"


def pytest_configure(config):
    compile_stale_translations()


def compile_stale_translations() -> None:
    """Compiled catalogues are not committed: compile them when a .po is newer than its .mo,
    as `flask --app contest translate compile` does, before any test (or server) reads them."""
    catalogues = list(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    stale = [po for po in catalogues if not po.with_suffix(".mo").exists()
             or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        from babel.messages.frontend import CommandLineInterface

        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(TRANSLATIONS)])


@pytest.fixture
def app_config() -> type:
    """The app's configuration; a test module overrides this fixture to change a setting."""
    return TestConfig


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()  # on PostgreSQL every test's pool would otherwise keep its connections
        app.extensions["contest_commits"].engine.dispose()  # the writer's own (database.writer_engine)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
