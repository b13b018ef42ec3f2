"""Python regex syntax read into a small tree, for the prefilter's analysis (public API only).

The tree says what a match must consist of; it is not a matcher. Nodes are tuples:

* ``(LIT, char)``; ``(IN, (items, negated))`` a character class, items ``(LIT, c)``,
  ``(RANGE, (lo, hi))`` or ``(CAT, name)`` (``\\d`` outside a class is a one-item class too);
  ``(ANY, None)``;
* ``(BRANCH, [seq, ...])``; a group (capturing, atomic, with scoped flags) is its content:
  a repeated one the ``seq`` of its repeat, any other spliced into the sequence it stands in;
  ``(REPEAT, (min, max, seq))`` (max None: unbounded); ``(ASSERT, (behind, negated, seq))``;
* ``(AT, anchor)`` and ``(BACKREF, ref)``, which match no characters of their own.

A construct the analysis cannot vouch for (verbose mode, conditional groups) raises
:class:`Unsupported`, so that new language data fails when loaded instead of being analysed
wrongly; so does a pattern whose syntax ``re`` rejects (unbalanced brackets, a bad escape).
"""

from __future__ import annotations

import re

LIT, IN, RANGE, CAT, ANY, BRANCH, REPEAT, ASSERT, AT, BACKREF = (
    "lit", "in", "range", "cat", "any", "branch", "repeat", "assert", "at", "backref")
GROUP = "group"  # the parser's own: a group read, before it is spliced or repeated

_CATEGORIES = {"d": "digit", "D": "notdigit", "w": "word", "W": "notword", "s": "space", "S": "notspace"}
_ANCHORS = {"A": "start", "Z": "end", "b": "boundary", "B": "nonboundary"}
_CONTROL = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX = {"x": 2, "u": 4, "U": 8}
# A run of characters with no syntax of their own.
_PLAIN = re.compile(r"[^\\\[\](){}|.*+?^$]+")
_COUNTED = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_OCTAL = re.compile(r"[0-7]{0,2}")
_DIGIT = re.compile(r"[0-9]?")
_FLAGS = re.compile(r"\(\?([aiLmsux]*)(?:-([imsx]*))?([:)])")
# Inline flags under which the analysis would need more than this parser knows.
_UNREAD_FLAGS = set("x")


class Unsupported(ValueError):
    """A pattern the parser does not read (the message names the construct and its offset)."""


def parse(pattern: str, flags: int = 0) -> list:
    """The tree of ``pattern`` (a list of nodes: a sequence)."""
    if flags & re.VERBOSE:
        raise Unsupported("verbose mode")
    parser = _Parser(pattern)
    seq = parser.alternation()
    if parser.i != len(pattern):
        raise Unsupported(f"unbalanced ')' at {parser.i}")
    return seq


def ascii_flags(pattern: str, flags: int) -> bool:
    """Does ``\\w`` mean ASCII letters only somewhere in the pattern (flag or inline ``a``/``L``)?"""
    return bool(flags & (re.ASCII | re.LOCALE)) or any(set(m.group(1)) & set("aL") for m in _FLAGS.finditer(pattern))


class _Parser:
    def __init__(self, pattern: str):
        self.p, self.i = pattern, 0

    def _fail(self, what: str):
        raise Unsupported(f"{what} at {self.i}")

    def alternation(self) -> list:
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else [(BRANCH, branches)]

    def sequence(self) -> list:
        seq: list = []
        p = self.p
        while self.i < len(p) and p[self.i] not in "|)":
            m = _PLAIN.match(p, self.i)
            if m:
                run, self.i = m.group(), m.end()
                if self._quantifier_follows():  # the repeat takes the run's last character
                    seq.extend((LIT, c) for c in run[:-1])
                    seq.append(self._repeat_of([(LIT, run[-1])]))
                else:
                    seq.extend((LIT, c) for c in run)
                continue
            node = self.atom()
            if node is None:
                continue
            inner = node[1] if node[0] is GROUP else [node]
            if self._quantifier_follows():
                seq.append(self._repeat_of(inner))
            else:  # a group's content stands in the sequence like any other (what a match holds)
                seq.extend(inner)
        return seq

    def _quantifier_follows(self) -> bool:
        if self.i >= len(self.p):
            return False
        c = self.p[self.i]
        return c in "*+?" or (c == "{" and _COUNTED.match(self.p, self.i) is not None and self.p[self.i + 1] != "}")

    def _repeat_of(self, seq: list):
        if seq[0][0] is AT:
            self._fail("nothing to repeat")
        c = self.p[self.i]
        if c == "{":
            m = _COUNTED.match(self.p, self.i)
            lo, comma, hi = m.groups()
            low = int(lo) if lo else 0
            high = (int(hi) if hi else None) if comma else low
            self.i = m.end()
        else:
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            self.i += 1
        if self.i < len(self.p) and self.p[self.i] in "?+":  # lazy or possessive
            self.i += 1
        if self._quantifier_follows():
            self._fail("multiple repeat")
        return (REPEAT, (low, high, seq))

    def atom(self):
        c = self.p[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        self.i += 1
        if c == "\\":
            return self.escape(in_class=False)
        if c == ".":
            return (ANY, None)
        if c in "^$":
            return (AT, c)
        if c in "*+?{":
            if c == "{":  # not a counted repeat: a literal brace
                return (LIT, c)
            self._fail("nothing to repeat")
        if c in "]}":
            return (LIT, c)
        self._fail(f"unexpected {c!r}")  # pragma: no cover - every special character is handled

    def group(self):
        p = self.p
        self.i += 1
        if not p.startswith("?", self.i):
            return self._group_body(GROUP)
        rest = p[self.i + 1:self.i + 3]
        if rest.startswith(":") or rest.startswith(">"):
            self.i += 2
            return self._group_body(GROUP)
        if rest.startswith("P<") or rest.startswith("<") and rest[1:2] not in ("=", "!"):
            close = p.find(">", self.i)
            if close < 0:
                self._fail("unterminated group name")
            self.i = close + 1
            return self._group_body(GROUP)
        if rest.startswith("P="):
            close = p.find(")", self.i)
            if close < 0:
                self._fail("unterminated backreference")
            ref, self.i = p[self.i + 3:close], close + 1
            return (BACKREF, ref)
        for prefix, behind, negated in (("=", False, False), ("!", False, True), ("<=", True, False), ("<!", True, True)):
            if rest.startswith(prefix):
                self.i += 1 + len(prefix)
                return (ASSERT, (behind, negated, self._group_body(None)[1]))
        if rest.startswith("#"):
            close = p.find(")", self.i)
            if close < 0:
                self._fail("unterminated comment")
            self.i = close + 1
            return None
        return self._flag_group()

    def _flag_group(self):
        m = _FLAGS.match(self.p, self.i - 1)
        if m is None:
            self._fail("unknown group construct")
        if set(m.group(1) + (m.group(2) or "")) & _UNREAD_FLAGS:
            self._fail("inline verbose flag")
        self.i = m.end()
        if m.group(3) == ")":  # global flags ("(?i)"): they match nothing
            return None
        return self._group_body(GROUP)

    def _group_body(self, kind):
        seq = self.alternation()
        if self.i >= len(self.p) or self.p[self.i] != ")":
            self._fail("missing ')'")
        self.i += 1
        return (kind, seq)

    def escape(self, in_class: bool):
        p = self.p
        if self.i >= len(p):
            self._fail("trailing backslash")
        c = p[self.i]
        self.i += 1
        if c in _CATEGORIES:
            item = (CAT, _CATEGORIES[c])
            return item if in_class else (IN, ((item,), False))
        if c == "b" and in_class:
            return (LIT, "\b")
        if c in _ANCHORS and not in_class:
            return (AT, _ANCHORS[c])
        if c in _CONTROL:
            return (LIT, _CONTROL[c])
        if c in _HEX:
            digits = p[self.i:self.i + _HEX[c]]
            if len(digits) != _HEX[c] or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                self._fail(f"bad \\{c} escape")
            self.i += _HEX[c]
            return (LIT, chr(int(digits, 16)))
        if c in "0123456789":
            return self._number(c, in_class)
        if c.isascii() and c.isalnum() or c == "N":
            self._fail(f"escape \\{c}")
        return (LIT, c)

    def _number(self, first: str, in_class: bool):
        """An octal escape (``\\0``, ``\\012``, any in a class) or a group reference (``\\1``)."""
        octal = _OCTAL.match(self.p, self.i).group()
        if first == "0" or (first in "01234567" and (in_class or len(octal) == 2)):
            self.i += len(octal)
            return (LIT, chr(int(first + octal, 8)))
        if in_class:
            self._fail("a backreference in a class")
        more = _DIGIT.match(self.p, self.i).group()
        self.i += len(more)
        return (BACKREF, first + more)

    def char_class(self):
        p = self.p
        self.i += 1
        negated = p.startswith("^", self.i)
        self.i += negated
        items: list = []
        first = True
        while True:
            if self.i >= len(p):
                self._fail("unterminated character class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            item = self._class_item()
            if p.startswith("-", self.i) and not p.startswith("-]", self.i) and item[0] is LIT:
                self.i += 1
                end = self._class_item()
                if end[0] is not LIT or ord(end[1]) < ord(item[1]):
                    self._fail("bad character range")
                item = (RANGE, (ord(item[1]), ord(end[1])))
            items.append(item)
        if len(items) == 1 and items[0][0] is LIT and not negated:
            return items[0]  # "[.]" is the literal "." (as re reads it)
        return (IN, (tuple(items), negated))

    def _class_item(self):
        c = self.p[self.i]
        self.i += 1
        if c == "\\":
            return self.escape(in_class=True)
        return (LIT, c)
