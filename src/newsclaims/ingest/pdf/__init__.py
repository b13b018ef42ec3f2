"""PDF in, Document out: the page rebuilt from its geometry, as a newspaper prints it.

pypdfium2 (PDFium) gives every word with its box, type size and weight, and the page's
rectangles and images (``words``). Per page:

1. framed boxes (sidebars, quote boxes) and captions under images are taken out as their own
   regions (``regions``);
2. running headers, footers and page numbers go (``furniture``);
3. the reading order comes from the geometry alone, never from the content stream: gutters as
   white vertical strips down a band of slabs, a headline or standfirst across the columns as
   the slabs that no gutter passes (``columns``);
4. each column chunk becomes lines and pieces: paragraphs, headings (``lines``);
5. pieces get kinds from their type, the running text is repaired by the same layout repair as
   plain text (column and page breaks inside sentences, line-end and soft hyphens), and boxes
   and captions follow the running text of their page as blocks of their own (``blocks``).

pdfminer.six's layout analysis reads two simple columns the same way but measured about 4x
slower (docs/inputs.md), and its order for spanning headlines, boxes and captions is its own.
"""

from __future__ import annotations

import re
from operator import attrgetter

from ... import settings
from ...errors import E102, E103, E106, E107, E108, NewsclaimsError
from ...report import Page, SourceInfo
from ..document import Document
from ..text import LayoutRepair, assemble
from .blocks import HEADINGS, OutBlock, classify, flows, merge_headings, place_extras, repair, text_kinds
from .columns import reading_order
from .furniture import remove_furniture
from .lines import Piece, to_lines, to_pieces
from .regions import split_regions
from .words import Graphic, PageContent, Word, read_page

__all__ = ["Graphic", "PageContent", "Word", "build_document", "from_pdf"]

MIN_TEXT_CHARS = 20        # fewer letters and digits than this in the whole file: no text layer
MIN_ALNUM_SHARE = 0.5      # fewer letters and digits among the visible characters: garbage text layer
_ALNUM = re.compile(r"[^\W_]")  # exactly str.isalnum
_NOT_ALNUM = re.compile(r"[\W_]")
NO_TEXT = "PDF has no text layer (a scanned image?); OCR is out of scope: run it through an OCR tool first"


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
        pages = [read_page(pdf[i]) for i in range(len(pdf))]
        meta_title = (pdf.get_metadata_dict().get("Title") or "").strip()
    except pdfium.PdfiumError as exc:
        raise NewsclaimsError(E106, f"PDF is corrupt: {exc}") from None
    finally:
        pdf.close()
    visible = "".join("".join(map(attrgetter("text"), page.words)) for page in pages)
    letters = len(visible) - len(_NOT_ALNUM.findall(visible))  # the few others found: faster than testing all
    if letters < MIN_TEXT_CHARS:
        raise NewsclaimsError(E108, NO_TEXT)
    if letters < MIN_ALNUM_SHARE * len(visible):
        raise NewsclaimsError(E108, "PDF text layer is unreadable (fonts without a Unicode mapping); OCR is out of scope")
    document = build_document(pages, source, lang=lang, meta_title=meta_title)
    scanned = [str(i + 1) for i, p in enumerate(pages) if not p.words and any(g.image for g in p.graphics)]
    if scanned:
        document.warnings.append(f"page(s) {', '.join(scanned)} without a text layer, only an image (scanned?), "
                                 "left out: OCR is out of scope")
    return document


def build_document(pages: list[PageContent], source: SourceInfo, *, lang: str | None = None,
                   meta_title: str = "") -> Document:
    """Words and graphics per page to a Document (separate from PDFium, so it can be tested alone)."""
    from .. import langid

    body_size = _body_size(pages)
    running, extras = _pieces(pages, body_size)
    raw = "\n\n".join(p.text for p in running) or "\n\n".join(p.text for _, _, ps in extras for p in ps)
    if not raw.strip():
        raise NewsclaimsError(E108, NO_TEXT)
    lang = lang or langid.detect(raw)
    repairer = LayoutRepair.for_language(lang)
    found = classify(running, body_size)
    quotes = [p for p in running if p.kind == "sidebar"]
    running = merge_headings([p for p in running if p.kind != "sidebar"])
    extras += [(p.page, "sidebar", [p]) for p in quotes]
    blocks: list[OutBlock] = []
    for flow in flows(running):
        kind = flow[0].kind if flow[0].kind in HEADINGS else "paragraph"
        blocks.extend(repair(flow, repairer, kind))
    text_kinds(blocks, found)
    boxed = [(page, repair(pieces, repairer, kind)) for page, kind, pieces in sorted(extras, key=lambda e: e[0]) if pieces]
    blocks = place_extras(blocks, boxed)
    headline = next((b.text for b in blocks if b.kind == "headline"), None)
    title = " ".join(meta_title.split()) if meta_title and _squash(meta_title) in _squash(raw) else headline
    document = assemble([(b.kind, b.text) for b in blocks], source, lang=lang, title=title)
    for out, block in zip(blocks, document.blocks):
        block.page = out.pages[0] if out.pages else None
    document.pages = page_map(document.text, document.blocks, [b.pages for b in blocks], len(pages))
    return document


def _pieces(pages: list[PageContent], body_size: float) -> tuple[list[Piece], list[tuple[int, str, list[Piece]]]]:
    """The running text's pieces in reading order, and each page's boxes and captions as
    (page, kind, pieces)."""
    split = [split_regions(page, body_size) for page in pages]
    running_words = remove_furniture([words for words, _ in split], body_size)
    running: list[Piece] = []
    extras: list[tuple[int, str, list[Piece]]] = []
    chunk = 0  # every column chunk gets its own number: a break between two is a column break
    for number, (words, (_, regions)) in enumerate(zip(running_words, split), start=1):
        for chunk_words in reading_order(words):
            running.extend(to_pieces(to_lines(chunk_words), number, chunk))
            chunk += 1
        for region in regions:
            pieces = []
            for chunk_words in reading_order(region.words):
                pieces.extend(to_pieces(to_lines(chunk_words), number, chunk))
                chunk += 1
            extras.append((number, region.kind, pieces))
    return running, extras


def _body_size(pages: list[PageContent]) -> float:
    """The type size of most letters."""
    letters: dict[float, int] = {}
    for page in pages:
        for w in page.words:
            letters[w.size] = letters.get(w.size, 0) + len(w.text)
    return max(letters, key=letters.__getitem__) if letters else 10.0


def _squash(text: str) -> str:
    return " ".join(text.replace("\ufffe", "").replace("-\n", "").split()).casefold()


def page_map(text: str, blocks, pages_of: list[list[int]], count: int) -> list[Page]:
    """Each page's span in the cleaned text, from its first to its last letter or digit (the n-th
    letter or digit of a block came from page pages_of[block][n], or all from its one page); spans
    never overlap."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for block, pages in zip(blocks, pages_of):
        if not pages:
            continue
        if pages[0] == pages[-1]:  # the usual case: no need to look at every letter
            head = _ALNUM.search(block.text)
            if head is None:
                continue  # a line of stars or dashes between paragraphs: no letter to place
            spots = [head.start(), len(block.text) - 1 - _ALNUM.search(block.text[::-1]).start()]
            pages = pages[:1] * 2
        else:
            spots = [m.start() for m in _ALNUM.finditer(block.text)]
        for pos, page in zip(spots, pages):
            first.setdefault(page, block.start + pos)
            last[page] = block.start + pos + 1
    spans: list[Page] = []
    for number in range(count, 0, -1):  # backwards: an empty page starts where the next begins
        following = spans[0].start if spans else len(text)
        start = min(first.get(number, following), following)
        end = last.get(number, start)
        while end < len(text) and not text[end].isspace() and not text[end].isalnum():
            end += 1  # the closing punctuation of the page's last word
        end = max(start, min(end, following))
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.insert(0, Page(number=number, start=start, end=end))
    return spans
