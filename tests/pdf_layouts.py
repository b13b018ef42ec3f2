"""Newspaper-like PDF layouts, built with reportlab from articles written for these tests.

A small layout engine of its own (not platypus) so that every detail the PDF reader must cope
with is under control: gutters down to 6 pt, two or three columns, justified lines (word spacing
set per line), line-end hyphenation with a plain hyphen or a soft hyphen (U+00AD), a headline
and standfirst across the columns, subheadings in bold, a framed sidebar, a shaded quote box,
an image placeholder with a caption, running headers, footers and page numbers, and a content
stream in an order other than the reading order (the drawing operations shuffled).

``LAYOUTS`` is the data the parametrised test runs over; ``build(layout)`` returns the PDF and
what it should read as.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfbase.pdfmetrics import stringWidth

# ---------------------------------------------------------------------------------------------
# Articles (invented, in the style of tabloid and agency reports)
# ---------------------------------------------------------------------------------------------

ARTICLES = {
    "de": {
        "paper": "Abendkurier · Politik",
        "date": "Dienstag, 14. Januar 2025",
        "page_label": "Seite {n}",
        "headline": "Nordkorea verlegt neue Einheiten an die Front: Seoul schlägt Alarm!",
        "standfirst": "Mehr als 3.000 nordkoreanische Soldaten sollen nach Angaben aus Seoul inzwischen "
                      "an der Front stehen. Der Geheimdienst warnt vor weiteren Verlegungen.",
        "blocks": [
            ("p", "Seoul, Südkorea - Die Nachrichten aus dem Osten reißen nicht ab! Nach Angaben des "
                  "südkoreanischen Generalstabs sollen in den vergangenen Wochen mindestens 3.000 "
                  "nordkoreanische Soldaten in die Grenzregion Kursk verlegt worden sein. Die Zahl wurde "
                  "am Dienstag in Seoul bekanntgegeben und sorgt international für Aufsehen."),
            ("p", "Der Nachrichtendienst NIS hatte bereits zuvor im Parlament berichtet, dass rund 200 "
                  "Soldaten bei Gefechten ums Leben gekommen seien. Unabhängig überprüfen lässt sich diese "
                  "Angabe nicht. Die Verteidigungsbereitschaft der Region steht damit erneut auf dem "
                  "Prüfstand, heißt es in Sicherheitskreisen."),
            ("h", "Neue Verlegungen geplant?"),
            ("p", "Die Lage verschärft sich weiter! Pjöngjang bereitet Berichten zufolge die Entsendung "
                  "zusätzlicher Einheiten vor. Schätzungen zufolge könnten bis zum Frühjahr weitere 5.000 "
                  "Soldaten folgen. Militärexperten sprechen von einer gefährlichen Eskalation im "
                  "Ukraine-Krieg."),
            ("p", "Außerdem soll Nordkorea Artilleriegranaten und ballistische Raketen an Russland geliefert "
                  "haben. Nach Schätzungen westlicher Geheimdienste handelt es sich um mehr als eine Million "
                  "Schuss Munition. Die Lieferungen laufen demnach über den Hafen Rason."),
            ("h", "Ein Pakt mit Folgen"),
            ("p", "Im Sommer unterzeichneten Moskau und Pjöngjang einen Beistandspakt, der seit diesem Monat "
                  "in Kraft ist. Beobachter in Washington befürchten, dass Russland im Gegenzug Technologie "
                  "für Satelliten und Raketen liefert. Der Verteidigungsminister in Seoul nannte das Bündnis "
                  "eine ernste Bedrohung."),
            ("p", "Die Regierung in Seoul prüft inzwischen ihre Haltung zu Waffenlieferungen an die Ukraine. "
                  "Präsident Yoon erklärte am Mittwoch, man schließe keine Option aus. Bislang verbietet "
                  "Südkorea den Export von Waffen in laufende Konflikte."),
            ("p", "Wie es weitergeht, ist offen. Diplomaten erwarten in den kommenden Wochen neue Gespräche "
                  "im Sicherheitsrat der Vereinten Nationen. Ein schneller Durchbruch gilt jedoch als "
                  "unwahrscheinlich."),
        ],
        "sidebar": ["Hintergrund", "Seit dem Herbst meldet der südkoreanische Geheimdienst regelmäßig neue "
                    "Zahlen zu den Truppen aus dem Norden. Bestätigungen aus Pjöngjang oder Moskau gibt es "
                    "bislang nicht."],
        "quote": "„Wir beobachten jede Bewegung an der Grenze sehr genau“, sagte ein Sprecher des Generalstabs "
                 "am Dienstag.",
        "caption": "Soldaten bei einer Parade in Pjöngjang im vergangenen Herbst. Foto: Archiv",
    },
    "en": {
        "paper": "The Evening Ledger | World",
        "date": "Sunday 12 October 2025",
        "page_label": "Page {n}",
        "headline": "Floodwaters reach the capital as rivers burst their banks",
        "standfirst": "At least 40 people have died and more than 12,000 have fled their homes after a "
                      "week of heavy rain, officials said on Sunday.",
        "blocks": [
            ("p", "Rescue crews worked through the night on Saturday as the river rose above its banks in "
                  "three districts of the capital. The interior ministry said that at least 40 people had "
                  "been killed since Monday and that about 70 were still missing."),
            ("p", "According to the national weather service, more than 300 millimetres of rain fell in "
                  "five days, the heaviest downpour recorded in the region for half a century. Forecasters "
                  "expect further storms over the coming days."),
            ("h", "Rescue teams stretched thin"),
            ("p", "The government has deployed roughly 2,500 soldiers to help with evacuations, a spokesman "
                  "for the defence ministry said. Volunteers with small boats joined them in the flooded "
                  "suburbs, where many residents had refused to leave their houses."),
            ("p", "Aid agencies warned that drinking water was running short in the shelters, which now "
                  "house more than 12,000 people. The Red Cross said it had distributed emergency supplies "
                  "to nearly 4,000 families, a well-known pattern in a country hit by floods almost every "
                  "autumn."),
            ("h", "Questions over warnings"),
            ("p", "Opposition politicians accused the authorities of reacting too late. Residents told "
                  "reporters that evacuation orders reached some neighbourhoods only after the water had "
                  "entered their homes. The prime minister promised an independent investigation."),
            ("p", "Economists estimate the damage at several hundred million dollars. Insurance companies "
                  "said it was too early to give figures, but warned that many households had no cover "
                  "against floods at all."),
        ],
        "sidebar": ["In numbers", "The last comparable flood struck the region eleven years ago, when "
                    "the river rose by almost four metres within two days and thousands of farms were "
                    "damaged."],
        "quote": "\u201cWe have never seen the water rise this fast,\u201d said a volunteer who has worked on "
                 "the river for thirty years.",
        "caption": "Residents wade through a flooded street in the old town on Saturday. Photo: Agency",
    },
}


# ---------------------------------------------------------------------------------------------
# Layout specs
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    name: str
    lang: str
    page: str = "A5"              # A5 or A4
    columns: int = 2
    gutter: float = 12.0
    justify: bool = True
    hyphen: str = "-"             # line-end hyphen drawn: "-", soft hyphen "\u00ad", or "" (none)
    size: float = 8.5
    indent: bool = False          # paragraphs marked by a first-line indent instead of space
    header: bool = True           # running header (paper, date) and page number
    footer: str = "number"        # "number" ("– 3 –"), "label" ("Seite 3") or ""
    box: str = ""                 # "sidebar" (framed) or "quote" (shaded, larger type)
    figure: bool = False          # image placeholder with a caption, top of the first column
    scramble: bool = False        # drawing operations in random order
    repeat: int = 1               # the body this many times over (for several pages)
    plain_standfirst: bool = False  # standfirst in body type, told only by running across the columns
    engine: str = "own"           # "own" (this module's engine) or "platypus" (reportlab's frames:
                                  # another producer, Times, its own justification and spacing)


LAYOUTS = [
    Layout("de-a5-2col-12pt-justified", "de"),
    Layout("de-a5-2col-6pt-soft-hyphens", "de", gutter=6, hyphen="\u00ad"),
    Layout("de-a4-3col-6pt", "de", page="A4", columns=3, gutter=6, size=9),
    Layout("en-a4-3col-12pt-ragged", "en", page="A4", columns=3, justify=False, size=9),
    Layout("en-a5-2col-6pt-ragged-indent", "en", gutter=6, justify=False, indent=True),
    Layout("de-a5-2col-sidebar", "de", box="sidebar", footer="label"),
    Layout("en-a4-3col-quote-box", "en", page="A4", columns=3, gutter=8, box="quote", size=9),
    Layout("de-a4-2col-caption", "de", page="A4", figure=True, size=10, gutter=10),
    Layout("en-a5-2col-caption-and-sidebar", "en", figure=True, box="sidebar", gutter=9),
    Layout("de-a5-2col-scrambled", "de", scramble=True),
    Layout("en-a4-3col-6pt-scrambled", "en", page="A4", columns=3, gutter=6, scramble=True, size=9),
    Layout("de-a5-2col-multipage", "de", repeat=3, footer="label", gutter=7),
    Layout("en-a5-2col-multipage-scrambled-quote", "en", repeat=3, box="quote", scramble=True, gutter=6),
    Layout("de-a5-1col-header-footer", "de", columns=1, repeat=2, footer="label", size=9),
    Layout("en-a4-2col-plain-standfirst", "en", page="A4", size=10, plain_standfirst=True, hyphen=""),
    Layout("de-a5-2col-6pt-platypus", "de", gutter=6, size=9, repeat=2, engine="platypus"),
    Layout("en-a5-3col-8pt-platypus", "en", columns=3, gutter=8, size=8, repeat=2, engine="platypus"),
]


@dataclass
class Built:
    data: bytes
    pages: int
    blocks: list[str]             # the running text: headline, standfirst, subheadings and paragraphs
    headline: str
    standfirst: str
    subheadings: list[str]
    sidebar: str = ""             # the box's text (sidebar or quote), "" when none
    caption: str = ""
    furniture: list[str] = field(default_factory=list)
    hyphenated: list[str] = field(default_factory=list)  # words split at a line end


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------

REGULAR, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
VOWELS = set("aeiouäöüyAEIOUÄÖÜ")


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _split_points(word: str, lang: str) -> list[int]:
    """Where a word may be hyphenated: after a vowel followed by a consonant, 3+ letters each side;
    never after a prefix that takes a real hyphen ("pro-"), which a reader (and the layout repair,
    as for plain text) would take as a compound."""
    from newsclaims.lang import load

    prefixes = set(load(lang).words("layout", "hyphen_prefixes"))
    return [i for i in range(3, len(word) - 2)
            if word[i - 1] in VOWELS and word[i] not in VOWELS and word[i].isalpha() and word[:i].isalpha()
            and word[:i].lower() not in prefixes]


def wrap(text: str, width: float, font: str, size: float, hyphen: str = "", hyphenated: list | None = None,
         lang: str = "de"):
    """Lines of (words, last) that fit in width; long words split with `hyphen`; a compound with its
    own hyphen may break after it."""
    lines, current = [], []
    for word in text.split():
        trial = " ".join(current + [word])
        if _width(trial, font, size) <= width:
            current.append(word)
            continue
        head = None
        if "-" in word[1:-1]:  # "Ukraine-Krieg": break after the compound's own hyphen
            cut = word.index("-", 1) + 1
            if _width(" ".join(current + [word[:cut]]), font, size) <= width:
                head, word = word[:cut], word[cut:]
        elif hyphen and len(word) >= 8:
            for cut in reversed(_split_points(word, lang)):
                if _width(" ".join(current + [word[:cut] + hyphen]), font, size) <= width:
                    if hyphenated is not None:
                        hyphenated.append(word.strip(".,!?;:"))
                    head, word = word[:cut] + hyphen, word[cut:]
                    break
        if head:
            current.append(head)
        lines.append((current, False))
        current = [word]
    lines.append((current, True))
    return [(ws, last) for ws, last in lines if ws]


class Canvas:
    """Collects drawing operations so that they can be emitted in any order."""

    def __init__(self, pagesize):
        self.pagesize = pagesize
        self.pages: list[list] = [[]]

    def text(self, x, y, words, font, size, width=None, justify=False):
        line = " ".join(words)
        spacing = 0.0
        if justify and width and len(words) > 1:
            spacing = (width - _width(line, font, size)) / (len(words) - 1)

        def op(c):
            t = c.beginText(x, y)
            t.setFont(font, size)
            t.setWordSpace(spacing)
            t.textOut(line)
            c.drawText(t)
        self.pages[-1].append(op)

    def rect(self, x, y, w, h, fill=None, stroke=True):
        def op(c):
            if fill is not None:
                c.setFillGray(fill)
            c.rect(x, y, w, h, stroke=1 if stroke else 0, fill=1 if fill is not None else 0)
            c.setFillGray(0)
        self.pages[-1].append(op)

    def new_page(self):
        self.pages.append([])

    def render(self, seed: str | None) -> bytes:
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=self.pagesize)
        for ops in self.pages:
            ops = list(ops)
            if seed is not None:
                random.Random(seed).shuffle(ops)
            for op in ops:
                op(c)
            c.showPage()
        c.save()
        return buf.getvalue()


def build(layout: Layout) -> Built:
    if layout.engine == "platypus":
        return build_platypus(layout)
    return _Engine(layout).build()


class _Engine:
    """One article on newspaper pages: headline and standfirst across the top of page one, the
    body flowed column by column, page by page, around a box and a figure on page one."""

    def __init__(self, layout: Layout):
        self.layout, self.article = layout, ARTICLES[layout.lang]
        self.width, self.height = A4 if layout.page == "A4" else A5
        self.margin = 40 if layout.page == "A4" else 28
        self.size, self.lead = layout.size, layout.size * 1.25
        self.col_w = (self.width - 2 * self.margin - (layout.columns - 1) * layout.gutter) / layout.columns
        self.cv = Canvas((self.width, self.height))
        self.blocks = self.article["blocks"] * layout.repeat
        self.built = Built(b"", 1, [self.article["headline"], self.article["standfirst"],
                                    *(text for _, text in self.blocks)],
                           self.article["headline"], self.article["standfirst"],
                           [text for kind, text in self.blocks if kind == "h"])
        self.obstacles: dict[int, tuple[float, float]] = {}  # column on page one -> (top, bottom)

    def build(self) -> Built:
        self.decorate(1)
        top = self.top_of_page_one()
        start = self.figure(top) if self.layout.figure else top
        if self.layout.box:
            self.box(top - 8 * self.lead)
        self.built.pages = self.flow(self.items(), top, start)
        self.built.data = self.cv.render(self.layout.name if self.layout.scramble else None)
        return self.built

    def x(self, col: int) -> float:
        return self.margin + col * (self.col_w + self.layout.gutter)

    def decorate(self, n: int) -> None:
        a, cv, furniture = self.article, self.cv, self.built.furniture
        if self.layout.header:
            cv.text(self.margin, self.height - 18, a["paper"].split(), REGULAR, 6.5)
            cv.text(self.width - self.margin - _width(a["date"], REGULAR, 6.5), self.height - 18,
                    a["date"].split(), REGULAR, 6.5)
            furniture.extend([a["paper"], a["date"]])
        if self.layout.footer:
            label = a["page_label"].format(n=n) if self.layout.footer == "label" else f"– {n} –"
            cv.text((self.width - _width(label, REGULAR, 7)) / 2, 16, label.split(), REGULAR, 7)
            furniture.append(label)

    def top_of_page_one(self) -> float:
        """Headline and standfirst across all columns; the y where the columns begin."""
        full = self.width - 2 * self.margin
        y = self.height - self.margin - 6
        head_size = 20 if self.layout.page == "A4" else 15
        for words, _ in wrap(self.article["headline"], full, BOLD, head_size):
            y -= head_size * 1.15
            self.cv.text(self.margin, y, words, BOLD, head_size)
        y -= 6
        font, stand_size = (REGULAR, self.size) if self.layout.plain_standfirst else (BOLD, self.size + 1.5)
        for words, last in wrap(self.article["standfirst"], full, font, stand_size):
            y -= stand_size * 1.3
            self.cv.text(self.margin, y, words, font, stand_size, full, self.layout.justify and not last)
        return y - self.lead * 1.2

    def items(self) -> list:
        """What the columns hold: ("gap", height) or (kind, (words, last line of its paragraph))."""
        items: list = []
        indent = self.size if self.layout.indent else 0
        for i, (kind, text) in enumerate(self.blocks):
            if kind == "h":
                items.append(("gap", self.lead * 0.6))
                items.extend(("h", (ws, True)) for ws, _ in wrap(text, self.col_w, BOLD, self.size + 0.5))
                continue
            if i and not self.layout.indent and self.blocks[i - 1][0] == "p":
                items.append(("gap", self.lead * 0.5))
            lines = wrap(text, self.col_w - indent, REGULAR, self.size, self.layout.hyphen, self.built.hyphenated,
                         self.layout.lang)
            items.extend(("p" if j else "p1", line) for j, line in enumerate(lines))
        return items

    def box(self, box_top: float) -> None:
        """A framed sidebar (title and text) or a shaded quote in larger italic, in the last column."""
        a, inner = self.article, self.col_w - 12
        if self.layout.box == "sidebar":
            font, size = REGULAR, self.size - 1
            lines = [([a["sidebar"][0]], True, BOLD)] + [(ws, last, font) for ws, last in wrap(a["sidebar"][1], inner, font, size)]
            self.built.sidebar = " ".join(a["sidebar"])
        else:
            font, size = ITALIC, self.size * 1.5
            lines = [(ws, last, font) for ws, last in wrap(a["quote"], inner, font, size)]
            self.built.sidebar = a["quote"]
        height = len(lines) * size * 1.3 + 14
        col = self.layout.columns - 1
        self.obstacles[col] = (box_top, box_top - height)
        quote = self.layout.box == "quote"
        self.cv.rect(self.x(col), box_top - height, self.col_w, height, fill=0.9 if quote else None, stroke=not quote)
        y = box_top - 6
        for ws, last, line_font in lines:
            y -= size * 1.3
            self.cv.text(self.x(col) + 6, y, ws, line_font, size, inner, self.layout.justify and not last and line_font != BOLD)

    def figure(self, top: float) -> float:
        """An image placeholder at the top of the first column with its caption; where the text goes on."""
        fig_h, cap_size = 70, self.size - 1.5
        self.cv.rect(self.margin, top - fig_h, self.col_w, fig_h, fill=0.6, stroke=False)
        y = top - fig_h - 2
        for ws, _ in wrap(self.article["caption"], self.col_w, REGULAR, cap_size):
            y -= cap_size * 1.25
            self.cv.text(self.margin, y, ws, REGULAR, cap_size)
        self.built.caption = self.article["caption"]
        return y - self.lead

    def flow(self, items: list, top: float, start: float) -> int:
        """The items into the columns, page after page; the number of pages."""
        page, col, y = 1, 0, start
        size, lead = self.size, self.lead
        for kind, item in items:
            if kind == "gap":
                y -= item
                continue
            if page == 1 and col in self.obstacles:
                box_top, box_bottom = self.obstacles[col]
                if y - lead - 0.3 * size < box_top + 4 and y - lead + size > box_bottom - 4:
                    y = box_bottom - 6  # the line would touch the box: go on below it
            if y - lead < self.margin + 4:
                col += 1
                if col == self.layout.columns:
                    self.cv.new_page()
                    page, col = page + 1, 0
                    self.decorate(page)
                y = top if page == 1 else self.height - self.margin - 6
            (ws, last), y = item, y - lead
            if kind == "h":
                self.cv.text(self.x(col), y, ws, BOLD, size + 0.5)
            else:
                indent = size if self.layout.indent and kind == "p1" else 0
                self.cv.text(self.x(col) + indent, y, ws, REGULAR, size, self.col_w - indent, self.layout.justify and not last)
        return page


def build_platypus(layout: Layout) -> Built:
    """The same article through reportlab's platypus: a full-width frame for headline and
    standfirst on page one, then column frames; page number and header drawn on every page."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

    article = ARTICLES[layout.lang]
    width, height = A4 if layout.page == "A4" else A5
    margin, head_h = 30, 110
    col_w = (width - 2 * margin - (layout.columns - 1) * layout.gutter) / layout.columns
    furniture: list[str] = []

    def decorate(c, doc):
        c.setFont("Helvetica", 7)
        c.drawString(margin, height - 20, article["paper"])
        c.drawRightString(width - margin, height - 20, article["date"])
        c.drawCentredString(width / 2, 14, str(doc.page))
        furniture.extend([article["paper"], article["date"]])

    def columns(top):
        return [Frame(margin + i * (col_w + layout.gutter), margin, col_w, top - margin, id=f"c{i}",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0) for i in range(layout.columns)]

    first = [Frame(margin, height - margin - head_h, width - 2 * margin, head_h, id="head", leftPadding=0,
                   rightPadding=0), *columns(height - margin - head_h)]
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(width, height))
    doc.addPageTemplates([PageTemplate("first", frames=first, onPage=decorate),
                          PageTemplate("later", frames=columns(height - margin), onPage=decorate)])
    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=layout.size, leading=layout.size * 1.22,
                          alignment=TA_JUSTIFY if layout.justify else 0, spaceAfter=layout.size * 0.4)
    heading = ParagraphStyle("sub", fontName="Times-Bold", fontSize=layout.size + 1, leading=layout.size * 1.35,
                             spaceBefore=layout.size * 0.5)
    story = [Paragraph(article["headline"], ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=16, leading=19)),
             Paragraph(article["standfirst"], ParagraphStyle("s", fontName="Helvetica-Bold", fontSize=layout.size + 1.5,
                                                             leading=(layout.size + 1.5) * 1.25, spaceBefore=6)),
             NextPageTemplate("later"), FrameBreak()]
    blocks = article["blocks"] * layout.repeat
    story += [Paragraph(text, heading if kind == "h" else body) for kind, text in blocks]
    doc.build(story)
    built = Built(buf.getvalue(), doc.page, [article["headline"], article["standfirst"], *(t for _, t in blocks)],
                  article["headline"], article["standfirst"], [t for k, t in blocks if k == "h"])
    built.furniture = sorted(set(furniture))
    return built
