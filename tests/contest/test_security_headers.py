"""Every page carries its security headers; an unexpected failure is internal_error; the
database file and the XML parser are safe by default."""
from __future__ import annotations

import re
import stat

from contest.extensions import db
from contest.models import Round

from factories import auth, make_agencies, make_live_round, make_organiser


def assert_headers(response, path: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("Referrer-Policy") == "same-origin", path
    assert response.headers.get("X-Frame-Options") == "DENY", path


def test_join_display_organiser_api_and_static_responses_carry_the_headers(app, client):
    organiser_id, token = make_organiser()
    make_agencies()
    contest_id, round_id = make_live_round(organiser_id)
    code = db.session.get(Round, round_id).join_code
    display = db.session.get(Round, round_id).contest.display_token
    paths = ["/", f"/join/{code}", f"/display/{display}", f"/display/{display}/qr.svg?round={round_id}",
             "/display/khong-co", "/organiser/login", "/organiser/", "/healthz", "/api/v1/contests",
             "/api/v1/agencies/search?q=so", "/static/css/app.css"]
    for path in paths:
        assert_headers(client.get(path), path)
    assert_headers(client.get("/api/v1/contests", headers=auth(token)), "api with token")
    html = client.post("/organiser/login").get_data(as_text=True)  # a CSRF refusal too
    assert html


def test_the_socket_addresses_of_this_host_are_allowed_and_hsts_only_over_tls(app, client):
    plain = client.get("/organiser/login")
    assert "connect-src 'self' ws://localhost wss://localhost" in plain.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/organiser/login", base_url="https://cuocthi.example.gov.vn")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    odd = client.get("/organiser/login", headers={"Host": "x; script-src *"})
    assert "script-src *" not in odd.headers["Content-Security-Policy"]


def test_pages_have_nothing_inline_for_the_policy_to_block(app, client):
    organiser_id, _ = make_organiser()
    make_agencies()
    _, round_id = make_live_round(organiser_id)
    round_ = db.session.get(Round, round_id)
    public = [f"/join/{round_.join_code}", f"/display/{round_.contest.display_token}", "/", "/organiser/login"]
    signed_in = ["/organiser/", "/organiser/agencies", "/organiser/banks", "/organiser/tokens",
                 "/organiser/accounts", "/organiser/audit", f"/organiser/contests/{round_.contest_id}",
                 f"/organiser/rounds/{round_id}/console", f"/organiser/rounds/{round_id}/participation"]
    for path in public + signed_in:
        if path == signed_in[0]:
            html = client.get("/organiser/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
            client.post("/organiser/login", data={"csrf_token": token, "name": "bantochuc",
                                                  "password": "mat-khau-dai-1"})
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers
        assert not re.search(r"<style\b|\sstyle=", html), path  # no inline styles


def test_an_unexpected_error_is_internal_error_not_bad_payload(app, client, monkeypatch):
    organiser_id, token = make_organiser()
    _, round_id = make_live_round(organiser_id)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("contest.api.results.results_workbook", broken)
    response = client.get(f"/api/v1/rounds/{round_id}/results.xlsx", headers=auth(token))
    assert response.status_code == 500
    assert response.get_json()["error"] == "internal_error" and response.get_json()["ok"] is False
    english = client.get(f"/api/v1/rounds/{round_id}/results.xlsx?lang=en", headers=auth(token))
    assert english.get_json()["message"].startswith("The server met an unexpected error")
    assert client.get(f"/api/v1/rounds/{round_id}", headers=auth(token)).status_code == 200  # still serving


def test_the_sqlite_file_is_created_private(tmp_path):
    from contest import create_app
    from contest.config import TestConfig

    class OnFile(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'sub' / 'contest.db'}"

    create_app(OnFile)
    assert stat.S_IMODE((tmp_path / "sub" / "contest.db").stat().st_mode) == 0o600
    loose = tmp_path / "loose.db"
    loose.touch(mode=0o644)
    loose.chmod(0o644)

    class Loose(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{loose}"

    create_app(Loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_openpyxl_reads_workbooks_through_defusedxml():
    import defusedxml  # noqa: F401  (in requirements.txt)
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
