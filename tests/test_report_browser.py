"""The review report in a real headless Chromium: Debian's ``chromium`` driven by Playwright (nothing downloaded).

Skipped, with the reason in the summary (``pytest -rs``), when Playwright or a Chromium is missing;
``.ci/run`` installs Chromium and sets ``ZHENGGAI_REQUIRE_BROWSER=1``, which turns the skip into a
failure, so CI always runs it. The browser is started by the same functions
that take the README's screenshot (``tools/screenshot_report.py``).
"""
from __future__ import annotations

import importlib
import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

from pipeline.report import page_name

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from screenshot_report import CHROMIUM_PATHS, find_chromium, open_browser, screenshot_notice  # noqa: E402

CHROMIUM = find_chromium()
if os.environ.get("ZHENGGAI_REQUIRE_BROWSER") == "1":  # CI: a missing browser is a failure, not a skip
    importlib.import_module("playwright.sync_api")  # fails here when Playwright is missing
    assert CHROMIUM, f"ZHENGGAI_REQUIRE_BROWSER=1 but no Chromium in {', '.join(CHROMIUM_PATHS)}"
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]'): "
                                                  "browser test of the report not run")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=f"no Chromium found ({', '.join(CHROMIUM_PATHS)}; "
                                                         "apt-get install chromium): browser test of the report not run")


@pytest.fixture(scope="module")
def site(seed_report) -> Path:
    return seed_report


@pytest.fixture(scope="module")
def tables(seed_tables):
    return seed_tables


@pytest.fixture(scope="module")
def browser():
    with open_browser(CHROMIUM) as chromium:
        yield chromium


class Visit:
    """A page opened in the browser, with every request it made and every console error it logged."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)

    def check_clean(self, site: Path) -> None:
        """No console error, and no request outside the report folder."""
        assert self.errors == []
        root = site.resolve().as_uri() + "/"
        assert self.requests and all(url.startswith(root) for url in self.requests), self.requests


@pytest.fixture()
def notice(browser, site, tables):
    visit = Visit(browser, (site / "notices" / page_name(tables["notices"].notice_id[0])).as_uri())
    yield visit
    visit.page.close()


def test_highlights_per_kind_match_the_tables(notice, site, tables):
    for kind, table in (("date", "dates"), ("metric", "metrics"), ("citation", "citations")):
        assert notice.page.locator(f"mark.hl-{kind}").count() == len(tables[table]) > 0
    notice.check_clean(site)


def test_clicking_a_problem_in_the_outline_scrolls_to_it(notice, site, tables):
    problem_id = tables["problems"].problem_id.iloc[-1]
    target = notice.page.locator(f"[id='n-{problem_id}']")
    in_view = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    assert not target.evaluate(in_view)
    notice.page.locator(f"nav.outline a[href='#n-{problem_id}']").click()
    notice.page.wait_for_function("() => scrollY > 0")
    assert target.evaluate(in_view)
    assert notice.page.evaluate("location.hash") == f"#n-{problem_id}"
    notice.page.wait_for_function(f"() => document.activeElement.id === 'n-{problem_id}'")
    notice.check_clean(site)


def test_outline_branches_collapse_and_expand(notice, site):
    controls = notice.page.locator("nav.outline button.toggle[aria-expanded='false']").first.get_attribute("aria-controls")
    toggle = notice.page.locator(f"nav.outline button[aria-controls='{controls}']")
    branch = notice.page.locator(f"[id='{controls}']")
    assert branch.is_hidden()
    toggle.focus()
    notice.page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and branch.is_visible()
    notice.page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and branch.is_hidden()
    notice.check_clean(site)


def test_date_shows_its_value_on_hover_and_on_keyboard_focus(notice, site):
    date = notice.page.locator("mark.hl-date").filter(has_text=re.compile(r"^12月16日$"))
    tooltip = "e => getComputedStyle(e, '::after').content"
    assert "2019-12-16" in date.get_attribute("aria-label")  # its accessible name
    assert notice.page.locator("[title]").count() == 0  # no native tooltip besides the CSS one
    assert date.evaluate(tooltip) == "none"
    date.hover()
    assert "12月16日 → 2019-12-16" in date.evaluate(tooltip)
    notice.page.mouse.move(0, 0)
    notice.page.locator("#d-0").focus()  # the date written just before it
    notice.page.keyboard.press("Tab")
    assert notice.page.evaluate("document.activeElement.textContent") == "12月16日"
    assert "2019-12-16, year inferred" in date.evaluate(tooltip)
    notice.check_clean(site)


def test_screenshot_of_the_notice_page(notice, site, tmp_path):
    png = screenshot_notice(notice.page, tmp_path / "report-notice.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    notice.check_clean(site)


def test_batch_page_sorts_filters_and_links(browser, site, tables):
    visit = Visit(browser, (site / "index.html").as_uri())
    page = visit.page
    rows = page.locator("#notices-table tbody tr")
    assert rows.count() == 1 and "28" in rows.first.inner_text()
    page.fill("#filter-text", "不在任何标题里")
    assert rows.count() == 0 and "No notice" in page.inner_text("#table-status")
    page.fill("#filter-text", "文登")
    assert rows.count() == 1
    page.click("#notices-table th[data-key='problems'] button")
    assert page.get_attribute("#notices-table th[data-key='problems']", "aria-sort") == "descending"
    page.click("#notices-table tbody a")
    page.wait_for_url(re.compile(re.escape(page_name(tables["notices"].notice_id[0])) + "$"))
    visit.check_clean(site)
    page.close()


def test_batch_page_stays_fast_with_thousands_of_notices(browser, site):
    """5,000 rows: the page shows 50 of them, and sorting and filtering take well under a second."""
    source = (site / "index.html").read_text(encoding="utf-8")
    rows = json.loads(re.search(r'id="notices-data">(.*?)</script>', source, re.S).group(1))
    many = [dict(rows[0], title=f"通报{i:05d}", problems=i % 97) for i in range(5000)]
    data = json.dumps(many, ensure_ascii=False).replace("<", "\\u003c")
    big = site / "big.html"
    big.write_text(re.sub(r'(id="notices-data">).*?(</script>)', lambda m: m.group(1) + data + m.group(2),
                          source, flags=re.S), encoding="utf-8")
    visit = Visit(browser, big.as_uri())
    page = visit.page
    assert page.locator("#notices-table tbody tr").count() == 50
    assert "of 5000 notices" in page.inner_text("#table-status")
    started = time.perf_counter()
    page.click("#notices-table th[data-key='title'] button")
    page.fill("#filter-text", "通报0499")
    assert page.locator("#notices-table tbody tr").count() == 10
    assert time.perf_counter() - started < 2
    visit.check_clean(site)
    page.close()
    big.unlink()
