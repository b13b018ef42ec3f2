"""PDF in, Document out: text in reading order, running headers and page numbers gone.

pypdfium2 (PDFium) reads the text layer. PDFium's page text follows the order in which text was
drawn, which is not the reading order of a multi-column page, so the page is rebuilt from PDFium's
text segments (one rectangle per run of text on a line, with its font size):

1. running headers and footers (lines at the top or bottom edge whose text, digits aside, recurs
   on most pages) and bare page numbers ("3", "- 3 -", "3/5") are dropped;
2. columns are found as vertical gutters that no narrow segment crosses; a segment that crosses
   a gutter (a headline over both columns) ends a band, and within a band each column is read
   top to bottom, left column first;
3. lines become raw text: a larger vertical gap, a first-line indent or a change of type size
   starts a paragraph, and a column or page break shows as two blank lines;
4. the raw text goes through the same layout repair as plain text (``text.LayoutRepair``), which
   joins sentences cut by a page or column break and undoes line-end hyphenation (PDFium marks
   soft hyphens with U+FFFE).

``Document.pages`` maps each page onto the cleaned text. pdfminer.six (``LAParams(char_margin=1.0)``)
gives the same reading order on the test layouts but measured about 4x slower (28 against
90-130 pages/s on sparse A5 pages; docs/inputs.md), so it is not used.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from .. import settings
from ..errors import E102, E103, E106, E107, E108, NewsclaimsError
from ..report import Page, SourceInfo
from .document import Document
from .text import TERMINAL, LayoutRepair, _normalise_lines, assemble

# Heuristics (named so that they can be found and tuned).
EDGE_LEVELS = 2            # lines this close to the top/bottom edge of a page may be headers/footers
REPEAT_SHARE = 0.5         # a header/footer recurs on at least this share of pages (and on 2+)
NARROW_SHARE = 0.6         # a segment narrower than this share of the text width may sit in a column
MIN_COLUMN_SEGMENTS = 3    # each side of a gutter holds at least this many segments
MIN_GUTTER_EM = 0.8        # a gutter is at least this many body-type ems wide
PARAGRAPH_GAP = 1.4        # a line gap this many times the usual line pitch starts a paragraph
INDENT_EM = 0.8            # a first-line indent of at least this many ems starts a paragraph
SIZE_CHANGE = 1.12         # type this much larger or smaller than the line before starts a block
TITLE_SIZE = 1.15          # the title's type is at least this much larger than the body type
MIN_TEXT_CHARS = 20        # fewer letters and digits than this in the whole file: no text layer
MIN_ALNUM_SHARE = 0.5      # fewer letters and digits among the visible characters: garbage text layer
WORD_GAP_EM = 0.12         # segments on a line closer than this (in ems) are parts of one word
WORD_SPACE_EM = 0.3        # width of a word space in ems, for "would the next word have fit?"
PAGE_BREAK = "\n\n\n"      # two blank lines: LayoutRepair reads them as a page or column break

_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_BARE_NUMBER = re.compile(rf"^[\W_]*(?:\d+|{_ROMAN})(?:[\W_]+\d+)?[\W_]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


@dataclass
class Segment:
    x0: float
    x1: float
    bottom: float
    top: float
    text: str
    size: float
    space_before: bool = False  # PDFium's text for it began or ended with a space
    space_after: bool = False

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


def from_pdf(data: bytes, source: SourceInfo | None = None, *, lang: str | None = None) -> Document:
    """Bytes of a PDF to a Document (E106 corrupt or truncated, E107 encrypted, E108 no text)."""
    import pypdfium2 as pdfium

    source = source or SourceInfo(kind="pdf")
    limit = settings.get("max_input_bytes")
    if len(data) > limit:
        raise NewsclaimsError(E103, f"input is {len(data):,} bytes, over the limit of {limit:,} (set NEWSCLAIMS_MAX_INPUT_BYTES)")
    if not data.strip():
        raise NewsclaimsError(E102, "input is empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise NewsclaimsError(E106, "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-4096:]:
        # PDFium reconstructs truncated files silently; text from half a file is worse than none.
        raise NewsclaimsError(E106, "PDF is truncated or corrupt (no end-of-file marker)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise NewsclaimsError(E107, "PDF is encrypted (password protected): decrypt it first") from None
        raise NewsclaimsError(E106, "PDF cannot be opened (truncated or corrupt)") from None
    try:
        pages = [_segments(pdf[i]) for i in range(len(pdf))]
        meta_title = (pdf.get_metadata_dict().get("Title") or "").strip()
    except pdfium.PdfiumError as exc:
        raise NewsclaimsError(E106, f"PDF is corrupt: {exc}") from None
    finally:
        pdf.close()
    chars = [ch for page in pages for s in page for ch in s.text if not ch.isspace()]
    letters = sum(ch.isalnum() for ch in chars)
    if letters < MIN_TEXT_CHARS:
        raise NewsclaimsError(E108, "PDF has no text layer (a scan?): it needs OCR first")
    if letters < MIN_ALNUM_SHARE * len(chars):
        raise NewsclaimsError(E108, "PDF text layer is unreadable (fonts without a Unicode mapping): it needs OCR first")
    return build_document(pages, source, lang=lang, meta_title=meta_title)


def build_document(pages: list[list[Segment]], source: SourceInfo, *, lang: str | None = None,
                   meta_title: str = "") -> Document:
    """Segments per page to a Document (separate from PDFium, so it can be tested on its own)."""
    from . import langid

    pages = remove_running_lines(pages)
    body_size = _body_size(pages)
    page_texts = join_runs([page_runs(page, body_size) for page in pages])
    raw = "".join(page_texts)
    if not raw.strip():
        raise NewsclaimsError(E108, "PDF has no text layer (a scan?): it needs OCR first")
    lang = lang or langid.detect(raw)
    repair = LayoutRepair.for_language(lang)
    title = _title(pages[0] if pages else [], body_size, meta_title)
    parts = repair(raw)
    if title and parts and parts[0][1] == title:
        parts[0] = ("headline", title)  # the largest type opens the text: it is the headline
    document = assemble(parts, source, lang=lang, title=title)
    document.pages = page_map(page_texts, document.text)
    for block in document.blocks:
        block.page = next((i + 1 for i, p in enumerate(document.pages) if p.start <= block.start < max(p.end, p.start + 1)), None)
    return document


# ----------------------------------------------------------------------------------------------
# PDFium: text segments with their boxes and type size
# ----------------------------------------------------------------------------------------------

def _segments(page) -> list[Segment]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        out = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = text.replace("\r", " ").replace("\n", " ").replace("\x02", "\ufffe")
            stripped = text.strip()
            if not stripped:
                continue
            index = raw.FPDFText_GetCharIndexAtPos(textpage.raw, left + 0.5, (top + bottom) / 2, 2.0, (top - bottom) / 2 + 1)
            size = raw.FPDFText_GetFontSize(textpage.raw, index) if index >= 0 else 0.0
            out.append(Segment(left, right, bottom, top, stripped, round(size or (top - bottom), 1),
                               text[:1].isspace(), text[-1:].isspace()))
        return out
    finally:
        textpage.close()
        page.close()


# ----------------------------------------------------------------------------------------------
# Running headers, footers and page numbers
# ----------------------------------------------------------------------------------------------

def _edge_segments(page: list[Segment]) -> list[Segment]:
    """Segments on the top or bottom EDGE_LEVELS lines of a page."""
    levels = sorted({round(s.mid_y) for s in page})
    edge = set(levels[:EDGE_LEVELS]) | set(levels[-EDGE_LEVELS:])
    return [s for s in page if round(s.mid_y) in edge]


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def remove_running_lines(pages: list[list[Segment]]) -> list[list[Segment]]:
    """Drops bare page numbers and edge lines repeated on most pages."""
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_key(s.text) for s in _edge_segments(page)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= 2 and n >= REPEAT_SHARE * len(pages)}
    out = []
    for page in pages:
        edge = {id(s) for s in _edge_segments(page)}
        out.append([s for s in page if id(s) not in edge
                    or not (_key(s.text) in repeated or _BARE_NUMBER.match(s.text.strip()))])
    return out


# ----------------------------------------------------------------------------------------------
# Reading order: columns, bands, lines, paragraphs
# ----------------------------------------------------------------------------------------------

def _body_size(pages: list[list[Segment]]) -> float:
    sizes = [s.size for page in pages for s in page for _ in range(len(s.text))]
    return statistics.median(sizes) if sizes else 10.0


def find_gutters(page: list[Segment], body_size: float) -> list[float]:
    """x positions of column gutters: uncovered stretches between enough narrow segments."""
    if not page:
        return []
    left, right = min(s.x0 for s in page), max(s.x1 for s in page)
    width = right - left
    narrow = [s for s in page if s.x1 - s.x0 < NARROW_SHARE * width]
    if len(narrow) < 2 * MIN_COLUMN_SEGMENTS:
        return []
    gutters = []
    covered = sorted((s.x0, s.x1) for s in narrow)
    reach = covered[0][1]
    for x0, x1 in covered[1:]:
        if x0 - reach >= MIN_GUTTER_EM * body_size:
            x = (x0 + reach) / 2
            n_left = sum(1 for s in narrow if s.x1 <= x)
            n_right = sum(1 for s in narrow if s.x0 >= x)
            if n_left >= MIN_COLUMN_SEGMENTS and n_right >= MIN_COLUMN_SEGMENTS:
                gutters.append(x)
        reach = max(reach, x1)
    return gutters


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into lines (top to bottom), each line left to right."""
    lines: list[list[Segment]] = []
    for s in sorted(segments, key=lambda s: (-s.mid_y, s.x0)):
        if lines:
            ref = lines[-1][0]
            if abs(ref.mid_y - s.mid_y) <= 0.5 * max(min(ref.top - ref.bottom, s.top - s.bottom), 1.0):
                lines[-1].append(s)
                continue
        lines.append([s])
    return [sorted(line, key=lambda s: s.x0) for line in lines]


def reading_order(page: list[Segment], body_size: float) -> list[list[list[Segment]]]:
    """The page as a list of column runs (in reading order), each a list of lines."""
    gutters = find_gutters(page, body_size)
    if not gutters:
        return [_lines(page)]
    bounds = [float("-inf"), *gutters, float("inf")]

    def column(s: Segment) -> int | None:
        for i in range(len(bounds) - 1):
            if bounds[i] <= s.x0 and s.x1 <= bounds[i + 1]:
                return i
        return None  # crosses a gutter

    runs: list[list[list[Segment]]] = []
    band: list[Segment] = []

    def flush():
        for i in range(len(bounds) - 1):
            col = [s for s in band if column(s) == i]
            if col:
                runs.append(_lines(col))
        band.clear()

    for s in sorted(page, key=lambda s: -s.mid_y):
        if column(s) is None:
            flush()
            runs.append(_lines([s]))
        else:
            band.append(s)
    flush()
    return runs


def _line_text(line: list[Segment]) -> str:
    """Segments of one line joined, with a space only where there is a gap between them."""
    out = line[0].text
    for prev, seg in zip(line, line[1:]):
        touching = seg.x0 - prev.x1 < WORD_GAP_EM * max(seg.size, 1.0)
        out += seg.text if touching and not (prev.space_after or seg.space_before) else " " + seg.text
    return out


@dataclass
class Run:
    """One column's lines within a band, as raw text, with what a break after it needs to know."""

    text: str
    open_end: bool        # its last line ends without sentence punctuation
    room: float           # width left free at the end of its last line
    first_word: float     # width of the first word of its first line
    first_size: float
    last_size: float


def page_runs(page: list[Segment], body_size: float) -> list[Run]:
    """One page as raw text runs: paragraphs split by blank lines."""
    runs = []
    for lines in reading_order(page, body_size):
        if not lines:
            continue
        pitches = [a[0].mid_y - b[0].mid_y for a, b in zip(lines, lines[1:]) if a[0].mid_y > b[0].mid_y]
        pitch = statistics.median(pitches) if pitches else 0.0
        left = min(line[0].x0 for line in lines)
        right = max(line[-1].x1 for line in lines)
        out = []
        prev = None
        for line in lines:
            text = _line_text(line)
            size = max(s.size for s in line)
            if prev is not None:
                gap = prev[0][0].mid_y - line[0].mid_y
                prev_size = prev[1]
                new_para = (pitch and gap > PARAGRAPH_GAP * pitch) \
                    or (line[0].x0 - left >= INDENT_EM * size and prev[0][0].x0 - left < INDENT_EM * size) \
                    or max(size, prev_size) > SIZE_CHANGE * min(size, prev_size)
                out.append("\n\n" if new_para else "\n")
            out.append(text)
            prev = (line, size)
        last, first = lines[-1], lines[0][0]
        room = (right - left) - (last[-1].x1 - last[0].x0) if len(lines) > 1 else float("inf")
        word = first.text.split()[0] if first.text.split() else ""
        first_word = (first.x1 - first.x0) * len(word) / max(len(first.text), 1)
        runs.append(Run("".join(out), last[-1].text.rstrip()[-1:] not in TERMINAL, room, first_word,
                        max(s.size for s in lines[0]), max(s.size for s in last)))
    return runs


def join_runs(pages: list[list[Run]]) -> list[str]:
    """Raw text per page. A column or page break is a line wrap (one newline) when the run before
    ends inside a sentence and the next run's first word would not have fit on its last line;
    any other break is two blank lines, left to LayoutRepair."""
    flat = [(p, run) for p, runs in enumerate(pages) for run in runs]
    texts = [[] for _ in pages]
    for i, (p, run) in enumerate(flat):
        if i:
            prev = flat[i - 1][1]
            wrap = prev.open_end and prev.room < run.first_word + WORD_SPACE_EM * run.first_size \
                and max(prev.last_size, run.first_size) <= SIZE_CHANGE * min(prev.last_size, run.first_size)
            texts[p].append("\n" if wrap else PAGE_BREAK)
        texts[p].append(run.text)
    return ["".join(t) for t in texts]


# ----------------------------------------------------------------------------------------------
# Title and page map
# ----------------------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\ufffe", "").split()).casefold()


def _title(first_page: list[Segment], body_size: float, meta_title: str) -> str | None:
    """The metadata title when page one shows it, else the largest type on page one."""
    page_text = _squash(" ".join(s.text for s in first_page))
    if meta_title and _squash(meta_title) in page_text:
        return " ".join(meta_title.split())
    if not first_page:
        return None
    biggest = max(s.size for s in first_page)
    if biggest < TITLE_SIZE * body_size:
        return None
    parts = [s for run in reading_order(first_page, body_size) for line in run for s in line
             if s.size >= biggest - 0.5]
    title = " ".join(" ".join(s.text for s in parts).split()).replace("\ufffe", "")
    return title or None


def _alnum_count(raw: str) -> int:
    return sum(ch.isalnum() for line in _normalise_lines(raw) for ch in line)


def page_map(page_texts: list[str], text: str) -> list[Page]:
    """Each page's span in the cleaned text, found by counting letters and digits.

    Layout repair only removes or adds whitespace and hyphens, so the n-th letter or digit of
    the raw text is the n-th of the cleaned text.
    """
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    spans, seen = [], 0
    for raw in page_texts:
        n = _alnum_count(raw)
        if n == 0 or seen >= len(positions):
            pos = positions[seen] if seen < len(positions) else len(text)
            spans.append(Page(number=len(spans) + 1, start=pos, end=pos))
            continue
        start = positions[seen]
        end = positions[min(seen + n, len(positions)) - 1] + 1
        # extend to the closing punctuation of the page's last word
        while end < len(text) and not text[end].isspace() and not text[end].isalnum():
            end += 1
        spans.append(Page(number=len(spans) + 1, start=start, end=end))
        seen += n
    return spans
