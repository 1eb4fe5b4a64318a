"""Trust on the real server process: sign-ins hash passwords off the event loop (eventlet
and gevent), and every page works in Chromium under the Content-Security-Policy."""
from __future__ import annotations

import re
import threading
import time

import pytest
import requests

from browser import chromium
from scenario import setup_round
from server import ServerProcess

pytestmark = pytest.mark.server
LOGINS = 4


@pytest.fixture(params=["eventlet", "gevent"])
def served(request, tmp_path):
    proc = ServerProcess(tmp_path, mode=request.param).prepare()
    proc.start()
    yield proc
    proc.stop()


def login_form(url: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    html = session.get(f"{url}/organiser/login", timeout=10).text
    return session, re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_hall_keeps_being_served_while_passwords_are_hashed(served):
    """Four sign-ins at once (one of an unknown name: the dummy hash) run their scrypt in OS
    threads: a health check sent meanwhile answers before the first of them."""
    forms = [login_form(served.url) for _ in range(LOGINS)]
    names = [f"bantochuc{served.port}"] * (LOGINS - 1) + ["khong-co-ai"]
    done: list[float] = []

    def sign_in(i: int) -> None:
        session, token = forms[i]
        session.post(f"{served.url}/organiser/login", timeout=30, allow_redirects=False,
                     data={"csrf_token": token, "name": names[i], "password": "sai-mat-khau-nhe"})
        done.append(time.monotonic())

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(LOGINS)]
    for thread in threads:
        thread.start()
    time.sleep(0.03)  # the sign-ins are in their hashes now
    assert requests.get(f"{served.url}/healthz", timeout=30).json() == {"ok": True}
    healthy = time.monotonic()
    for thread in threads:
        thread.join(30)
    assert len(done) == LOGINS
    assert healthy < min(done), "the health check waited for a password hash"


@pytest.mark.browser
def test_every_page_works_under_the_content_security_policy(tmp_path):
    proc = ServerProcess(tmp_path).prepare()
    proc.start()
    try:
        round_id, code, _ = setup_round(proc)
        display = proc.api("get", "/contests").json()[0]["display_token"]
        with chromium() as browser:
            page = browser.new_page()
            page.add_init_script("window.__csp = []; document.addEventListener("
                                 "'securitypolicyviolation', e => window.__csp.push(e.violatedDirective"
                                 " + ' ' + e.blockedURI));")
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)

            def allowed(where: str) -> None:  # the violations seen on the page shown now
                assert page.evaluate("window.__csp") == [] and problems == [], where

            page.goto(f"{proc.url}/display/{display}?round={round_id}")
            page.locator("#joined-count").wait_for()
            page.wait_for_function("() => document.getElementById('qr').naturalWidth > 0")  # the QR SVG
            page.wait_for_function("() => document.getElementById('join-url').textContent.includes('/join/')")
            allowed("display")

            page.goto(f"{proc.url}/join/{code}")
            page.locator("#agency-search").fill("so noi vu")
            page.get_by_role("button", name="Ủy ban nhân dân tỉnh › Sở Nội vụ").wait_for()  # fetch allowed
            allowed("join")

            page.goto(f"{proc.url}/organiser/login")
            page.get_by_label("Tên đăng nhập").fill(f"bantochuc{proc.port}")
            page.get_by_label("Mật khẩu").fill("mat-khau-dai-1")
            page.get_by_role("button", name="Đăng nhập").click()
            page.get_by_role("heading", name="Bảng điều khiển").wait_for()
            page.goto(f"{proc.url}/organiser/rounds/{round_id}/console")
            page.get_by_role("button", name="Bắt đầu").click()  # over the /host socket
            page.wait_for_function("() => document.getElementById('status').textContent.trim() !== 'lobby'")
            assert proc.api("get", f"/rounds/{round_id}").json()["status"] == "question"
            allowed("console")
            for path in ("/organiser/", "/organiser/tokens", "/organiser/accounts", "/organiser/audit",
                         "/organiser/agencies", f"/organiser/rounds/{round_id}/participation"):
                page.goto(proc.url + path)
                page.wait_for_load_state("load")
                allowed(path)
    finally:
        proc.stop()
