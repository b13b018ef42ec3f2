"""Shared fixtures. Each part keeps its fixtures in clearly named functions.

Inputs (PDF, HTML, URL, batch): everything prefixed ``inputs_``. The PDFs are built here with
reportlab from text written for these tests (two columns, running header, page numbers, a page
break inside a sentence, a hyphenated line end); the HTML pages are written here too.
"""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The benchmarks' report generator and load client (benchmarks/) are used by some tests.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --------------------------------------------------------------------------------------------
# inputs: article text (invented, in the style of a tabloid war report)
# --------------------------------------------------------------------------------------------

INPUTS_TITLE = "Drohnenangriff auf Hafenstadt: Die Lage spitzt sich zu!"

INPUTS_PARAGRAPHS = [
    "Mehr als 300 Drohnen sollen in der Nacht zum Dienstag die Hafenstadt Korvansk angegriffen "
    "haben. Das meldete die Stadtverwaltung am Morgen in einer knappen Erklärung, die auf dem "
    "offiziellen Kanal der Behörde veröffentlicht wurde.",
    "Nach Angaben des regionalen Katastrophenschutzes wurden mindestens 14 Menschen getötet und "
    "rund 60 weitere verletzt. Unter den Opfern seien auch drei Kinder, hieß es. Die Rettungskräfte "
    "suchten noch am Vormittag in den Trümmern eines Wohnblocks nach Verschütteten.",
    "Doch das ist noch nicht alles! Augenzeugen berichten von einer gewaltigen Explosion im "
    "Industriehafen, wo nach Schätzungen etwa 2.000 Tonnen Getreide gelagert waren. Eine riesige "
    "Rauchwolke zog über die Innenstadt, die Behörden riefen die Anwohner auf, Fenster und Türen "
    "geschlossen zu halten.",
    "Der Gouverneur der Region, Pavel Drominski, sprach von einem der schwersten Angriffe seit "
    "Beginn des Krieges. Die Luftabwehr habe nach eigenen Angaben 270 der Drohnen abgeschossen, "
    "doch die Trümmer hätten in mehreren Stadtteilen Brände ausgelöst. Unabhängig überprüfen "
    "ließen sich diese Angaben zunächst nicht.",
    "Militärexperten gehen davon aus, dass der Angriff der Versorgung der Front galt. Über den "
    "Hafen wurden zuletzt nach Berichten örtlicher Medien jeden Monat Hunderte Tonnen Munition "
    "und Ausrüstung umgeschlagen. Die Verteidigungsbereitschaft der Region steht damit erneut "
    "auf dem Prüfstand.",
    "Die Regierung in der Hauptstadt kündigte noch am Dienstag zusätzliche Hilfe an. Rund 40 "
    "Millionen Euro sollen für den Wiederaufbau der beschädigten Wohnhäuser bereitgestellt werden, "
    "teilte das Finanzministerium mit. Kritiker halten die Summe für viel zu gering.",
    "Seit Jahresbeginn wurden in der Region nach Zählung der Vereinten Nationen mehr als 1.200 "
    "Zivilisten getötet. Tausende Familien haben ihre Häuser verlassen und sind in den Westen "
    "des Landes geflohen, wo die Notunterkünfte bereits überfüllt sind.",
    "Die Lage bleibt angespannt. Schon in der kommenden Woche wollen die Außenminister der "
    "Nachbarstaaten zu einem Krisentreffen zusammenkommen, um über weitere Waffenlieferungen "
    "und neue Sanktionen zu beraten. Ein Durchbruch gilt allerdings als unwahrscheinlich.",
    "In Korvansk selbst räumen die Bewohner unterdessen die Scherben von den Straßen. Viele "
    "Geschäfte in der Altstadt blieben geschlossen, der Straßenbahnverkehr wurde bis auf "
    "Weiteres eingestellt. Die Schulen sollen frühestens am Montag wieder öffnen.",
    "Ein Sprecher des Energieversorgers erklärte, dass etwa 45.000 Haushalte ohne Strom seien. "
    "Die Reparaturarbeiten könnten mehrere Tage dauern, weil wichtige Umspannwerke schwer "
    "beschädigt worden seien. Notstromaggregate versorgen vorerst die Krankenhäuser.",
]

INPUTS_HEADER = "Tageskurier Nord · Politik"


def inputs_article_text() -> str:
    """The article as plain text: title, blank line, paragraphs separated by blank lines."""
    return INPUTS_TITLE + "\n\n" + "\n\n".join(INPUTS_PARAGRAPHS)


# --------------------------------------------------------------------------------------------
# inputs: PDF builder
# --------------------------------------------------------------------------------------------

@dataclass
class InputsPdf:
    data: bytes
    pages: int
    hyphenated: list[str] = field(default_factory=list)  # words split at a line end ("Ver-" + "...")
    page_breaks: list[tuple[str, str]] = field(default_factory=list)  # (last word, first word) per break
    page_break_mid_sentence: bool = False


def inputs_make_pdf(paragraphs=INPUTS_PARAGRAPHS, title=INPUTS_TITLE, *, columns=2, header=INPUTS_HEADER,
                    page_numbers=True, hyphenate=True, font_size=9.5, metadata_title=None,
                    pagesize=None, encrypt=None, image_only=False) -> InputsPdf:
    """Lays out ``paragraphs`` in ``columns`` columns under a large ``title`` with reportlab."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    width, height = pagesize or A5
    margin, gutter, leading = 36, 16, font_size * 1.3
    col_w = (width - 2 * margin - (columns - 1) * gutter) / columns
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), encrypt=encrypt)
    if metadata_title:
        c.setTitle(metadata_title)
    result = InputsPdf(b"", 0)
    if image_only:
        for page in range(2):
            for i in range(40):  # a "scan": grey bars where lines of text would be
                c.setFillGray(0.3)
                c.rect(margin, height - margin - 20 - i * 12, width - 2 * margin - (i % 5) * 20, 7, fill=1, stroke=0)
            c.showPage()
        c.save()
        result.data, result.pages = buf.getvalue(), 2
        return result

    def w(s):
        return stringWidth(s, "Helvetica", font_size)

    # Wrap every paragraph into column lines; None marks the gap between paragraphs.
    lines: list[str | None] = []
    for para in paragraphs:
        current = ""
        for word in para.split():
            trial = f"{current} {word}".strip()
            if w(trial) <= col_w:
                current = trial
                continue
            if hyphenate and len(word) >= 12 and word.isalpha():
                # split the long word so that its head fills the line: "Verteidigungs-" + "bereitschaft"
                for cut in range(len(word) - 4, 3, -1):
                    head = f"{current} {word[:cut]}-".strip()
                    if w(head) <= col_w:
                        lines.append(head)
                        result.hyphenated.append(word)
                        current = word[cut:]
                        break
                else:
                    lines.append(current)
                    current = word
                continue
            lines.append(current)
            current = word
        lines.append(current)
        lines.append(None)

    page, col, y = 0, 0, None
    top_first = height - margin - 40  # room for the title on page one
    last_word_on_page = None

    def start_page():
        nonlocal y
        if header:
            c.setFont("Helvetica", 7.5)
            c.drawString(margin, height - 22, header)
        if page_numbers:
            c.setFont("Helvetica", 7.5)
            c.drawCentredString(width / 2, 18, str(page + 1))
        if page == 0 and title:
            c.setFont("Helvetica-Bold", 15)
            c.drawString(margin, height - margin - 12, title)
        y = top_first if page == 0 else height - margin

    start_page()
    prev_line = None
    for line in lines:
        if y < margin + leading:
            col += 1
            if col == columns:
                c.showPage()
                page += 1
                col = 0
                result.page_breaks.append((last_word_on_page, None))
                if prev_line is not None:  # the page ended with a line of text, not a paragraph gap
                    result.page_break_mid_sentence = result.page_break_mid_sentence or not prev_line.rstrip().endswith((".", "!", "?"))
                start_page()
            else:
                y = top_first if page == 0 else height - margin
        if line is None:
            y -= leading
            prev_line = None
            continue
        if result.page_breaks and result.page_breaks[-1][1] is None:
            result.page_breaks[-1] = (result.page_breaks[-1][0], line.split()[0])
        c.setFont("Helvetica", font_size)
        c.drawString(margin + col * (col_w + gutter), y, line)
        last_word_on_page = line.split()[-1]
        prev_line = line
        y -= leading
    c.showPage()
    c.save()
    result.data, result.pages = buf.getvalue(), page + 1
    return result


def inputs_make_flowing_pdf(paragraphs, title=INPUTS_TITLE, *, footer="Seite {page}") -> bytes:
    """A second layout, made by reportlab's platypus: A4, two justified columns, paragraphs marked
    by a first-line indent only, one bold word per paragraph, "Seite N" footers right-aligned."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    width, height = A4
    buf = io.BytesIO()

    def decorate(c, doc):
        c.setFont("Helvetica", 8)
        c.drawString(40, height - 25, "Morgenpost · Ausland")
        c.drawRightString(width - 40, 20, footer.format(page=doc.page))

    doc = BaseDocTemplate(buf, pagesize=A4)
    col = (width - 80 - 18) / 2
    frames = [Frame(40, 40, col, height - 100, id="left"), Frame(40 + col + 18, 40, col, height - 100, id="right")]
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=decorate)])
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], alignment=TA_JUSTIFY, firstLineIndent=12,
                          spaceBefore=0, spaceAfter=0, fontSize=10, leading=12.5)
    story = [Paragraph(title, styles["Title"])]
    for para in paragraphs:
        words = para.split()
        words[3] = f"<b>{words[3]}</b>"
        story.append(Paragraph(" ".join(words), body))
    doc.build(story)
    return buf.getvalue()


@pytest.fixture(scope="session")
def inputs_pdf_two_columns() -> InputsPdf:
    # The text twice over (numbered differently) so that it runs over several pages.
    paragraphs = INPUTS_PARAGRAPHS + [p.replace("Korvansk", "Belomirsk") for p in INPUTS_PARAGRAPHS]
    pdf = inputs_make_pdf(paragraphs)
    pdf.paragraphs = paragraphs
    return pdf


# --------------------------------------------------------------------------------------------
# inputs: HTML pages
# --------------------------------------------------------------------------------------------

INPUTS_HTML_AUTHOR = "Miriam Falkenberg"
INPUTS_HTML_DATE = "2025-03-18"


def inputs_article_html(paragraphs=INPUTS_PARAGRAPHS[:6], title=INPUTS_TITLE) -> str:
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs[:3])
    body += "\n      <h2>Angriff auf die Versorgung</h2>\n"
    body += "\n".join(f"      <p>{p}</p>" for p in paragraphs[3:])
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>{title} | Tageskurier Nord</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="Tageskurier Nord">
  <meta name="author" content="{INPUTS_HTML_AUTHOR}">
  <meta property="article:published_time" content="{INPUTS_HTML_DATE}T07:45:00+01:00">
  <link rel="canonical" href="https://tageskurier.example/politik/drohnenangriff-hafenstadt">
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">
    <p>Wir verwenden Cookies, um Ihnen das beste Nutzungserlebnis zu bieten. Mit Klick auf
    Akzeptieren stimmen Sie der Verwendung zu. <button>Akzeptieren</button></p>
  </div>
  <header>
    <nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik">Politik</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/wetter">Wetter</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">Von <span class="author">{INPUTS_HTML_AUTHOR}</span>,
        <time datetime="{INPUTS_HTML_DATE}">18.03.2025</time></p>
{body}
    </article>
    <aside class="teaser">
      <h3>Mehr zum Thema</h3>
      <ul><li><a href="/a1">Winterhilfe: Spendenaktion bricht alle Rekorde</a></li>
      <li><a href="/a2">Bahnstreik legt den Norden lahm</a></li></ul>
    </aside>
    <section id="comments" class="comments">
      <h3>Kommentare (2)</h3>
      <div class="comment"><p>Leser123: Unfassbar, was da passiert. Wann hört das endlich auf?</p></div>
      <div class="comment"><p>Nordlicht: Die Zahlen glaube ich erst, wenn sie bestätigt sind.</p></div>
    </section>
  </main>
  <footer><p>© 2025 Tageskurier Nord · Impressum · Datenschutz · Kontakt</p></footer>
</body>
</html>
"""


INPUTS_HTML_BOILERPLATE = ["Cookies", "Startseite", "Mehr zum Thema", "Spendenaktion", "Leser123",
                           "Nordlicht", "Impressum", "Kommentare"]


def inputs_empty_html() -> str:
    return """<!DOCTYPE html><html lang="de"><head><title>Startseite</title></head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<footer>Impressum · Datenschutz</footer></body></html>"""


# --------------------------------------------------------------------------------------------
# inputs: a local HTTP server (127.0.0.1 only; tests never reach the internet)
# --------------------------------------------------------------------------------------------

class _InputsHandler(BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self.server.last_headers = dict(self.headers)
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>not found</body></html>")
            return
        status, headers, body, delay = route
        if delay:
            import time

            time.sleep(delay)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="session")
def inputs_http_server():
    """A local server: ``server.routes[path] = (status, headers, body, delay_s)``; yields the base URL."""

    class Handler(_InputsHandler):
        routes = {}

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.routes = Handler.routes
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
