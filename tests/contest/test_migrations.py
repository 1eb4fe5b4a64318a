"""init-db builds the schema through Alembic, on SQLite and on PostgreSQL alike."""
import os
import subprocess
import sys

import sqlalchemy as sa

from contest.extensions import db

from services import require_postgres, reset_postgres

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_flask(url: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CONTEST_DATABASE_URL": url, "CONTEST_INSTANCE_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "contest", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def migrated_tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def assert_schema_matches_models(url: str) -> None:
    tables = migrated_tables(url)
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_init_db_on_sqlite_creates_every_table(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'contest.db'}"
    result = run_flask(url, tmp_path, "init-db")
    assert result.returncode == 0, result.stderr
    assert_schema_matches_models(url)
    again = run_flask(url, tmp_path, "init-db")
    assert again.returncode == 0, again.stderr
    check = run_flask(url, tmp_path, "db", "check")  # the models and the migrations agree
    assert check.returncode == 0, check.stdout + check.stderr


def test_init_db_and_demo_on_postgresql(app, tmp_path):
    url = require_postgres()
    reset_postgres(url)
    result = run_flask(url, tmp_path, "demo")
    assert result.returncode == 0, result.stderr
    assert_schema_matches_models(url)
    assert "mã tham gia" in result.stdout
