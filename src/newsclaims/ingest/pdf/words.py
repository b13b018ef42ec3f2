"""PDFium to geometry: every word with its box, baseline, type size and weight; the page's
rectangles and images.

Words, not PDFium's text rectangles, are the unit: a rectangle covers a whole run of text, and a
producer that draws a line across two columns in one run would hide the gutter. The text comes
from one ``FPDFText_GetText`` call (char index i is text[i]); two calls per word give its
geometry. Those calls go to PDFium without ctypes' argument conversion (``_call``): with it, a
call cost several times what PDFium does, and the word geometry a third of the page's time.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
from dataclasses import dataclass, field

# A word box reaches from a little below the baseline to about the x-height, so that the boxes
# of consecutive lines never touch even in type set solid (leading = type size).
BOX_BELOW = 0.15
BOX_ABOVE = 0.6
MIN_GRAPHIC = 12.0       # a rectangle or image smaller than this (pt) either way is a rule or an ornament
SOFT_HYPHEN = "\ufffe"   # PDFium's text for a line-end hyphen (FPDFText_GetUnicode gives U+0002)
_BOLD_NAMES = (b"bold", b"black", b"heavy", b"semibold", b"demi")
_FORCE_BOLD = 1 << 18    # PDF font descriptor flag ForceBold
# A word ends at white space, and after a line-end hyphen (PDFium joins the two lines there).
_WORD = re.compile(r"[^\s\ufffe]*\ufffe|[^\s\ufffe]+")


@dataclass(slots=True)
class Word:
    x0: float
    x1: float
    y: float          # baseline
    size: float
    bold: bool
    text: str
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self):
        self.top = self.y + BOX_ABOVE * self.size
        self.bottom = self.y - BOX_BELOW * self.size


@dataclass(slots=True)
class Graphic:
    """A drawn rectangle (path) or an image: a box may frame a sidebar, an image carries a caption."""

    x0: float
    y0: float
    x1: float
    y1: float
    image: bool

    def holds(self, w: Word, slack: float = 1.0) -> bool:
        cx = (w.x0 + w.x1) / 2
        return self.x0 - slack <= cx <= self.x1 + slack and self.y0 - slack <= w.y <= self.y1 + slack


@dataclass
class PageContent:
    words: list[Word]
    graphics: list[Graphic] = field(default_factory=list)


def read_page(page) -> PageContent:
    """One pypdfium2 page to its words and graphics (the page is closed afterwards)."""
    textpage = page.get_textpage()
    try:
        tp = ctypes.cast(textpage.raw, ctypes.c_void_p)
        return PageContent(_words(tp, _call("FPDFText_CountChars")(tp)), _graphics(page))
    finally:
        textpage.close()
        page.close()


@functools.cache
def _call(name: str, restype=None):
    """PDFium's function ``name`` without ctypes' argument conversion, which costs several times
    what PDFium itself does in a call made per word: handles go in as c_void_p, C ints as int,
    everything else as a ctypes value or reference. ``restype`` replaces the declared result type
    (c_void_p: a handle as a plain int, to key a dict)."""
    import pypdfium2.raw as raw

    declared = getattr(raw, name)
    bare = type(declared)(ctypes.cast(declared, ctypes.c_void_p).value)
    bare.restype = restype or declared.restype
    return bare


def _page_text(tp, count: int) -> str:
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    n = _call("FPDFText_GetText")(tp, 0, count, buffer)
    text = bytes(memoryview(buffer)[: max(n - 1, 0)]).decode("utf-16-le", errors="replace")
    if len(text) != count:  # chars outside UCS-2 or left out by PDFium: one char at a time
        unicode = _call("FPDFText_GetUnicode")
        text = "".join(chr(unicode(tp, i) or 32) for i in range(count))
    return text


def _words(tp, count: int) -> list[Word]:
    """Words with their geometry (two calls each) and type (two calls per style: the first and
    last word of each line in the content stream; the words between only where those differ)."""
    import pypdfium2.raw as raw

    origin, advance = _call("FPDFText_GetCharOrigin"), _call("FPDFText_GetLooseCharBox")
    ox, oy, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
    p_ox, p_oy, p_box = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(box)
    style = _Style(tp)
    out: list[Word] = []
    offset = 0
    for line in _page_text(tp, count).replace("\x02", SOFT_HYPHEN).split("\n"):  # lines of the stream end in \r\n
        spans = _spans(line)
        if spans:
            first = style(offset + spans[0][0])
            same = first if first == style(offset + spans[-1][0]) else None
            for start, end in spans:
                origin(tp, offset + start, p_ox, p_oy)
                advance(tp, offset + end - 1, p_box)  # the advance, not the ink: half the cost
                size, bold = same or style(offset + start)
                x0, x1 = ox.value, box.right
                out.append(Word(x0, x1 if x1 > x0 else x0, oy.value, size, bold, line[start:end]))
        offset += len(line) + 1
    return out


def _spans(line: str) -> list[tuple[int, int]]:
    """Start and end of each word (``_WORD``) in a line. A line whose only white space is the
    plain space (and the \\r that ends it) is split at the spaces, at half the cost of the pattern:
    every other white space character and the line-end hyphen are unprintable."""
    body = line[:-1] if line.endswith("\r") else line
    if not body.isprintable():
        return [m.span() for m in _WORD.finditer(line)]
    spans, pos = [], 0
    for token in body.split(" "):
        if token:
            spans.append((pos, pos + len(token)))
        pos += len(token) + 1
    return spans


class _Style:
    """Type size (as printed: the font size times the scale of the text and page matrices, for
    producers that set 1 pt type and scale it) and weight of the char at an index. Size, font and
    matrix belong to the char's text object: one call finds it, the three that read them run once
    per object."""

    def __init__(self, tp):
        import pypdfium2.raw as raw

        self.tp, self.size, self.info, self.matrix = (tp, _call("FPDFText_GetFontSize"), _call("FPDFText_GetFontInfo"),
                                                      _call("FPDFText_GetMatrix"))
        self.text_object = _call("FPDFText_GetTextObject", ctypes.c_void_p)
        self.name, self.flags, self.m = ctypes.create_string_buffer(96), ctypes.c_int(), raw.FS_MATRIX()
        self.p_flags, self.p_m, self.length = ctypes.byref(self.flags), ctypes.byref(self.m), ctypes.c_ulong(96)
        self.bold: dict[tuple[bytes, int], bool] = {}
        self.of_object: dict[int, tuple[float, bool]] = {}

    def __call__(self, index: int) -> tuple[float, bool]:
        obj = self.text_object(self.tp, index)
        style = self.of_object.get(obj)
        if style is None:
            style = self._read(index)
            if obj:
                self.of_object[obj] = style
        return style

    def _read(self, index: int) -> tuple[float, bool]:
        size = self.size(self.tp, index)
        if self.matrix(self.tp, index, self.p_m):
            m = self.m
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        self.info(self.tp, index, self.name, self.length, self.p_flags)
        font = (self.name.value, self.flags.value)
        bold = self.bold.get(font)
        if bold is None:
            bold = self.bold[font] = bool(font[1] & _FORCE_BOLD) or any(b in font[0].lower() for b in _BOLD_NAMES)
        return round(size, 1) or 10.0, bold


def _graphics(page) -> list[Graphic]:
    import pypdfium2.raw as raw

    kinds = {raw.FPDF_PAGEOBJ_PATH: False, raw.FPDF_PAGEOBJ_IMAGE: True}
    get, kind_of, bounds = _call("FPDFPage_GetObject"), _call("FPDFPageObj_GetType"), _call("FPDFPageObj_GetBounds")
    box = [ctypes.c_float() for _ in range(4)]
    p_box = [ctypes.byref(v) for v in box]
    handle = ctypes.cast(page.raw, ctypes.c_void_p)
    out = []
    for i in range(_call("FPDFPage_CountObjects")(handle)):
        obj = get(handle, i)
        kind = kinds.get(kind_of(obj))
        if kind is None or not bounds(obj, *p_box):
            continue
        x0, y0, x1, y1 = (v.value for v in box)
        if x1 - x0 >= MIN_GRAPHIC and y1 - y0 >= MIN_GRAPHIC:
            out.append(Graphic(x0, y0, x1, y1, kind))
    return out
