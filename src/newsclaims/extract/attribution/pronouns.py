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
    after = pronoun_after(text, frame.end, e, rules)
    if after is not None:
        return after
    clause = max((i + 1 for i in range(s, frame.start) if text[i] in rules.inversion_marks), default=s)
    before = [m.span() for m in _WORD.finditer(text, clause, frame.start) if m.group(0) in rules.pronouns]
    return before[-1] if before else None


def pronoun_after(text: str, pos: int, end: int, rules: Rules) -> tuple[int, int] | None:
    """A personal pronoun right after ``pos`` (a verb's end): the subject in the middle field
    ("..., sagte er", "griff sie ... an")."""
    while pos < end and text[pos].isspace():
        pos += 1
    word = _WORD.match(text, pos, end)
    return word.span() if word and word.group(0) in rules.pronouns else None


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
