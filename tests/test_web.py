"""The web view and HTTP API (issue 9): in-process with FastAPI's TestClient, plus one real
uvicorn server for the concurrency check. Article texts here are invented for these tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import warnings
from html.parser import HTMLParser

import pytest
from markupsafe import escape as markup_escape

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsclaims.errors import NewsclaimsError
from newsclaims.render import html as render_html
from newsclaims.report import (
    Attribution, Block, Claim, Cue, Entity, EntityNorm, Generator, Quantity, Ref, Report, SourceInfo,
    Sentence, TimeExpr, TimeValue, Tone, ToneSignal,
)
from newsclaims.report import Document as DocModel
from newsclaims.ingest import url as url_guard
from newsclaims.web import security
from newsclaims.web.app import Input, create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'

ARTICLE = (
    "Grenzlage spitzt sich zu!\n\n"
    "Rund 8.000 Soldaten sollen laut dem Grenzschutz am Montag an die Grenze zu Finnland verlegt worden sein. "
    f"Ein Sprecher nannte das {HOSTILE_SCRIPT} eine dramatische Eskalation.\n\n"
    f"Nach Angaben von Kapitän {HOSTILE_IMG} Larsen wurden mehr als 2.500 Fahrzeuge gezählt."
)


def _at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def _span(cls, text, sub, nth=0, **kw):
    s, e = _at(text, sub, nth)
    return cls(text=text[s:e], start=s, end=e, **kw)


def make_report(text: str = ARTICLE) -> Report:
    """A hand-made Report with overlapping, crossing and nested spans over hostile text."""
    blocks, pos = [], 0
    for i, part in enumerate(text.split("\n\n")):
        start = text.index(part, pos)
        blocks.append(Block(text=part, start=start, end=start + len(part), kind="headline" if i == 0 else "paragraph"))
        pos = start + len(part)
    s1 = _span(Sentence, text, "Rund 8.000 Soldaten sollen laut dem Grenzschutz am Montag an die Grenze zu Finnland verlegt worden sein.", index=1, block=1)
    s3 = _span(Sentence, text, f"Nach Angaben von Kapitän {HOSTILE_IMG} Larsen wurden mehr als 2.500 Fahrzeuge gezählt.", index=3, block=2)
    fi = _span(Entity, text, "Finnland", id="e1", kind="country", norm=EntityNorm(name="Finland", code="FI"))
    # an entity whose span crosses into the hostile markup and the figure sentence's source
    larsen = _span(Entity, text, f"{HOSTILE_IMG} Larsen", id="e2", kind="person", norm=EntityNorm(name=f"{HOSTILE_SCRIPT} Larsen"))
    monday = _span(TimeExpr, text, "am Montag", id="t1", value=TimeValue(start=dt.date(2024, 10, 7), end=dt.date(2024, 10, 7)), precision="day", resolved=True)
    src1 = _span(Attribution, text, "Grenzschutz", name="Finnish Border Guard", kind="government_or_military")
    # a source span that overlaps the entity span partly (crossing boundaries)
    src2 = _span(Attribution, text, f"Kapitän {HOSTILE_IMG}", name=f"Kapitän {HOSTILE_IMG}", kind="named_person")
    cue = _span(Cue, text, "sollen", kind="alleged")
    q1 = _span(Quantity, text, "Rund 8.000", id="q1", sentence=1, low=8000, high=8000, approx="about",
               counted=_span(Cue, text, "Soldaten", kind="alleged").model_dump(include={"text", "start", "end"}),
               category="troops", source=src1, certainty="alleged", cues=[cue],
               time=Ref(id="t1", text=monday.text, start=monday.start, end=monday.end))
    q2 = _span(Quantity, text, "mehr als 2.500", id="q2", sentence=3, low=2500, high=None, approx="more_than",
               counted={"text": "Fahrzeuge", "start": _at(text, "Fahrzeuge")[0], "end": _at(text, "Fahrzeuge")[1]},
               category="weapons_munitions", source=src2, certainty="reported")
    c1 = Claim(id="c1", text=s1.text, start=s1.start, end=s1.end, sentence=1, role="claim", quantities=["q1"],
               entities=["e1"], time=q1.time, source=src1, certainty="alleged", cues=[cue], checkworthiness=0.9)
    c2 = Claim(id="c2", text=s3.text, start=s3.start, end=s3.end, sentence=3, role="claim", quantities=["q2"],
               entities=["e2"], source=src2, certainty="reported", checkworthiness=0.6)
    tone = Tone(score=40, signals=[_span(ToneSignal, text, "dramatische Eskalation", kind="loaded", weight=0.8),
                                   _span(ToneSignal, text, "spitzt sich zu!", kind="exclamation", weight=0.5),
                                   _span(ToneSignal, text, f"{HOSTILE_SCRIPT} eine dramatische", kind="loaded", weight=0.3)])
    return Report(
        generator=Generator(version="test"),
        document=DocModel(id="0123456789abcdef", source=SourceInfo(kind="text"), lang="de", title=blocks[0].text,
                          published=dt.date(2024, 10, 8), text=text, blocks=blocks, sentences=[s1, s3]),
        entities=[fi, larsen], quantities=[q1, q2], times=[monday], claims=[c1, c2], tone=tone,
        warnings=[f"a warning with {HOSTILE_SCRIPT}"],
    )


class _Checker(HTMLParser):
    """Checks that elements nest properly and collects ids, hrefs, tags and text."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "circle", "line", "path"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.tags, self.errors, self.text = [], [], [], [], [], []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        self.attrs.extend(a)
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_html(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    assert c.errors == [], c.errors[:5]
    assert c.stack == [], c.stack
    return c


def assert_no_injected_markup(html: str, own_scripts: int):
    assert HOSTILE_SCRIPT not in html
    assert "<img" not in html
    parsed = check_html(html)
    assert "img" not in parsed.tags and not [a for a in parsed.attrs if a.startswith("on")]
    assert html.count("<script") == own_scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


# ------------------------------------------------------------------ the renderer

def test_annotated_article_is_well_formed_and_keeps_the_text():
    report = make_report()
    article = str(render_html.annotate(report))
    c = check_html(f"<div>{article}</div>")
    # every character of every block is shown once, in order
    assert "".join(c.text) == "".join(b.text + "\n" for b in report.document.blocks)
    # one anchor per annotation, all unique
    anns = render_html.annotations(report)
    anchors = [i for i in c.ids if i.startswith("nc-")]
    assert sorted(anchors) == sorted(a.anchor for a in anns.values())
    assert len(set(anchors)) == len(anchors)
    # the crossing spans: "Kapitän " is source only, the hostile part is source+entity, " Larsen" entity only
    assert re.search(r'<span class="nc k-source k-claim"[^>]*>Kapitän </span>', article)
    assert re.search(r'<span class="nc k-source k-entity k-claim"[^>]*>&#34;&gt;&lt;img', article)
    assert re.search(r'<span class="nc k-entity k-claim"[^>]*> Larsen</span>', article)
    # the figure carries figure + claim, and its hover title names the source
    fig = re.search(r'<span class="nc k-figure k-claim" data-ann="([^"]+)" title="([^"]+)"[^>]*>Rund 8.000</span>', article)
    assert fig and "fig-q1" in fig.group(1).split() and "Finnish Border Guard" in fig.group(2)


def test_panel_data_links_a_figure_to_its_source():
    report = make_report()
    anns = render_html.annotations(report)
    panel = render_html.panel_data(anns)
    fig = panel["fig-q1"]
    assert fig["kind"] == "Figure" and fig["text"] == "Rund 8.000"
    rows = dict(fig["rows"])
    assert rows["value"] == "etwa 8.000" and rows["category"] == "Truppen" and rows["certainty"] == "alleged"
    assert rows["source"].startswith("Finnish Border Guard (Regierung oder Militär)")
    links = {label: (target, text) for label, target, text in fig["links"]}
    assert links["source"][1] == "Grenzschutz" and panel[links["source"][0]]["kind"] == "Source"
    assert links["time"][1] == "am Montag"
    assert links["cue"][1] == "sollen"
    assert dict(panel["fig-q2"]["rows"])["value"] == "mehr als 2.500"


def test_standalone_page_escapes_hostile_text_everywhere():
    html = render_html.to_html(make_report())
    assert_no_injected_markup(html, own_scripts=2)  # the panel JSON and the inlined app.js
    check_html(html)
    # the panel JSON cannot close its script element
    blob = re.search(r'<script type="application/json" id="nc-panel-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in blob and json.loads(blob)["ent-e2"]["text"] == f"{HOSTILE_IMG} Larsen"
    # claims sorted by check-worthiness and linked to their place in the article
    claims = re.findall(r'<a href="#(nc-claim-c\d)">', html)
    assert claims == ["nc-claim-c1", "nc-claim-c2"]
    ids = set(check_html(html).ids)
    assert all(h[1:] in ids for h in check_html(html).hrefs if h.startswith("#"))
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html


# ------------------------------------------------------------------ the API

@pytest.fixture
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def _error(resp, status, code):
    assert resp.status_code == status, resp.text[:300]
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]["message"]


def test_analyze_json_returns_the_report(client):
    text = "Grenzlage\n\nRund 8.000 Soldaten sollen an die Grenze verlegt worden sein."
    resp = client.post("/api/analyze", json={"text": text, "lang": "de", "published": "2024-10-08"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    report = Report.model_validate(body)
    assert report.document.text.endswith("Rund 8.000 Soldaten sollen an die Grenze verlegt worden sein.")
    assert report.document.lang == "de" and report.document.published == dt.date(2024, 10, 8)
    assert body["schema_version"] == report.schema_version


def test_publication_date_follows_the_cli_rule(client):
    """The run flow's rule: the explicit date, else a date in the uploaded file's name; a wrong
    date says what is wrong with it; a text too short to tell its language needs one."""
    data = "Lagebericht\n\nMehr als 2.500 Fahrzeuge wurden am Montag gezählt.".encode()
    resp = client.post("/api/analyze", files={"file": ("2024-12-09-bericht.txt", data, "text/plain")},
                       data={"lang": "de"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["document"]["published"] == "2024-12-09"
    resp = client.post("/api/analyze", files={"file": ("2024-12-09-bericht.txt", data, "text/plain")},
                       data={"lang": "de", "published": "2025-01-02"})
    assert resp.json()["document"]["published"] == "2025-01-02"
    msg = _error(client.post("/api/analyze?lang=de&published=2025-13-45", content=data,
                             headers={"content-type": "text/plain"}), 400, "E301")
    assert msg == "'2025-13-45' is not a valid date: month must be in 1..12"
    assert "too short" in _error(client.post("/api/analyze", json={"text": "OK"}), 422, "E203")


def test_analyze_upload_and_raw_body(client):
    data = "Lagebericht\n\nMehr als 2.500 Fahrzeuge wurden gezählt.".encode()
    resp = client.post("/api/analyze", files={"file": ("bericht.txt", data, "text/plain")}, data={"lang": "de"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["document"]["source"]["name"] == "bericht.txt"
    assert "Mehr als 2.500 Fahrzeuge" in resp.json()["document"]["text"]
    resp = client.post("/api/analyze?lang=de", content=data, headers={"content-type": "text/plain; charset=utf-8"})
    assert resp.status_code == 200 and "Mehr als 2.500 Fahrzeuge" in resp.json()["document"]["text"]


def test_text_that_names_a_file_is_analysed_as_text(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Geheimer Inhalt mit 42 Zahlen.")
    resp = client.post("/api/analyze", json={"text": str(secret), "lang": "de"})
    assert resp.status_code == 200
    assert resp.json()["document"]["text"] == str(secret)


@pytest.mark.parametrize("payload", [{"text": ""}, {"text": "   \n\t "}, {}])
def test_empty_input_is_refused(client, payload):
    assert "empty" in _error(client.post("/api/analyze", json=payload), 400, "E102")


def test_bad_requests_are_json_errors(client):
    _error(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}), 400, "E301")
    _error(client.post("/api/analyze", json={"text": "a b", "url": "https://example.org/"}), 400, "E301")
    _error(client.post("/api/analyze", json={"text": "Ein Text.", "published": "gestern"}), 400, "E301")
    _error(client.post("/api/analyze", json={"text": "Ein Text.", "lang": "xx"}), 400, "E301")
    _error(client.post("/api/analyze", content=b"x", headers={"content-type": "image/png"}), 415, "E111")
    _error(client.get("/api/nothing-here"), 404, "E404")
    _error(client.get("/api/analyze"), 405, "E405")


def test_binary_upload_is_refused(client):
    blob = bytes(range(256)) * 64
    msg = _error(client.post("/api/analyze", files={"file": ("photo.jpg", blob, "image/jpeg")}), 415, "E104")
    assert "binary" in msg
    assert client.get("/healthz").json()["ok"] is True  # still up


def test_50_mb_upload_is_refused_before_it_is_read(client):
    big = b"A" * (50 * 1024 * 1024)
    resp = client.post("/api/analyze", content=big, headers={"content-type": "text/plain"})
    msg = _error(resp, 413, "E103")
    assert "limit" in msg
    resp = client.post("/api/analyze", files={"file": ("big.txt", big, "text/plain")})
    _error(resp, 413, "E103")
    page = client.post("/analyze", files={"file": ("big.txt", big, "text/plain")})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html") and "E103" in page.text
    assert client.get("/healthz").status_code == 200


def test_streamed_body_over_the_limit_stops_being_read():
    """Without a Content-Length the body is counted as it arrives and refused at the limit."""
    app = create_app()
    limit = security.body_limit()
    chunk = b"B" * (1024 * 1024)
    total_chunks = 50
    read = 0
    sent = []

    async def receive():
        nonlocal read
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": read < total_chunks}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/analyze", "raw_path": b"/api/analyze", "query_string": b"",
             "root_path": "", "headers": [(b"content-type", b"text/plain"), (b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {}}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == "E103"
    assert read <= limit // len(chunk) + 2 < total_chunks


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/report.html", "http://localhost/", "http://[::1]/", "http://10.1.2.3/",
    "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
])
def test_url_to_private_address_is_refused(client, url):
    msg = _error(client.post("/api/analyze", json={"url": url}), 400, "E110")
    assert "refused" in msg and "--allow-private-urls" in msg


def test_url_with_other_scheme_is_refused(client):
    assert "only http and https" in _error(client.post("/api/analyze", json={"url": "file:///etc/passwd"}), 400, "E110")


def test_every_resolved_address_is_checked(monkeypatch):
    monkeypatch.setattr(url_guard, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(NewsclaimsError) as err:
        url_guard.check_url("http://news.example/a")
    assert err.value.code == "E110" and "10.0.0.7" in err.value.message
    monkeypatch.setattr(url_guard, "resolve", lambda host, port: ["93.184.216.34"])
    assert url_guard.check_url("https://news.example/a") == ("news.example", 443, ["93.184.216.34"])


def test_url_redirect_to_private_address_is_refused(monkeypatch, inputs_http_server):
    """A public page redirecting to a private one is refused at the redirect."""
    inputs_http_server.routes["/hop"] = (302, {"Location": "http://10.9.9.9/secret"}, b"", 0)
    real = url_guard.check_url
    calls = []

    def check(url, *, allow_private=False):
        calls.append(url)
        # the first hop (the local test server) stands in for a public site
        return real(url, allow_private=len(calls) == 1)

    monkeypatch.setattr(url_guard, "check_url", check)
    with pytest.raises(NewsclaimsError) as err:
        url_guard.fetch(f"{inputs_http_server.base}/hop", allow_private=False)
    assert err.value.code == "E110" and "10.9.9.9" in err.value.message and len(calls) == 2


def test_private_url_allowed_by_the_operator(inputs_http_server):
    body = "Lagebericht\n\nMindestens 40 Kampfhubschrauber stehen nahe der Grenze.".encode()
    inputs_http_server.routes["/bericht.txt"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, body, 0)
    url = f"{inputs_http_server.base}/bericht.txt"
    with TestClient(create_app(allow_private_urls=True)) as c:
        resp = c.post("/api/analyze", json={"url": url, "lang": "de"})
    assert resp.status_code == 200, resp.text
    doc = resp.json()["document"]
    assert doc["source"]["kind"] == "url" and doc["source"]["url"] == url
    assert "Mindestens 40 Kampfhubschrauber" in doc["text"]


def test_request_over_time_limit_kills_its_worker_and_the_next_request_succeeds():
    import os
    import time

    report = make_report()

    def analysis(inp: Input):  # runs in the worker process
        if "langsam" in (inp.text or ""):
            time.sleep(60)
        return report.model_copy(update={"generator": report.generator.model_copy(update={"version": str(os.getpid())})})

    with TestClient(create_app(analyzer=analysis, request_timeout_s=1, max_concurrent=1),
                    raise_server_exceptions=False) as c:
        first = c.post("/api/analyze", json={"text": "Ein Text mit 3 Zahlen."})
        assert first.status_code == 200, first.text
        pid = int(first.json()["generator"]["version"])
        assert pid != os.getpid() and _alive(pid)
        t0 = time.monotonic()
        msg = _error(c.post("/api/analyze", json={"text": "Ein langsam Text."}), 504, "E112")
        waited = time.monotonic() - t0
        assert waited < 20 and "1 s" in msg and "stopped" in msg  # answered at the limit
        assert not _alive(pid)  # the only worker ran it and was killed: its CPU is free
        after = c.post("/api/analyze", json={"text": "Ein Text mit 3 Zahlen."})
        assert after.status_code == 200, after.text
        new_pid = int(after.json()["generator"]["version"])
        assert new_pid != pid and _alive(new_pid)
        assert c.get("/healthz").status_code == 200
    assert not _alive(new_pid)  # workers end with the app


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_unexpected_failure_is_a_json_500_and_the_server_stays_up():
    def broken(inp: Input):
        raise RuntimeError("boom <b>")

    with TestClient(create_app(analyzer=broken), raise_server_exceptions=False) as c:
        msg = _error(c.post("/api/analyze", json={"text": "Ein Text."}), 500, "E500")
        assert "boom" not in msg
        page = c.post("/analyze", data={"text": "Ein Text."})
        assert page.status_code == 500 and "still running" in page.text
        assert c.get("/healthz").status_code == 200


# ------------------------------------------------------------------ pages

def test_form_page_is_offline_and_posts_to_analyze(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<form class="analyse" method="post" action="/analyze" enctype="multipart/form-data">' in page.text
    for name in ('name="text"', 'name="file"', 'name="url"', 'name="lang"', 'name="published"'):
        assert name in page.text
    check_html(page.text)
    assert not re.search(r'(src|href)="(https?:)?//', page.text)


def test_report_page_renders_hostile_text_as_text():
    report = make_report()
    with TestClient(create_app(analyzer=lambda inp: report)) as c:
        page = c.post("/analyze", data={"text": ARTICLE})
    assert page.status_code == 200
    assert_no_injected_markup(page.text, own_scripts=2)  # panel JSON + /static/app.js
    checked = check_html(page.text)
    assert 'class="nc k-figure k-claim"' in page.text and 'class="nc k-source"' in page.text
    assert "k-time" in page.text and "k-cue" in page.text and "k-entity" in page.text and "k-tone" in page.text
    assert all(h[1:] in set(checked.ids) for h in checked.hrefs if h.startswith("#"))


def test_real_pipeline_report_page(client):
    with open("examples/grenzkrise.txt", encoding="utf-8") as f:
        text = f.read()
    page = client.post("/analyze", data={"text": text, "lang": "de", "published": "2024-10-10"})
    assert page.status_code == 200
    check_html(page.text)
    assert "Russland verlegt neue Truppen" in page.text and 'id="article"' in page.text


def test_html_errors_are_friendly_pages(client):
    page = client.post("/analyze", data={"text": "  "})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "E102" in page.text and "Back to the form" in page.text
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_docs_page_lists_the_api_without_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/analyze" in page.text and "/api/corpus/tracks" in page.text and "/openapi.json" in page.text
    assert "cdn" not in page.text.lower() and "swagger" not in page.text.lower()
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/api/analyze"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data", "text/plain"} <= set(body)
    assert client.get("/redoc").status_code == 404


def test_static_assets_are_local():
    from importlib import resources

    root = resources.files("newsclaims.web")
    for folder in ("static", "templates"):
        for f in root.joinpath(folder).iterdir():
            text = f.read_text(encoding="utf-8")
            assert not re.search(r"@import|url\(\s*['\"]?https?:|(src|href)=\"https?:", text), f.name
            assert "|safe" not in text, f.name


def test_serve_binds_loopback_by_default(monkeypatch):
    from click.testing import CliRunner

    import uvicorn

    from newsclaims.cli import cli

    seen = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *a, **kw: seen.update(config=self.config))
    result = CliRunner().invoke(cli, ["serve", "--port", "8765"])
    assert result.exit_code == 0, result.output
    config = seen["config"]
    assert config.host == "127.0.0.1" and config.port == 8765
    assert config.app.state.config.allow_private_urls is False
    assert config.timeout_keep_alive == 5 and config.http.header_timeout_s == 10.0
    CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-private-urls", "--header-timeout", "2.5",
                             "--keep-alive", "3"])
    config = seen["config"]
    assert config.host == "0.0.0.0" and config.app.state.config.allow_private_urls is True
    assert config.timeout_keep_alive == 3 and config.http.header_timeout_s == 2.5


# ------------------------------------------------------------------ corpus

@pytest.fixture
def corpus_client(tmp_path):
    corpus = pytest.importorskip("newsclaims.corpus")
    if not all(hasattr(corpus, n) for n in ("open_store", "add_reports", "tracks", "timeline", "search")):
        pytest.fail("newsclaims.corpus lacks its documented Python API")
    with TestClient(create_app(corpus=str(tmp_path / "corpus.db")), raise_server_exceptions=False) as c:
        yield c


CORPUS_TEXTS = [
    ("2024-11-04", "Verluste an der Front\n\nMehrere hundert nordkoreanische Soldaten sollen laut dem Geheimdienst NIS getötet oder verwundet worden sein."),
    ("2024-12-02", "Neue Zahlen aus Seoul\n\nMehr als 1.000 nordkoreanische Soldaten wurden nach Angaben des Generalstabs JCS getötet oder verwundet."),
    ("2025-01-13", "Hohe Verluste\n\nEtwa 1.100 nordkoreanische Soldaten sind laut dem Generalstab JCS getötet oder verwundet worden."),
]


def test_corpus_endpoints_and_pages(corpus_client):
    c = corpus_client
    for published, text in CORPUS_TEXTS:
        resp = c.post("/api/corpus/documents", json={"text": text, "lang": "de", "published": published})
        assert resp.status_code == 200, resp.text
    again = c.post("/api/corpus/documents", json={"text": CORPUS_TEXTS[0][1], "lang": "de", "published": CORPUS_TEXTS[0][0]})
    assert again.status_code == 200 and again.json()["result"]["added"] == 0 and again.json()["result"]["skipped"] == 1
    docs = c.get("/api/corpus/documents").json()["documents"]
    assert len(docs) == 3 and {d["title"] for d in docs} == {t.split("\n")[0] for _, t in CORPUS_TEXTS}
    doc = c.get(f"/api/corpus/documents/{docs[0]['id']}").json()
    assert Report.model_validate(doc).document.id
    _error(c.get("/api/corpus/documents/9999"), 404, "E402")
    tracks = c.get("/api/corpus/tracks").json()["tracks"]
    assert isinstance(tracks, list)
    for t in tracks:
        tl = c.get(f"/api/corpus/timeline/{t['name']}")
        assert tl.status_code == 200 and "points" in tl.json()
    assert c.get("/api/corpus/search", params={"category": "casualties"}).status_code == 200
    page = c.get("/corpus")
    assert page.status_code == 200 and "Verluste an der Front" in page.text
    check_html(page.text)
    assert c.get(f"/corpus/documents/{docs[0]['id']}").status_code == 200
    assert tracks, "three reports about the same figure make at least one track"
    best = max(tracks, key=lambda t: t["points"])
    assert best["points"] >= 2
    assert page.text.count("<svg") == len(tracks)
    tp = c.get(f"/corpus/tracks/{best['name']}")
    assert tp.status_code == 200 and tp.text.count('<g class="point') == best["points"]
    check_html(tp.text)
    _error(c.get("/api/corpus/timeline/no/such/track"), 404, "E402")


# ------------------------------------------------------------------ concurrency (real server)

def test_50_concurrent_clients_get_correct_results(capsys):
    from newsclaims.web.app import analyze_input
    from benchmarks.web_load import load_text, run_load
    from newsclaims.web.server import serve_in_thread

    import httpx

    with serve_in_thread(create_app()) as url:
        numbers = run_load(n_clients=50, n_requests=100, base_url=url)
        expected = analyze_input(Input(text=load_text(3), lang="de")).model_dump(mode="json")
        got = httpx.post(f"{url}/api/analyze", json={"text": load_text(3), "lang": "de"}, timeout=60, trust_env=False).json()
    with capsys.disabled():
        print(f"\n[web load] {numbers['clients']} clients, {numbers['requests']} requests: "
              f"{numbers['req_per_s']} req/s, p50 {numbers['p50_ms']} ms, p99 {numbers['p99_ms']} ms")
    assert numbers["errors"] == 0, numbers["first_error"]
    assert numbers["ok"] == 100
    assert got == expected


def test_api_page_code_filter_escapes_first():
    assert str(render_html.code_ticks("<b>`x`</b> and `y`")) == "&lt;b&gt;<code>x</code>&lt;/b&gt; and <code>y</code>"


def test_real_server_answers_413_before_the_body_is_sent():
    """Over a real socket: only the headers of a 50 MB upload are sent, the answer comes at once."""
    import socket

    from newsclaims.web.server import serve_in_thread

    with serve_in_thread(create_app()) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                      b"Content-Length: %d\r\n\r\n" % (50 * 1024 * 1024))
            s.sendall(b"A" * 65536)  # a little of the body, then wait for the answer
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
    assert answer.startswith(b"HTTP/1.1 413")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "E103"


# ------------------------------------------------------------------ bad input is 4xx; connections survive

@pytest.mark.parametrize("path", ["/api/corpus/documents/99999999999999999999999", "/corpus/documents/99999999999999999999999",
                                  "/api/corpus/documents/0"])
def test_document_number_out_of_range_is_4xx(corpus_client, path):
    resp = corpus_client.get(path)
    assert resp.status_code == 422
    if path.startswith("/api/"):
        assert resp.json()["error"]["code"] == "E301" and "\n" not in resp.json()["error"]["message"]


@pytest.mark.parametrize("params, says", [
    ({"source": "JCS\x00' OR 1=1"}, "source: the search term contains a NUL character"),
    ({"entity": "Nord\x00korea"}, "entity: the search term contains a NUL character"),
    ({"entity": "Atlantis"}, "no country known as 'Atlantis'"),
    ({"category": "civilians"}, "unknown category 'civilians'"),
])
def test_bad_search_terms_are_4xx(corpus_client, params, says):
    msg = _error(corpus_client.get("/api/corpus/search", params=params), 400, "E301")
    assert says in msg and "\n" not in msg
    page = corpus_client.get("/corpus/search", params=params)
    assert page.status_code == 400 and str(markup_escape(says)) in page.text


def test_search_lone_surrogate_is_a_project_error(tmp_path):
    from newsclaims.corpus import open_store, search
    from newsclaims.errors import NewsclaimsError

    store = open_store(str(tmp_path / "c.db"))
    try:
        for term in ({"source": "JCS\ud800"}, {"entity": "Nord\udc00korea"}):
            with pytest.raises(NewsclaimsError) as err:
                search(store, **term)
            assert err.value.code == "E301" and "lone surrogate" in err.value.message
    finally:
        store.close()


def test_search_by_country_name_in_either_language(corpus_client):
    c = corpus_client
    for published, text in CORPUS_TEXTS:
        assert c.post("/api/corpus/documents", json={"text": text, "lang": "de", "published": published}).status_code == 200
    by_code = c.get("/api/corpus/search", params={"entity": "KP"}).json()["figures"]
    assert len(by_code) == 3
    for name in ("North Korea", "Nordkorea", "nordkoreanisch", "north korean", "Nordkoreaner", "kp"):
        assert c.get("/api/corpus/search", params={"entity": name}).json()["figures"] == by_code, name
    assert c.get("/api/corpus/search", params={"entity": "Frankreich"}).json()["figures"] == []
    page = c.get("/corpus/search", params={"entity": "North Korea"})
    assert page.status_code == 200 and "3 figures about North Korea (KP)." in page.text


def _raw_requests(url: str, requests: list[bytes], pause: float = 0.0) -> list[bytes]:
    """Send each request on one kept-alive connection and read each answer (Content-Length bodies)."""
    import socket
    import time

    host, port = url.removeprefix("http://").split(":")
    answers = []
    with socket.create_connection((host, int(port)), timeout=10) as s:
        buf = b""
        for req in requests:
            s.sendall(req)
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(65536)
                assert chunk, f"connection closed before the answer to {req[:40]!r}"
                buf += chunk
            head, rest = buf.split(b"\r\n\r\n", 1)
            length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
            while len(rest) < length:
                rest += s.recv(65536)
            answers.append(head + b"\r\n\r\n" + rest[:length])
            buf = rest[length:]
            time.sleep(pause)
    return answers


def test_connection_stays_usable_after_errors():
    from newsclaims.web.server import serve_in_thread

    def broken(inp: Input):
        raise RuntimeError("boom")

    body = b'{"text": "Ein Text mit 3 Zahlen."}'
    post = (b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    get = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    bad = b"GET /api/corpus/documents/99999999999999999999999 HTTP/1.1\r\nHost: x\r\n\r\n"
    with serve_in_thread(create_app(analyzer=broken)) as url:
        answers = _raw_requests(url, [post, get, bad, get])
    assert [a.split(b" ", 2)[1] for a in answers] == [b"500", b"200", b"422", b"200"]
    assert b'"E500"' in answers[0] and b"boom" not in answers[0]


def test_slow_request_head_is_cut_off():
    import socket
    import time

    from newsclaims.web.server import serve_in_thread

    with serve_in_thread(create_app(), header_timeout_s=0.5) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            t0 = time.monotonic()
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            closed = False
            for _ in range(20):  # a header line every 0.2 s: never a whole head in time
                time.sleep(0.2)
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    closed = True
                    break
                s.settimeout(0.01)
                try:
                    if s.recv(1024) == b"":
                        closed = True
                        break
                except TimeoutError:
                    pass
            assert closed and time.monotonic() - t0 < 2.0
        # a normal client on the same server is answered, twice on one connection
        answers = _raw_requests(url, [b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"] * 2, pause=0.6)
        assert all(a.startswith(b"HTTP/1.1 200") for a in answers)


def test_favicon_is_served(client):
    for path in ("/favicon.ico", "/static/favicon.svg"):
        resp = client.get(path)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in resp.content
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text


@pytest.mark.parametrize("name, words", [
    ("casualties/soldier/KP", "casualties (killed or wounded) · soldier · North Korea"),
    ("civilians_displaced/-/-", "displaced civilians · no actor named"),
    ("troops/soldier/XX", "troops · soldier · XX"),
    ("my own track", ""),
])
def test_track_names_in_words(name, words):
    from newsclaims.web.views import track_words

    assert track_words(name) == words


def test_non_finite_figure_gives_valid_json_not_500():
    report = make_report()
    report.quantities[0].low = report.quantities[0].high = float("inf")  # a figure of 400 digits

    def strict(text):
        return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))

    with TestClient(create_app(analyzer=lambda inp: report), raise_server_exceptions=False) as c:
        resp = c.post("/api/analyze", json={"text": "Ein Text."})
        assert resp.status_code == 200
        assert strict(resp.text)["quantities"][0]["low"] is None
        page = c.post("/analyze", data={"text": "Ein Text."})
        assert page.status_code == 200 and "∞" in page.text
