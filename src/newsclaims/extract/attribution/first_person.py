"""First person plural: an institution speaking of itself ("Wir verzeichnen 264 Arbeitslose
weniger", "Our figures show 1,200 cases") is the source of the figures it states.

In a press release or a quoted statement "we" is the organisation named most recently before
it, often as the speaker's affiliation ("..., sagt Anna Muster, Leiterin der Agentur für Arbeit
Musterstadt."). Resolution, by position only:

* an organisation named before the first person in its own paragraph;
* else the institution an earlier "we" of the document resolved to (a release speaks with one
  voice, even after quoting another body);
* else the last organisation named in the paragraph before;
* else nothing: a writer's or a generic "we" invents no source.

A first-person sentence whose own frame names its speaker ("X said: “Our data show ...”") is
that speaker's, and so are the sentences of the quote it opens. The sentences after a first-person sentence in its paragraph that hold figures and no frame of
their own go on in the same voice. Which words are first person plural is the language's data
(``first_person`` in ``lang/<code>/attribution.yaml``); an organisation is an organisation entity
or a noun phrase the language's kind patterns call an organisation or a government body.
"""

from __future__ import annotations

import re

from ...text.clauses import clause_bounds
from ...text.prefilter import Folded, Scanner
from .rules import Rules

# Source kinds that name a body able to say "we" of itself (not an outlet, not officials).
BODY_KINDS = ("named_organization", "government_or_military")


def voices(text: str, sentences: list[tuple[int, int]], blocks: list[int], orgs: list[tuple[int, int]],
           rules: Rules, figures: set[int], framed: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int, int, int]]:
    """Sentence -> (first-person word start, end, speaker start, end) for the sentences spoken
    in an institution's first person (see the module's rules). ``framed``: sentence -> the
    source its own frame names; that speaker says the sentence's "we" ("X said: “Our data ...")."""
    pattern = rules.first_person
    if pattern is None:
        return {}
    speaking = [_subject(text, s, e, pattern, rules) for s, e in sentences]
    if not any(speaking):
        return {}
    found = set(orgs) | set(_body_phrases(text, rules))
    # the longest mention of a body ("Agentur für Arbeit X", not an entity "Arbeit X" inside it)
    bodies = sorted(b for b in found if not any(o != b and o[0] <= b[0] and b[1] <= o[1] for o in found))
    out: dict[int, tuple[int, int, int, int]] = {}
    voice = None
    for i, (s, e) in enumerate(sentences):
        m = speaking[i]
        if m is None:
            continue
        speaker = framed.get(i)
        if speaker is None:
            body = _last_before(bodies, _block_start(sentences, blocks, i), m.start())
            if body is None and voice is None:
                prev = _block_start(sentences, blocks, i)
                body = _last_before(bodies, _block_start(sentences, blocks, _sentence_of(sentences, prev - 1)), prev) if prev else None
            speaker = voice = body or voice
        if speaker is None:
            continue
        out[i] = (m.start(), m.end(), *speaker)
        for j in range(i + 1, len(sentences)):
            if blocks[j] != blocks[i] or j not in figures or j in framed or speaking[j] is not None:
                break
            if i in framed and not _quote_runs_on(text, s, m.start(), sentences[j][0], rules):
                break  # after a named speaker's closed quote the writer speaks again
            out[j] = out[i]
    return out


def _subject(text: str, s: int, e: int, pattern: re.Pattern, rules: Rules) -> re.Match | None:
    """The first first-person word that opens its sentence or clause ("Wir verzeichnen ...",
    "Unsere Statistik ...", "..., and we recorded") or follows a verb of recording ("Im Mai
    verzeichnen wir ..."): the speaker's subject, not an inverted or subordinate "we" of a
    country or of everyone ("rangieren wir", "even though we are")."""
    starts = [s, *clause_bounds(text, s, e, rules.clause_breaks)]
    verbs = rules.first_person_verbs
    # ``pattern.finditer(text, s, e)``, tried only where a first-person word starts
    for m in Scanner.of(pattern).finditer(Folded.of(text), s, e):
        start = max(b for b in starts if b <= m.start())
        if not re.search(r"\w", text[start:m.start()]) or verbs is not None and verbs.search(text, start, m.start()):
            return m
    return None


def _quote_runs_on(text: str, s: int, pos: int, until: int, rules: Rules) -> bool:
    """A quote opened in the sentence before ``pos`` is still open at ``until``."""
    opened = [k for k in range(s, pos) if text[k] in rules.quotes]
    return bool(opened) and rules.quotes[text[opened[-1]]] not in text[opened[-1] + 1:until]


def _body_phrases(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Noun phrases that name an organisation or a government body by their words, also those
    starting inside a longer phrase ("Leiterin der Agentur für Arbeit X": "Agentur für Arbeit X")."""
    pats = rules.kind_patterns
    out = []
    for phrase in rules.np.finditer(text):
        for word in re.finditer(r"\w+", text[phrase.start():phrase.end()]):
            m = rules.np.match(text, phrase.start() + word.start())
            if m and any(pats[k].search(m.group()) for k in BODY_KINDS) and not pats["anonymous_officials"].search(m.group()):
                out.append(m.span())
    return out


def _last_before(bodies: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int] | None:
    inside = [b for b in bodies if lo <= b[0] and b[1] <= hi]
    return inside[-1] if inside else None


def _block_start(sentences: list[tuple[int, int]], blocks: list[int], i: int) -> int:
    """Where the paragraph of sentence ``i`` starts."""
    while i > 0 and blocks[i - 1] == blocks[i]:
        i -= 1
    return sentences[i][0]


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> int:
    return max([i for i, (s, _) in enumerate(sentences) if s <= pos] or [0])
