"""Small fixtures shared by every test: an app on in-memory SQLite, clients, factories."""
from __future__ import annotations

import pytest

from contest import create_app
from contest.config import TestConfig
from contest.extensions import db as _db


@pytest.fixture
def app():
    app = create_app(TestConfig)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()  # on PostgreSQL every test's pool would otherwise keep its connections


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def pytest_configure(config):
    import sys
    from pathlib import Path

    # helpers shared by test folders: factories, services, server, players
    here = Path(__file__).parent
    for folder in (here, here / "integration"):
        sys.path.insert(0, str(folder))
