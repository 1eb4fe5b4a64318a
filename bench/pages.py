"""What the hall's pages cost a phone and show a screen, measured in headless Chromium on
the demo contest: bytes transferred on a first and a warm load (compressed, as sent), the
time until the join form shows on a 3G profile (750 kbps both ways, 100 ms round trip, by
CDP network emulation), and the display's question and option sizes at 1920x1080 and
1280x720 during the demo's first live question. A report, not a pass/fail test.

    .venv/bin/python -m bench.pages
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

from bench.server import ROOT, Spawned

CHROMIUM = "/usr/bin/chromium"
THREE_G = {"offline": False, "latency": 100, "downloadThroughput": 750_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MEASURE = """() => {
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const options = [...document.querySelectorAll('#q-options .text')];
  return {question: px(document.getElementById('q-text')), options: Math.min(...options.map(px))};
}"""


def flask(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "contest", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=300).stdout


def load(context, url: str, visible: str, network: dict | None = None) -> dict:
    """One page load: requests, bytes on the wire (headers included), ms until `visible` shows."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="commit")
    page.locator(visible).wait_for()
    shown_ms = page.evaluate("() => performance.now()")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    result = {"requests": len(sizes), "bytes": int(sum(sizes.values())), "shown_ms": round(shown_ms)}
    page.close()
    return result


def main() -> None:
    import os

    workdir = Path(tempfile.mkdtemp(prefix="pages-"))
    env = {**os.environ, "CONTEST_INSTANCE_DIR": str(workdir),
           "CONTEST_DATABASE_URL": f"sqlite:///{workdir / 'contest.db'}"}
    flask(env, "demo")
    token = flask(env, "organiser", "token", "admin").strip().splitlines()[-1]
    server = Spawned(env, workdir).start()
    api = lambda method, path: requests.request(method, server.url + "/api/v1" + path, timeout=30,  # noqa: E731
                                                headers={"Authorization": f"Bearer {token}"})
    try:
        contests = api("get", "/contests").json()
        live = next(r for c in contests for r in c["rounds"] if r["mode"] == "live")
        display = f"{server.url}/display/{contests[0]['display_token']}?round={live['round_id']}"
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, net in (("no throttling", None), ("3G 750 kbps, 100 ms", THREE_G)):
                context = browser.new_context(**PHONE)
                first = load(context, f"{server.url}/join/{live['join_code']}", "#join", net)
                warm = load(context, f"{server.url}/join/{live['join_code']}", "#join", net)
                rows.append((f"join page, {name}", first, warm))
                context.close()
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            rows.append(("display page", load(context, display, "body[data-view=lobby]"), None))
            context.close()
            print(f"{'page':32} {'requests':>8} {'bytes':>8} {'form shown':>11} | warm: {'bytes':>6} {'shown':>7}")
            for label, first, warm in rows:
                line = f"{label:32} {first['requests']:8} {first['bytes']:8} {first['shown_ms']:9} ms"
                if warm:
                    line += f" | {warm['bytes']:12} {warm['shown_ms']:5} ms"
                print(line)

            assert api("post", f"/rounds/{live['round_id']}/start").ok
            for width, height in ((1920, 1080), (1280, 720)):
                page = browser.new_context(viewport={"width": width, "height": height}).new_page()
                page.goto(display)
                page.locator("body[data-view=question]").wait_for()
                sizes = page.evaluate(MEASURE)
                print(f"display {width}x{height}: question {sizes['question']:.1f} px, "
                      f"smallest option {sizes['options']:.1f} px")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
