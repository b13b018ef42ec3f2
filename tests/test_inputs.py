"""Real inputs: PDF (columns, headers, page numbers, hyphenation, page map), HTML, URL."""

from __future__ import annotations

import datetime as dt
import difflib
import re

import pytest
from conftest import (
    INPUTS_HEADER,
    INPUTS_HTML_AUTHOR,
    INPUTS_HTML_BOILERPLATE,
    INPUTS_PARAGRAPHS,
    INPUTS_TITLE,
    inputs_article_html,
    inputs_empty_html,
    inputs_make_pdf,
)

from newsclaims.errors import NewsclaimsError
from newsclaims.ingest import load, load_bytes, load_url
from newsclaims.ingest.pdf import PageContent, Word, build_document, from_pdf
from newsclaims.ingest.pdf.furniture import remove_furniture
from newsclaims.report import SourceInfo


def _similarity(expected: str, got: str) -> float:
    return difflib.SequenceMatcher(None, expected.split(), got.split(), autojunk=False).ratio()


def _pdf(data: bytes):
    return from_pdf(data, SourceInfo(kind="pdf", path="test.pdf"))


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_column_doc(inputs_pdf_two_columns):
    return _pdf(inputs_pdf_two_columns.data)


def test_pdf_fixture_has_what_the_tests_need(inputs_pdf_two_columns):
    pdf = inputs_pdf_two_columns
    assert pdf.pages >= 3
    assert pdf.hyphenated, "no hyphenated line end in the test PDF"
    assert pdf.page_break_mid_sentence, "no page break inside a sentence in the test PDF"


def test_two_columns_read_in_order(inputs_pdf_two_columns, two_column_doc):
    expected = INPUTS_TITLE + " " + " ".join(inputs_pdf_two_columns.paragraphs)
    assert _similarity(expected, two_column_doc.text) >= 0.98
    # every paragraph is one block, in order, with the title as headline
    texts = [b.text for b in two_column_doc.blocks]
    assert texts[0] == INPUTS_TITLE and two_column_doc.blocks[0].kind == "headline"
    assert texts[1:] == inputs_pdf_two_columns.paragraphs


def test_headers_and_page_numbers_removed(two_column_doc):
    assert INPUTS_HEADER not in two_column_doc.text
    assert "Tageskurier" not in two_column_doc.text
    assert not re.search(r"(^|\n)\d+(\n|$)", two_column_doc.text)


def test_page_break_inside_sentence_is_joined(inputs_pdf_two_columns, two_column_doc):
    for last, first in inputs_pdf_two_columns.page_breaks:
        assert re.search(rf"{re.escape(last)}\s{re.escape(first)}", two_column_doc.text) \
            or f"{last}{first}" in two_column_doc.text, (last, first)


def test_hyphenation_undone(inputs_pdf_two_columns, two_column_doc):
    for word in inputs_pdf_two_columns.hyphenated:
        assert word in two_column_doc.text
    assert "\ufffe" not in two_column_doc.text and "\x02" not in two_column_doc.text


def test_page_map(inputs_pdf_two_columns, two_column_doc):
    doc = two_column_doc
    assert len(doc.pages) == inputs_pdf_two_columns.pages
    assert doc.pages[0].start == 0
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a.end <= b.start
    # the page break: the last word of page one ends page one's span, its successor starts page two
    last, first = inputs_pdf_two_columns.page_breaks[0]
    assert doc.text[doc.pages[0].start:doc.pages[0].end].endswith(last)
    assert doc.text[doc.pages[1].start:doc.pages[1].end].startswith(first)
    assert [b.page for b in doc.blocks][0] == 1 and doc.blocks[-1].page == inputs_pdf_two_columns.pages


def test_justified_columns_with_indents_and_bold_words():
    from conftest import inputs_make_flowing_pdf

    paragraphs = [p.replace("Korvansk", f"Stadt{i}") for i in range(3) for p in INPUTS_PARAGRAPHS]
    doc = _pdf(inputs_make_flowing_pdf(paragraphs))
    assert len(doc.pages) == 2
    assert _similarity(INPUTS_TITLE + " " + " ".join(paragraphs), doc.text) >= 0.98
    assert [b.text for b in doc.blocks] == [INPUTS_TITLE, *paragraphs]
    assert "Morgenpost" not in doc.text and "Seite" not in doc.text


def test_title_from_largest_type_and_from_metadata():
    pdf = inputs_make_pdf(INPUTS_PARAGRAPHS[:3], columns=1, header=None)
    assert _pdf(pdf.data).title == INPUTS_TITLE  # reportlab's metadata says "untitled": not on the page
    titled = inputs_make_pdf(INPUTS_PARAGRAPHS[:3], columns=1, metadata_title=INPUTS_TITLE.upper())
    assert _pdf(titled.data).title == INPUTS_TITLE.upper()


def test_single_column_pdf():
    pdf = inputs_make_pdf(INPUTS_PARAGRAPHS, columns=1)
    doc = _pdf(pdf.data)
    assert _similarity(INPUTS_TITLE + " " + " ".join(INPUTS_PARAGRAPHS), doc.text) >= 0.98
    assert [b.text for b in doc.blocks[1:]] == INPUTS_PARAGRAPHS
    assert doc.lang == "de" and doc.source.kind == "pdf"


def test_pdf_through_the_full_pipeline(tmp_path, inputs_pdf_two_columns):
    from newsclaims import analyze

    path = tmp_path / "bericht.pdf"
    path.write_bytes(inputs_pdf_two_columns.data)
    report = analyze(path)
    assert report.document.source.kind == "pdf" and report.document.source.path == str(path)
    assert report.document.title == INPUTS_TITLE
    assert len(report.document.pages) == inputs_pdf_two_columns.pages
    for where, span in report.spans():
        assert report.document.text[span.start:span.end] == span.text, where


def test_running_lines_on_synthetic_words():
    def page(n, body):
        return [Word(40, 120, 805, 8, False, "Zeitung"), Word(124, 160, 805, 8, False, "Ressort"),
                *[Word(40, 300, 700 - 12 * i, 10, False, t) for i, t in enumerate(body)],
                Word(160, 170, 25, 8, False, f"- {n} -")]

    pages = [page(i + 1, [f"Zeile {'ABC'[i]}{'vwxyz'[j]}." for j in range(5)]) for i in range(3)]
    cleaned = remove_furniture(pages, 10)
    assert all(len(p) == 5 for p in cleaned)
    assert all(w.text.startswith("Zeile") for p in cleaned for w in p)
    doc = build_document([PageContent(p) for p in pages], SourceInfo(kind="pdf"), lang="de")
    assert "Zeitung" not in doc.text and "- 2 -" not in doc.text


def test_type_size_from_the_text_matrix():
    """Producers that set 1 pt type and scale it with the text matrix: sizes as printed."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 760
    for text, size in [(INPUTS_TITLE, 18)] + [(p[:80], 9) for p in INPUTS_PARAGRAPHS[:6]]:
        t = c.beginText()
        t.setTextTransform(size, 0, 0, size, 40, y)
        t.setFont("Helvetica", 1)
        t.textOut(text)
        c.drawText(t)
        y -= size * 2
    c.showPage()
    c.save()
    import pypdfium2 as pdfium

    from newsclaims.ingest.pdf.words import read_page

    assert {w.size for w in read_page(pdfium.PdfDocument(buf.getvalue())[0]).words} == {18.0, 9.0}
    doc = _pdf(buf.getvalue())
    assert doc.blocks[0].kind == "headline" and doc.title == INPUTS_TITLE


@pytest.mark.parametrize("mark", ["\ufffe", "\u00ad", "-"], ids=["pdfium-soft-hyphen", "U+00AD", "hyphen"])
def test_line_end_hyphens_from_any_producer(mark):
    # two lines of a paragraph: the first ends in a hyphenated word, as each producer marks it
    lines = [["Der", "Vertrag", "über", "den", f"Verteidi{mark}"], ["gungspakt", "gilt", "seit", "Juni", "im", "Ukraine-"],
             ["Krieg", "als", "Wende", "für", "Nord\u00adkorea."]]
    words = [Word(40 + 60 * i, 90 + 60 * i, 700 - 12 * n, 10, False, t) for n, line in enumerate(lines)
             for i, t in enumerate(line)]
    doc = build_document([PageContent(words)], SourceInfo(kind="pdf"), lang="de")
    assert doc.text == "Der Vertrag über den Verteidigungspakt gilt seit Juni im Ukraine-Krieg als Wende für Nordkorea."
    assert not any(ch in doc.text for ch in "\x02\ufffe\u00ad")


def test_a_line_without_letters_between_paragraphs():
    # a row of stars between two paragraphs is a block with no letter to place on a page
    lines = ["Der Rat hat am Montag beschlossen, dass die Stadt", "neue Radwege baut und alte Straßen saniert.", "* * *",
             "Die Kosten liegen bei rund zwei Millionen Euro, wie", "die Verwaltung mitteilte und weiter erklärte."]
    words, y = [], 700
    for n, line in enumerate(lines):
        y -= 26 if n in (2, 3) else 12
        x = 40
        for t in line.split():
            words.append(Word(x, x + 6 * len(t), y, 10, False, t))
            x += 6 * len(t) + 3
    doc = build_document([PageContent(words)], SourceInfo(kind="pdf"), lang="de")
    assert [b.text for b in doc.blocks] == [" ".join(lines[:2]), "* * *", " ".join(lines[3:])]
    assert [(p.start, p.end) for p in doc.pages] == [(0, len(doc.text))]


@pytest.mark.parametrize("make,code", [
    (lambda d: d[: len(d) // 2], "E106"),
    (lambda d: b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "E106"),
    (lambda d: inputs_make_pdf(INPUTS_PARAGRAPHS[:2], encrypt="geheim").data, "E107"),
    (lambda d: inputs_make_pdf(image_only=True).data, "E108"),
], ids=["truncated", "corrupt", "encrypted", "image-only"])
def test_bad_pdfs(inputs_pdf_two_columns, make, code):
    with pytest.raises(NewsclaimsError) as exc:
        _pdf(make(inputs_pdf_two_columns.data))
    assert exc.value.code == code
    assert "\n" not in str(exc.value)
    if code == "E108":
        assert "no text layer" in exc.value.message and "OCR is out of scope" in exc.value.message


def test_scanned_page_among_text_pages_is_left_out_with_a_warning():
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i, para in enumerate(INPUTS_PARAGRAPHS[:4]):
        c.drawString(40, 780 - 14 * i, para[:90])
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (60, 80), 128)), 40, 300, 400, 500)  # a "scan"
    c.showPage()
    c.save()
    doc = _pdf(buf.getvalue())
    assert doc.text.startswith(INPUTS_PARAGRAPHS[0][:40])
    assert doc.warnings == ["page(s) 2 without a text layer, only an image (scanned?), left out: OCR is out of scope"]


def test_pdf_over_the_size_limit(monkeypatch, tmp_path, inputs_pdf_two_columns):
    monkeypatch.setenv("NEWSCLAIMS_MAX_INPUT_BYTES", "1000")
    with pytest.raises(NewsclaimsError, match="E103"):
        _pdf(inputs_pdf_two_columns.data)
    path = tmp_path / "gross.pdf"
    path.write_bytes(inputs_pdf_two_columns.data)
    with pytest.raises(NewsclaimsError, match="E103"):
        load(path)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

def test_html_article_and_metadata():
    html = inputs_article_html()
    doc = load_bytes(html.encode("utf-8"), SourceInfo(kind="html", path="seite.html"))
    assert doc.title == INPUTS_TITLE
    assert doc.author == INPUTS_HTML_AUTHOR
    assert doc.published == dt.date(2025, 3, 18)
    assert doc.site == "Tageskurier Nord"
    assert doc.lang == "de"
    assert doc.source.url == "https://tageskurier.example/politik/drohnenangriff-hafenstadt"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [("headline", INPUTS_TITLE),
                     *[("paragraph", p) for p in INPUTS_PARAGRAPHS[:3]],
                     ("subheading", "Angriff auf die Versorgung"),
                     *[("paragraph", p) for p in INPUTS_PARAGRAPHS[3:6]]]
    for word in INPUTS_HTML_BOILERPLATE:
        assert word not in doc.text, word
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text


def test_html_published_date_reaches_the_report():
    from newsclaims import analyze

    report = analyze(inputs_article_html().encode("utf-8"))
    assert report.document.published == dt.date(2025, 3, 18)
    assert report.document.author == INPUTS_HTML_AUTHOR


def test_html_date_only_from_markup():
    html = re.sub(r'<meta property="article:published_time"[^>]*>|<time[^>]*>[^<]*</time>', "", inputs_article_html())
    html = html.replace("Mehr als 300 Drohnen", "Am 3. März 2024 hatten mehr als 300 Drohnen")
    doc = load_bytes(html.encode(), SourceInfo(kind="html"))
    assert doc.published is None  # not 2025-01-01 from the "© 2025" footer, nor a date in the text
    assert "Am 3. März 2024" in doc.text


def test_html_without_article():
    with pytest.raises(NewsclaimsError) as exc:
        load_bytes(inputs_empty_html().encode(), SourceInfo(kind="html"))
    assert exc.value.code == "E109"


def test_html_in_cp1252_is_decoded():
    html = inputs_article_html().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    doc = load_bytes(html.encode("cp1252"), SourceInfo(kind="html"))
    assert "Verschütteten" in doc.text and "Rettungskräfte" in doc.text


# ---------------------------------------------------------------------------------------------
# URL (a local server on 127.0.0.1; never the internet)
# ---------------------------------------------------------------------------------------------

def test_url_html_and_redirect(inputs_http_server):
    from newsclaims.ingest.url import fetch, user_agent

    html = inputs_article_html().encode("utf-8")
    inputs_http_server.routes["/artikel"] = (200, {"Content-Type": "text/html; charset=utf-8"}, html, 0)
    inputs_http_server.routes["/alt"] = (301, {"Location": "/artikel"}, b"", 0)
    data, kind, final = fetch(inputs_http_server.base + "/alt")
    assert (data, kind, final) == (html, "html", inputs_http_server.base + "/artikel")
    doc = load_url(inputs_http_server.base + "/alt")
    assert doc.source.kind == "url" and doc.source.url == final
    assert doc.title == INPUTS_TITLE and doc.published == dt.date(2025, 3, 18)
    assert re.fullmatch(r"newsclaims/\S+ \(\+offline news analysis\)", user_agent())


def test_url_pdf_by_content_type(inputs_http_server):
    pdf = inputs_make_pdf(INPUTS_PARAGRAPHS[:4], columns=1)
    inputs_http_server.routes["/download"] = (200, {"Content-Type": "application/pdf"}, pdf.data, 0)
    doc = load_url(inputs_http_server.base + "/download")
    assert doc.title == INPUTS_TITLE and doc.pages


def test_url_sends_user_agent(inputs_http_server):
    from newsclaims.ingest.url import fetch

    inputs_http_server.routes["/ua"] = (200, {"Content-Type": "text/plain"}, b"Hallo", 0)
    assert fetch(inputs_http_server.base + "/ua") == (b"Hallo", "text", inputs_http_server.base + "/ua")
    agent = inputs_http_server.last_headers["User-Agent"]
    assert agent.startswith("newsclaims/") and agent.endswith("(+offline news analysis)")


@pytest.mark.parametrize("path,status,message", [
    ("/fehlt", 404, "HTTP 404"),
    ("/kaputt", 500, "HTTP 500"),
])
def test_url_http_errors(inputs_http_server, path, status, message):
    if status != 404:
        inputs_http_server.routes[path] = (status, {"Content-Type": "text/html"}, b"<html>oops</html>", 0)
    with pytest.raises(NewsclaimsError) as exc:
        load_url(inputs_http_server.base + path)
    assert exc.value.code == "E110" and message in str(exc.value)


def test_url_timeout(inputs_http_server, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_URL_TIMEOUT_S", "0.3")
    inputs_http_server.routes["/langsam"] = (200, {"Content-Type": "text/html"}, b"<html></html>", 1.5)
    with pytest.raises(NewsclaimsError) as exc:
        load_url(inputs_http_server.base + "/langsam")
    assert exc.value.code == "E110" and "timeout" in str(exc.value)


def test_url_too_large(inputs_http_server, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_URL_MAX_BYTES", "1000")
    inputs_http_server.routes["/gross"] = (200, {"Content-Type": "text/plain"}, b"Wort " * 1000, 0)
    with pytest.raises(NewsclaimsError) as exc:
        load_url(inputs_http_server.base + "/gross")
    assert exc.value.code == "E110" and "limit" in str(exc.value)


def test_url_refused():
    import socket

    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NewsclaimsError) as exc:
        load_url(f"http://127.0.0.1:{port}/x")
    assert exc.value.code == "E110"


def test_url_redirect_loop(inputs_http_server):
    inputs_http_server.routes["/kreis"] = (302, {"Location": "/kreis"}, b"", 0)
    with pytest.raises(NewsclaimsError) as exc:
        load_url(inputs_http_server.base + "/kreis")
    assert exc.value.code == "E110" and "redirects" in str(exc.value)


def test_url_private_addresses_refused_on_request(inputs_http_server):
    from newsclaims.ingest.url import fetch

    inputs_http_server.routes["/ok"] = (200, {"Content-Type": "text/plain"}, b"Hallo", 0)
    assert fetch(inputs_http_server.base + "/ok")[0] == b"Hallo"
    with pytest.raises(NewsclaimsError) as exc:
        fetch(inputs_http_server.base + "/ok", allow_private=False)
    assert exc.value.code == "E110" and "refused address 127.0.0.1" in str(exc.value)
