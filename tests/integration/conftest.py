"""The server most integration tests need: one process on SQLite, with an API token."""
import pytest

from server import ServerProcess


@pytest.fixture
def server(tmp_path):
    proc = ServerProcess(tmp_path).prepare()
    proc.start()
    yield proc
    proc.stop()
