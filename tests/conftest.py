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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
