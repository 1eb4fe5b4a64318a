"""Headless Chromium (Debian's package) driven by Playwright, as the project's rules ask;
axe-core (from npm, node_modules/) for the accessibility checks, and the measures of a
hall display (font sizes, overflow) that the tests assert."""
from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _missing(what: str, install: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it ({install})")
    pytest.skip(f"{what} is not installed ({install})")


def require_browser() -> None:
    """Chromium, and the fonts the display is measured with (Noto Sans has Vietnamese glyphs)."""
    if not os.path.exists(CHROMIUM):
        _missing("Chromium", "apt-get install chromium")
    fonts = subprocess.run(["fc-list", ":family=Noto Sans"], capture_output=True, text=True).stdout
    if "NotoSans" not in fonts:
        _missing("The Noto Sans font", "apt-get install fonts-noto-core")


@contextlib.contextmanager
def chromium():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page, impacts=("critical", "serious")) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it stands now."""
    if not AXE.exists():
        _missing("axe-core", "npm ci")
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text())  # not a <script> tag: the pages' CSP refuses inline scripts
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    return [v for v in found if v["impact"] in impacts]


# The text boxes of the display and what they must hold: a box holds its content when its
# children's boxes fit inside its padding box and nothing is clipped (scrollHeight).
DISPLAY_MEASURE = """() => {
  const visible = (e) => e.offsetParent !== null;
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const boxes = [...document.querySelectorAll('.q-text, .options li, .dist li')].filter(visible);
  const clipped = boxes.filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
                       .map(e => e.className + ': ' + e.textContent.slice(0, 40));
  const d = document.documentElement;
  const q = [...document.querySelectorAll('#q-text, #reveal-text')].filter(visible)[0];
  const options = [...document.querySelectorAll('#q-options .text, #reveal-options .text')].filter(visible);
  return {question_px: q ? px(q) : null, option_px: options.length ? Math.min(...options.map(px)) : null,
          clipped, scroll_x: d.scrollWidth - innerWidth, scroll_y: d.scrollHeight - innerHeight};
}"""


def display_measure(page) -> dict:
    return page.evaluate(DISPLAY_MEASURE)
