"""Plain text in, Document out: decoding checks and layout repair.

Text pulled out of PDFs (the seed is such a text) breaks in three ways, repaired here:

* a page break shows as blank lines in mid-sentence ("Spitze des" ... "Eisbergs!"): blocks
  are joined when the first one cannot end there;
* line-end hyphens: "Verteidi-\\ngungspakt" is one word, "Ukraine-\\nKrieg" keeps its hyphen;
* hard line wraps and stray whitespace: lines of one block become one line.

Then each block gets a kind (headline, standfirst, subheading, paragraph) from its shape.
"""

from __future__ import annotations

import codecs
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .. import settings
from ..errors import E102, E103, E104, NewsclaimsError
from ..report import Block, SourceInfo
from .document import Document

# Characters after which a block may end: sentence punctuation and closing quotes/brackets.
TERMINAL = set(".!?:;…\"'“”»«)]")
# Invisible or layout-only characters that never belong in the normalised text.
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_DROP_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_OTHER_SPACES = r"\t\u00a0\u2000-\u200a\u202f\u205f\u3000"  # spaces other than the plain one
_SPACES = re.compile(rf"[ {_OTHER_SPACES}]+")
_OTHER_SPACE = re.compile(rf"[{_OTHER_SPACES}]")
_WORD = re.compile(r"\w+", re.UNICODE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Control characters other than line breaks and tabs, and private-use/surrogate code points.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff]")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-16 with a byte order mark, UTF-8, else cp1252 with a warning; binary junk is an error."""
    limit = settings.get("max_input_bytes")
    if len(data) > limit:
        raise NewsclaimsError(E103, f"input is {len(data):,} bytes, over the limit of {limit:,} (set NEWSCLAIMS_MAX_INPUT_BYTES)")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # UTF-16 is full of NUL bytes: not binary
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise NewsclaimsError(E104, "input has a UTF-16 byte order mark but is not UTF-16 text") from None
        check_text(text)
        return text, []
    if b"\x00" in data[:65536]:
        raise NewsclaimsError(E104, "input is binary data, not text")
    try:
        text = data.decode("utf-8-sig")
        warnings = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings = ["input is not UTF-8: decoded as cp1252"]
    check_text(text)
    return text, warnings


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (possible in a Python str, never in UTF-8) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def check_text(text: str) -> None:
    if len(text.encode("utf-8", errors="ignore")) > settings.get("max_input_bytes"):
        raise NewsclaimsError(E103, f"input is over the limit of {settings.get('max_input_bytes'):,} bytes (set NEWSCLAIMS_MAX_INPUT_BYTES)")
    if not text.strip():
        raise NewsclaimsError(E102, "input is empty")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls / len(sample) > settings.get("binary_control_ratio") or "\ufffd" * 8 in sample:
        raise NewsclaimsError(E104, "input looks like binary data, not text")
    if not _WORD.search(text):
        raise NewsclaimsError(E102, "input contains no words")


@dataclass
class _RawBlock:
    lines: list[str]
    gap_before: int  # blank lines before it; several mean a page break


def _normalise_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\ufffe", "-")  # pypdfium2 marks soft line-end hyphens with U+FFFE
    text = unicodedata.normalize("NFC", text)
    if _DROP_RE.search(text):  # translate() walks every character: only when there is work
        text = text.translate(_DROP)
    return [line.strip() for line in _one_space(text).split("\n")]  # no space run crosses a line


def _one_space(text: str) -> str:
    """Every run of spaces as one plain space. Most texts have only single plain spaces: looking
    for anything else first costs a fraction of the substitution."""
    return _SPACES.sub(" ", text) if "  " in text or _OTHER_SPACE.search(text) else text


def _raw_blocks(lines: list[str]) -> list[_RawBlock]:
    blocks, current, gap = [], [], 0
    for line in lines:
        if line:
            current.append(line)
        else:
            if current:
                blocks.append(_RawBlock(current, gap))
                current, gap = [], 0
            gap += 1
    if current:
        blocks.append(_RawBlock(current, gap))
    return blocks


def _typical_width(blocks: list[_RawBlock]) -> float:
    """Line width of the wrapped body text: the upper quartile of lines in multi-line blocks."""
    widths = [len(line) for b in blocks if len(b.lines) > 1 for line in b.lines[:-1]]
    if len(widths) < 4:
        return 0.0
    return statistics.quantiles(widths, n=4)[2]


def _join_lines(lines: list[str], keep_hyphen) -> str:
    """Join a block's wrapped lines, undoing line-end hyphenation where the hyphen is not real.
    Built as a list of pieces: joining line by line onto one string is quadratic in long blocks."""
    pieces = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if len(prev) >= 2 and prev.endswith("-") and prev[-2].isalpha():
            if line[:1].islower() and not keep_hyphen(prev[:-1], line):
                pieces[-1] = pieces[-1][:-1]  # "Verteidi-" + "gung": hyphenation
            pieces.append(line)  # else "Ukraine-" + "Krieg": a real hyphen in a compound
        else:
            pieces.append(" " + line)
    return "".join(pieces)


_COMPOUND = re.compile(r"(?<!\w)\w++(?:-\w++)+")  # possessive: no backtracking in long words


class _Hyphens:
    """What the text itself says about a line-end hyphen, indexed once (linear in the text) when
    the first such hyphen needs it: many texts have none."""

    def __init__(self, raw: str, prefixes: set[str]):
        self.raw = raw
        self.prefixes = prefixes  # "well-" + "known": the hyphen is real

    @cached_property
    def words(self) -> set[str]:
        return set(_WORD.findall(self.raw.lower()))

    @cached_property
    def compounds(self) -> set[str]:
        return {f"{a}-{b}" for m in _COMPOUND.finditer(self.raw.lower())
                for a, b in zip(m.group().split("-"), m.group().split("-")[1:])}

    def keep(self, head: str, tail: str) -> bool:
        # A hyphenated compound written elsewhere in the text keeps its hyphen; a word seen
        # unbroken elsewhere loses it; otherwise a lowercase continuation means hyphenation.
        head_words, tail_words = _WORD.findall(head.lower()), _WORD.findall(tail.lower())
        head_word = head_words[-1] if head_words else ""
        tail_word = tail_words[0] if tail_words else ""
        if head_word + tail_word in self.words:
            return False
        return head_word in self.prefixes or f"{head_word}-{tail_word}" in self.compounds


class LayoutRepair:
    """Turns wrapped, page-broken text into blocks; language data only decides the edge cases."""

    def __init__(self, function_words: set[str], hyphen_prefixes: set[str], particles: set[str] = frozenset()):
        self.function_words = function_words
        self.hyphen_prefixes = hyphen_prefixes  # "well-" + "known": the hyphen is real
        self.particles = particles  # "legt kräftig zu": may end a one-line headline

    @classmethod
    def for_language(cls, code: str) -> "LayoutRepair":
        return _repair_for(code)

    def __call__(self, raw: str) -> list[tuple[str, str]]:
        blocks = _raw_blocks(_normalise_lines(raw))
        width = _typical_width(blocks)
        hyphens = _Hyphens(raw, self.hyphen_prefixes)
        merged: list[list[str]] = []
        for block in blocks:
            if merged and self._continues(merged[-1], block, width):
                merged[-1].extend(block.lines)
            else:
                merged.append(list(block.lines))

        texts = [_one_space(_join_lines(lines, hyphens.keep)).strip() for lines in merged]
        return [(self._kind(i, t, texts), t) for i, t in enumerate(texts)]

    def _continues(self, prev: list[str], block: _RawBlock, width: float) -> bool:
        """Is ``block`` the rest of a sentence that a page or column break cut after ``prev``?"""
        last = prev[-1]
        if last[-1] in TERMINAL:
            return False
        if last.endswith("-") and len(last) > 1 and last[-2].isalpha():
            return True  # hyphenated across the break
        first = block.lines[0]
        if first[:1].islower():
            return True
        if first[:1].isdigit() and len(prev) > 1:
            return True  # a wrapped paragraph cut before a figure; a one-line heading ends there
        words = _WORD.findall(last.lower())
        if words and words[-1] in self.function_words:
            # A one-line block ending in a verb particle ("legt kräftig zu") before body text is a
            # complete headline; before another short line it is a headline broken in two.
            return len(prev) > 1 or words[-1] not in self.particles or (
                sum(len(line.split()) for line in block.lines) <= settings.get("heading_max_words")
                and not block.lines[-1].endswith("."))
        # A wrapped line that filled the column did not end its paragraph: the blank lines are a
        # page break. A short last line ("Russland") ends a heading.
        return bool(width) and len(prev) > 1 and len(last) >= settings.get("full_line_ratio") * width and block.gap_before > 1

    @staticmethod
    def _kind(index: int, text: str, texts: list[str]) -> str:
        words = len(text.split())
        heading_like = words <= settings.get("heading_max_words") and not text.endswith(".") \
            and not re.search(r"[.!?]\s+\S", text)
        if index == 0 and len(texts) > 1 and heading_like:
            return "headline"
        if index == 1 and texts and _is_headline(texts) and words <= settings.get("lead_max_words") \
                and len(texts) > 2:
            return "standfirst"
        if heading_like and index + 1 < len(texts) and index > 0:
            return "subheading"
        return "paragraph"


def _is_headline(texts: list[str]) -> bool:
    first = texts[0]
    return len(first.split()) <= settings.get("heading_max_words") and not first.endswith(".") \
        and not re.search(r"[.!?]\s+\S", first)


def assemble(parts: list[tuple[str, str]], source: SourceInfo, lang: str | None = None,
             warnings: list[str] | None = None, **meta) -> Document:
    """Blocks (kind, text) to a Document whose text joins them with blank lines."""
    out, blocks, pos = [], [], 0
    for kind, text in parts:
        if out:
            out.append("\n\n")
            pos += 2
        blocks.append(Block(kind=kind, text=text, start=pos, end=pos + len(text)))
        out.append(text)
        pos += len(text)
    text = "".join(out)
    title = meta.pop("title", None) or next((b.text for b in blocks if b.kind == "headline"), None)
    standfirst = meta.pop("standfirst", None) or next((b.text for b in blocks if b.kind == "standfirst"), None)
    return Document(text=text, blocks=blocks, source=source, lang=lang, title=title,
                    standfirst=standfirst, warnings=list(warnings or []), **meta)


@lru_cache(maxsize=None)
def _repair_for(code: str) -> LayoutRepair:
    from ..lang import load

    data = load(code)
    return LayoutRepair(set(data.words("layout", "function_words")), set(data.words("layout", "hyphen_prefixes")),
                        set(data.words("layout", "particles")))


def as_it_stands(text: str, source: SourceInfo | None = None, *, lang: str, **meta) -> Document:
    """A Document over ``text`` exactly as given (no repair): blocks are the runs between blank
    lines, kinds from their shape. For texts whose offsets are fixed elsewhere (gold sets)."""
    text = without_surrogates(text)  # same length: offsets still hold
    check_text(text)
    spans, pos = [], 0
    for gap in [*_BLANK_LINES.finditer(text), None]:
        end = gap.start() if gap else len(text)
        segment = text[pos:end]
        lead = len(segment) - len(segment.lstrip())
        if segment.strip():
            spans.append((pos + lead, pos + len(segment.rstrip())))
        pos = gap.end() if gap else end
    texts = [text[s:e] for s, e in spans]
    blocks = [Block(kind=LayoutRepair._kind(i, t, texts), text=t, start=s, end=e)
              for i, (t, (s, e)) in enumerate(zip(texts, spans))]
    return Document(text=text, blocks=blocks, source=source or SourceInfo(kind="text"), lang=lang,
                    title=next((b.text for b in blocks if b.kind == "headline"), None),
                    standfirst=next((b.text for b in blocks if b.kind == "standfirst"), None), **meta)


def from_text(raw: str, source: SourceInfo | None = None, *, lang: str | None = None,
              warnings: list[str] | None = None, **meta) -> Document:
    from . import langid

    raw = without_surrogates(raw)
    check_text(raw)
    lang = lang or langid.detect(raw)
    return assemble(LayoutRepair.for_language(lang)(raw), source or SourceInfo(kind="text"), lang=lang, warnings=warnings, **meta)
