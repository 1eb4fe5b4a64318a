"""The commands of PROTOCOL.md §0 and the demo."""
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Agency, Contest, Official, Question, Round


def test_organiser_create_and_token(app, runner, client):
    result = runner.invoke(args=["organiser", "create", "bantochuc", "--password", "mat-khau-dai-1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["organiser", "token", "bantochuc"])
    token = result.output.strip().splitlines()[-1]
    response = client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_organiser_create_prints_a_generated_password(app, runner):
    result = runner.invoke(args=["organiser", "create", "thuky"])
    assert result.exit_code == 0
    assert "Mật khẩu / password:" in result.output


def test_token_for_unknown_organiser_fails(app, runner):
    result = runner.invoke(args=["organiser", "token", "khong-co"])
    assert result.exit_code != 0


def test_demo_builds_a_usable_contest_and_is_safe_twice(app, runner, tmp_path, monkeypatch):
    from contest.services import demo

    monkeypatch.setattr(demo, "INSTANCE_DIR", tmp_path)
    monkeypatch.setattr("contest.cli.upgrade", lambda: None)  # tables exist already
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(sa.select(sa.func.count(Contest.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) >= 120
    rounds = list(db.session.scalars(sa.select(Round)))
    assert {r.mode for r in rounds} == {"live", "self_paced"}
    assert all(r.join_code in first.output for r in rounds)
    assert db.session.scalar(sa.select(sa.func.count(Agency.id))) >= 15
    assert db.session.scalar(sa.select(sa.func.count(Official.id))) >= 10
    password = (tmp_path / "demo_password").read_text().strip()
    assert password in first.output


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"ok": True}
