"""The web view in a real browser: Playwright driving Debian's Chromium against a uvicorn server
the test starts itself. Never runs ``playwright install``; skips when /usr/bin/chromium is missing."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "grenzkrise.txt"
SCREENSHOT = Path(os.environ.get("NEWSCLAIMS_SCREENSHOT", "/tmp/newsclaims_report.png"))

# Invented reports about one figure over time, for the corpus timeline.
CORPUS_TEXTS = [
    ("2024-11-04", "Verluste an der Front\n\nMehrere hundert nordkoreanische Soldaten sollen laut dem Geheimdienst NIS getötet oder verwundet worden sein."),
    ("2024-12-02", "Neue Zahlen aus Seoul\n\nMehr als 1.000 nordkoreanische Soldaten wurden nach Angaben des Generalstabs JCS getötet oder verwundet."),
    ("2025-01-13", "Hohe Verluste\n\nEtwa 1.100 nordkoreanische Soldaten sind laut dem Generalstab JCS getötet oder verwundet worden."),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import httpx

    from newsclaims.web.app import create_app
    from newsclaims.web.server import serve_in_thread

    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    with serve_in_thread(create_app(corpus=str(db))) as url:
        for published, text in CORPUS_TEXTS:
            r = httpx.post(f"{url}/api/corpus/documents", json={"text": text, "lang": "de", "published": published},
                           timeout=60, trust_env=False)
            assert r.status_code == 200, r.text
        yield url


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1360, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    ctx.close()


def test_paste_see_highlights_click_figure_see_source(server, page):
    page.goto(server + "/")
    page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    page.select_option("#lang", "de")
    page.fill("#published", "2024-10-10")
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("#article")
    assert page.locator("#article .k-figure").count() >= 3
    assert page.locator("#article .k-source").count() >= 1
    assert page.locator("#article .k-time").count() >= 1
    # a figure with a named source, read from the panel data the page carries
    fig_id, source_text = page.evaluate("""() => {
        const data = JSON.parse(document.getElementById('nc-panel-data').textContent);
        for (const [id, d] of Object.entries(data)) {
            if (d.kind !== 'Figure') continue;
            const src = (d.links || []).find(l => l[0] === 'source');
            if (src) return [id, src[2]];
        }
        return [null, null];
    }""")
    assert fig_id, "no figure with a source in the example"
    span = page.locator(f'#article .nc[data-ann~="{fig_id}"]').first
    assert "Figure:" in span.get_attribute("title")
    span.click()
    panel = page.locator("#panel-body")
    panel.locator("h3", has_text="Figure").first.wait_for()
    assert source_text in panel.inner_text()
    assert page.locator("#article .nc.selected").count() >= 1
    # the source button in the panel jumps to the source's place in the article
    panel.locator("button.jump", has_text="source:").first.click()
    panel.locator("h3", has_text="Source").first.wait_for()
    # claims table: sorted by check-worthiness, toggles on click
    rows = page.locator("#claims tbody tr")
    if rows.count() >= 2:
        values = [float(v) for v in page.locator("#claims tbody tr td:first-child").evaluate_all(
            "tds => tds.map(td => td.getAttribute('data-value'))")]
        assert values == sorted(values, reverse=True)
        page.click("#claims thead th:first-child button")
        assert page.get_attribute("#claims thead th:first-child", "aria-sort") == "ascending"
        values = [float(v) for v in page.locator("#claims tbody tr td:first-child").evaluate_all(
            "tds => tds.map(td => td.getAttribute('data-value'))")]
        assert values == sorted(values)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000
    assert page.dialogs == []


def test_hostile_text_stays_text(server, page):
    hostile = ("Warnung <script>alert(1)</script>\n\n"
               'Laut dem Ministerium "><img src=x onerror=alert(2)> wurden mehr als 300 Drohnen gezählt.')
    page.goto(server + "/")
    page.fill("#text", hostile)
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("#article")
    text = page.inner_text("#article")
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(2)>' in text
    assert page.locator("#article img").count() == 0 and page.locator("#article script").count() == 0
    page.wait_for_timeout(200)
    assert page.dialogs == []


def test_corpus_timeline_page(server, page):
    page.goto(server + "/corpus")
    page.wait_for_selector("svg.timeline")
    assert page.locator("section.track").count() >= 1
    points = page.locator("svg.timeline g.point")
    assert points.count() >= 2
    page.locator("section.track h3 a").first.click()
    page.wait_for_selector("h1:has-text('Track')")
    assert page.locator("svg.timeline g.point").count() >= 2
    assert page.locator("table tbody tr").count() >= 2
    page.screenshot(path=str(SCREENSHOT.with_name(SCREENSHOT.stem + "_timeline.png")), full_page=True)


# ------------------------------------------------------------------ layout, labels, sorting

WIDTHS = [390, 1366]
LONG_WORDS = ("Grenz" + "sicherungs" * 12 + "bericht\n\nLaut dem Verteidigungs" + "ministeriums" * 10
              + "sprecher wurden mehr als 300 Kampf" + "drohnen" * 20 + " gezählt, siehe https://example.org/"
              + "bericht/" * 30 + ".")
SHOTS = SCREENSHOT.parent / "newsclaims_pages"
RAW_VALUES = ["at_least", "more_than", "less_than", "at_most", "civilians_displaced", "weapons_munitions",
              "people_other", "source_name", "named_person", "government_or_military", "media_report"]


def _pages(server, page) -> dict[str, str]:
    """Every kind of page: start, report (a stored one; the form's answer is tested apart), corpus,
    track, search, the API page."""
    page.goto(server + "/corpus")
    track = page.locator("section.track h3 a").first.get_attribute("href")
    return {"start": "/", "corpus": "/corpus", "track": track, "report": "/corpus/documents/2",
            "search": "/corpus/search?entity=Nordkorea", "search-all": "/corpus/search", "api": "/docs"}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_viewport(server, browser, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        pages = _pages(server, page)
        page.goto(server + "/")
        page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
        page.click("form.analyse button[type=submit]")
        page.wait_for_selector("#article")
        widths = {"analysed": page.evaluate("document.documentElement.scrollWidth")}
        page.screenshot(path=str(SHOTS / f"analysed_{width}.png"), full_page=True)
        page.goto(server + "/")  # words longer than any screen, in the article and the tables
        page.fill("#text", LONG_WORDS)
        page.click("form.analyse button[type=submit]")
        page.wait_for_selector("#figures")
        widths["long words"] = page.evaluate("document.documentElement.scrollWidth")
        for name, path in pages.items():
            page.goto(server + path)
            widths[name] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(SHOTS / f"{name}_{width}.png"), full_page=True)
        assert {k: v for k, v in widths.items() if v > width} == {}
        assert missing == []  # the favicon and every asset are served
    finally:
        ctx.close()


def test_labels_are_words(server, page):
    page.goto(server + "/")
    page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("#figures")
    texts = {"analysed": page.inner_text("main")}
    values = page.locator("#figures tbody td[data-label=Value]").all_inner_texts()
    assert "mehr als 2.500" in values and "etwa 8.000" in values and "bis zu 15.000" in values
    categories = page.locator("#figures tbody td[data-label=Category]").all_inner_texts()
    assert "Truppen" in categories and all("_" not in c for c in categories)
    for name, path in _pages(server, page).items():
        page.goto(server + path)
        texts[name] = page.inner_text("main")
    page.goto(server + "/corpus/search?entity=North%20Korea")
    values = page.locator("#found tbody td[data-label=Value]").all_inner_texts()
    assert "more than 1,000" in values and "about 1,100" in values
    for name, text in texts.items():
        assert [w for w in RAW_VALUES if w in text] == [], name
        assert re.search(r"\[[\d.,]+, –\]|\[–, [\d.,]+\]|\d\.0\b", text) is None, name


def test_header_click_sorts_by_mouse_and_keyboard(server, page):
    page.goto(server + "/corpus/search")
    head = page.locator("#found thead th").nth(2)  # Value
    box = head.bounding_box()
    button = head.locator("button").bounding_box()
    # click inside the header but off its button
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    assert button["x"] + button["width"] < box["x"] + box["width"] - 3 or button["y"] + button["height"] < box["y"] + box["height"] - 3
    assert head.get_attribute("aria-sort") == "descending"
    values = [float(v) for v in page.locator("#found tbody td[data-label=Value]").evaluate_all(
        "tds => tds.map(td => td.getAttribute('data-value'))")]
    assert values == sorted(values, reverse=True) and len(values) >= 3
    head.locator("button").focus()
    page.keyboard.press("Enter")
    assert head.get_attribute("aria-sort") == "ascending"
    values = [float(v) for v in page.locator("#found tbody td[data-label=Value]").evaluate_all(
        "tds => tds.map(td => td.getAttribute('data-value'))")]
    assert values == sorted(values)


def test_unknown_entity_name_is_said(server, page):
    page.goto(server + "/corpus/search?entity=Atlantis")
    assert "no country known as 'Atlantis'" in page.inner_text(".error")
    page.goto(server + "/corpus/search?entity=nordkoreanisch")
    assert page.locator("#found tbody tr").count() >= 3
    assert "about North Korea (KP)" in page.inner_text("main")
