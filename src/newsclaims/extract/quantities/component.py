"""The spaCy component: figures found, classified and written to ``Findings.quantities``."""

from __future__ import annotations

import re
from functools import partial

from spacy.language import Language

from ...report import Quantity, Span
from ...text.prefilter import Folded, Scanner
from .. import doc_text, findings, mirror_spans
from . import shares
from .classifying import MILITARY, PEOPLE, SHARED_FATES, category, inherit_units, noun_category
from .finding import find
from .grammar import grammar
from .numbers import parse_digits

SPAN_KEY = "newsclaims_quantities"


#####COMPONENT
def extract(doc_text: str, code: str, times=(), sentences=(), sentence_at=lambda i: 0) -> list[Quantity]:
    """The figures of a text, as Quantity records (usable without spaCy)."""
    g = grammar(code)
    folded = Folded.of(doc_text)
    found = find(g, doc_text, sorted(times), sentence_at, folded)
    bounds = {s.index: (s.start, s.end) for s in sentences}
    cue_hits: dict[int, list] = {}
    counted_frame, cues = Scanner.of(g.counted.frame), Scanner.of(g.categories.cues)
    inherit_units(g, folded, found)
    _partitives(g, doc_text, found)
    spans = [(f.start, f.end) for f in found]
    out = []
    for i, q in enumerate(found):
        lo, hi = bounds.get(q.sentence, (0, len(doc_text)))
        prev = found[i - 1] if i > 0 and found[i - 1].sentence == q.sentence else None
        # the next figure bounds the cue window; a percentage in apposition does not
        # ("1,9 Millionen Menschen, rund 90 Prozent der Bevölkerung, sind vertrieben")
        nxt = next((f for f in found[i + 1:i + 4] if f.sentence == q.sentence and f.unit not in g.units.percent_units), None)
        if q.counted is None:
            _counted_before(g, doc_text, folded, q, prev, lo, hi, counted_frame, spans)
        hits = partial(_sentence_cues, cue_hits, cues, folded, q.sentence, lo, hi)
        cat = category(g, doc_text, q, prev.expr_end if prev else lo, nxt.start if nxt else hi, hits)
        if cat in ("people_other", "troops") and q.counted is not None and noun_category(g, q.counted.text) in (PEOPLE, MILITARY):
            # "Die Zahl der Verletzten stieg auf 396.700 Personen": the frame says what befell them
            frame = _frame(g, doc_text, folded, lo, q.start, counted_frame)
            fate = noun_category(g, frame.text) if frame is not None else None
            cat = fate if fate in SHARED_FATES else cat
        subset = g.counted.subset_before.search(doc_text, max(lo, q.start - 40), q.start)
        if subset and prev is None and doc_text[lo:subset.start()].strip():
            subset = None  # "die Geretteten, unter ihnen vier Frauen": a part of no figure
        part = _part_of_previous(doc_text, subset, prev)
        if ((cat in ("people_other", "other") or (cat == "troops" and subset) or part) and out and q.unit is None
                and out[-1].category in SHARED_FATES
                and ((prev is not None and g.counted.coord_between.fullmatch(doc_text, prev.expr_end, q.start)) or subset
                     or (q.inherited and prev is not None and g.counted.place_after.match(doc_text, q.end)))
                and (q.counted is None or noun_category(g, q.counted.text) in (None, PEOPLE, MILITARY))):
            # "sechs Kinder und drei Sanitäter", "45 Tote, darunter sechs Kinder", "killed 20 people
            # in the north and 13 in the south" share what happened to them; a part keeps the
            # whole's fate over a verb after it ("killed 20 people including three children and injured six")
            cat = out[-1].category
        out.append(Quantity(
            id=f"q{i + 1}", text=doc_text[q.start:q.end], start=q.start, end=q.end, sentence=q.sentence,
            low=q.low, high=q.high, approx=q.approx, unit=q.unit, category=cat,
            # "600 Zivilisten getötet und 4.000 verwundet": the 4.000 count the carried-over noun too
            counted=q.counted,
        ))
    return out


def _counted_before(g, text: str, folded: Folded, q, prev, lo: int, hi: int, counted_frame, figures) -> None:
    """A counted thing named around the figure: a frame ("die Zahl der Toten stieg auf 12"), what a
    share, sum or value is of ("Die Inflationsrate lag bei 2,1 Prozent", "eine Quote von 4,4
    Prozent", "a $1,000 fine", "Die Verluste würden auf 2.000 geschätzt"; shares.py), or the
    previous figure's noun carried over ("600 Zivilisten getötet und 4.000 verwundet")."""
    share = q.unit in g.units.percent_units
    money = q.unit in g.units.money_units  # only a sum without a currency word gets here
    if q.unit is not None and not share and not money:
        return
    # a sum is no count: "the number of plants ... to 3,367 with a value of £2.5m" is a value of
    frame = None if money else _frame(g, text, folded, lo, q.start, counted_frame)
    value = g.shares.value_before.search(text, max(lo, q.start - 24), q.start)
    if frame is not None:
        q.counted = frame
    elif g.shares.model and (share or money or value):
        earlier = prev.counted if prev is not None and (prev.unit is None or prev.unit in g.units.percent_units) else None
        # a sum's link word names it before a noun after it does ("a package of $6bn in aid")
        q.counted = ((shares.subject(g, text, lo, q.start, figures, earlier, full=False) if money else None)
                     or (shares.noun_after(g, text, q.start, q.end, hi, figures, money) if share or money else None)
                     or shares.subject(g, text, lo, q.start, figures, earlier, full=share or value is not None))
    # a vague amount carries over only people in general or a partitive's noun: "Elf Menschen
    # starben, Dutzende wurden verletzt", "dozens of them", but "Zwei Soldaten fielen, Tausende flohen"
    if (q.counted is None and not share and not money and prev is not None and prev.counted is not None
            and prev.unit is None
            and (not q.vague or noun_category(g, prev.counted.text) == PEOPLE or g.counted.partitive_after.match(text, q.end))):
        q.counted = prev.counted
        q.inherited = True


def _sentence_cues(found: dict[int, list], cues: Scanner, folded: Folded, sentence: int, lo: int, hi: int) -> list:
    """The category cues of the sentence text[lo:hi] as (start, end, category), searched when a
    figure's category first needs them (most figures take theirs from a unit or a noun: 13 of 23
    sentences with a figure never search), then kept in ``found`` by sentence."""
    hits = found.get(sentence)
    if hits is None:
        hits = found[sentence] = [(c.start(), c.end(), c.lastgroup) for c in cues.finditer(folded, lo, hi)]
    return hits


def _part_of_previous(text: str, subset, prev) -> bool:
    """Whether a subset word follows the figure before with only punctuation between ("45 Tote,
    darunter sechs Kinder"): the part is of that figure."""
    return subset is not None and prev is not None and not text[prev.expr_end:subset.start()].strip(" ,;:(\u2013-\n")


def _frame(g, text: str, folded: Folded, lo: int, start: int, counted_frame) -> Span | None:
    """The noun a frame before the figure names ("die Zahl der Toten stieg auf 12"), not past a
    clause word ("Die Zahl der Diebstähle stagnierte, während der Betrug um 3 Prozent sank")."""
    fm = None
    for fm in counted_frame.finditer(folded, lo, start):
        pass
    if fm is None or (g.shares.clause_words is not None and g.shares.clause_words.search(text, fm.end(), start)):
        return None
    grp = next((k for k, v in fm.groupdict().items() if v), None)
    return Span(text=fm.group(grp), start=fm.start(grp), end=fm.end(grp)) if grp is not None else None


def _partitives(g, text: str, found) -> None:
    """"116 der 160 Bezirke", "22 out of 33 drones": the part counts what the whole counts."""
    if g.counted.partitive_between is None:
        return
    for q, whole in zip(found, found[1:]):
        if ((q.counted is None or q.inherited) and whole.counted is not None and not whole.inherited
                and q.unit == whole.unit and g.counted.partitive_between.fullmatch(text, q.end, whole.start)):
            q.counted, q.inherited = whole.counted, False


@Language.factory("newsclaims_quantities", assigns=["doc._.nc", "doc.spans"], requires=["token.is_sent_start"], default_config={})
def make_quantities(nlp: Language, name: str):
    """Reads Findings times, sentences; writes quantities (without source and certainty)."""
    code = nlp.lang
    g = grammar(code)  # compile at pipeline build time, with the scanners of its patterns
    for group in vars(g).values():
        for rx in vars(group).values():
            if isinstance(rx, re.Pattern):
                Scanner.of(rx)
    for locale in filter(None, (g.numbers.locale, g.numbers.alt_locale)):
        parse_digits("1", locale)  # the locales' number symbols (CLDR data)

    def quantities(doc):
        found = findings(doc)
        times = [(t.start, t.end) for t in found.times]
        found.quantities = extract(doc_text(doc), code, times=times, sentences=found.sentences,
                                   sentence_at=found.sentence_at)
        mirror_spans(doc, SPAN_KEY, found.quantities, label=lambda q: q.category)
        return doc

    return quantities

