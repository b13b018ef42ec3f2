"""The pronoun by which a claim's sentence names its speaker ("Er betonte, ...").

A claim's source is the speaker as its own sentence names it: where that is a pronoun resolved to
someone named before, the attribution's span is the pronoun and ``antecedent`` the mention that
names who it is (speech-event annotation marks the pronoun; the name stays in ``name``). A
figure's source keeps the naming mention (docs/annotation.md)."""

from __future__ import annotations

import re

from ...report import Attribution, Span
from .frame import Frame
from .rules import Rules

_WORD = re.compile(r"\w+")


def pronoun_of(text: str, sentence: tuple[int, int], frame: Frame, rules: Rules) -> tuple[int, int] | None:
    """The pronoun subject of ``frame``'s verb in its sentence: right after the verb ("..., sagte
    er"), else the last one before it in the verb's clause ("Sie wird ... zitiert")."""
    s, e = sentence
    if not (s <= frame.start < e):
        return None  # a speaker carried over from another sentence
    after = _WORD.match(text, _skip_space(text, frame.end, e), e)
    if after and after.group(0) in rules.pronouns:
        return after.span()
    clause = max((i + 1 for i in range(s, frame.start) if text[i] in rules.inversion_marks), default=s)
    before = [m.span() for m in _WORD.finditer(text, clause, frame.start) if m.group(0) in rules.pronouns]
    return before[-1] if before else None


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def as_spoken(a: Attribution | None, frame: Frame | None, text: str, sentence: tuple[int, int], rules: Rules) -> Attribution | None:
    """``a`` (a copy) spanning the pronoun its sentence names the speaker by, when it does."""
    if a is None or frame is None or not frame.pronoun or frame.src is None:
        return a
    at = pronoun_of(text, sentence, frame, rules)
    if at is None or at[0] == a.start:
        return a
    a.antecedent = Span(text=a.text, start=a.start, end=a.end)
    a.text, a.start, a.end = text[at[0]:at[1]], at[0], at[1]
    return a
