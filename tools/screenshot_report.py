"""Screenshot a review report's notice page in headless Chromium: docs/report-notice.png in the README.

    .venv/bin/python tools/screenshot_report.py            # the sample → docs/report-notice.png
    .venv/bin/python tools/screenshot_report.py out.png    # somewhere else

Playwright's Python package drives the system's Chromium (Debian's ``chromium``; no browser is
downloaded). ``tests/test_report_browser.py`` opens pages with the same ``find_chromium``,
``open_browser`` and ``screenshot_notice``, so the README's picture is what the test sees.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
#: where Chromium is looked for, in order; ZHENGGAI_CHROMIUM overrides
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 860}


def find_chromium() -> str | None:
    """The path of a Chromium executable on this machine, or None."""
    candidates = [os.environ.get("ZHENGGAI_CHROMIUM"), *CHROMIUM_PATHS, shutil.which("chromium")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@contextmanager
def open_browser(executable: str) -> Iterator:
    """A headless Chromium (a Playwright ``Browser``) started from ``executable``; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_notice(page, png: Path, focus_text: str = "12月16日") -> Path:
    """Focus the highlight reading ``focus_text`` on an open notice page (showing its tooltip), then save a PNG."""
    page.set_viewport_size(VIEWPORT)
    page.locator("mark.hl", has_text=focus_text).first.focus()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(png))
    return png


def main(argv: list[str]) -> None:
    from pipeline import run
    from pipeline.report import page_name, write_report
    from pipeline.stats import read_tables

    png = (Path(argv[0]) if argv else ROOT / "docs" / "report-notice.png").resolve()
    executable = find_chromium()
    if executable is None:
        sys.exit(f"no Chromium found (looked for {', '.join(CHROMIUM_PATHS)}); apt-get install chromium")
    os.chdir(ROOT)  # the page shows the source path as given: data/raw/seed.txt
    with tempfile.TemporaryDirectory() as tmp:
        run([Path("data/raw/seed.txt")], Path(tmp) / "out")
        write_report(Path(tmp) / "out", Path(tmp) / "report")
        notice_id = read_tables(Path(tmp) / "out")["notices"].notice_id[0]
        url = (Path(tmp) / "report" / "notices" / page_name(notice_id)).as_uri()
        png.parent.mkdir(parents=True, exist_ok=True)
        with open_browser(executable) as browser:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            screenshot_notice(page, png)
    print(f"wrote {png}")


if __name__ == "__main__":
    main(sys.argv[1:])
