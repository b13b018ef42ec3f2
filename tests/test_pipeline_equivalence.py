"""The speed-ups change nothing: each fast path gives exactly what the plain way gives.

* ``text.prefilter.Scanner`` (a regex tried only where it can start) against
  ``re.finditer`` for every pattern of the language data, on generated and gold reports and on
  texts with the characters case folding treats specially, at random ``pos``/``endpos``;
* ``Scanner.finditer_slice`` (attribution's case-sensitive frame patterns on each sentence)
  against ``rx.finditer`` on the slice itself;
* the structure component's array-based sentences against spaCy's ``doc.sents``;
* the JSON output (pydantic's encoder) against ``json.dumps(indent=2)``, byte for byte;
* the per-sentence skipping of frame and cue patterns against running them on every sentence;
* HanTa's Viterbi reading the rows of a clause's start tagged before against tagging it alone;
* the number core's digits branch alone against the whole core at every digit;
* time_links' bracket search (``rfind`` from bracket to bracket) against the walk back one
  character at a time;
* word lists regrouped by first characters (``text.factoring``) against the patterns as
  written: crafted lists, attribution's patterns and every regex of its Rules.
"""

from __future__ import annotations

import bisect
import json
import random
import re
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from newsclaims.text.prefilter import Folded, Scanner, fold
from newsclaims.lang import load, supported

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "Am MONTAG, dem 3. März 2024, sagte İnan: Straße ſeit gestern, in der Nacht zum Dienstag!",
    "ıN DER NACHT AUF SONNTAG seit Ende 2023 bis Anfang 2024 STRASSE Maß ﬁnal ǅ",
    "Am ٣. März waren es ٤٥٠ Soldaten; on Monday 1,200 troops, ＭＯＮＤＡＹ.",
    "xxam Montag" + "x" * 30 + "am montag",
    # long runs of whitespace inside matches: a match's length bound counts the longest run
    "Seit dem\n\n\n\n          3.          März 2024 am\t\t\t\t\tMontag,      dem 4.\n\n\nApril im       Juni in den"
    "             vergangenen\n\n\n\ndrei       Wochen " + "x " * 40 + "Dezember",
]


def _texts(lang: str) -> list[str]:
    texts = [t for lg, t in make_corpus(8, seed=11) if lg == lang]
    for split in ("dev", "test"):
        path = ROOT / "gold" / split / "docs.jsonl"
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:8]
    return texts + TRICKY


def _patterns(code: str) -> list[re.Pattern]:
    from newsclaims.extract import quantities, times, tone

    data = load(code)
    out = list(tone.lexicon(code).values()) + [rx for _, rx, _ in times.grammar(code).exprs]
    groups = vars(quantities.grammar(code)).values()  # the grammar's fields are groups of rules
    out += [v for group in groups for v in vars(group).values() if isinstance(v, re.Pattern)]
    root = Path(__file__).resolve().parents[1] / "src" / "newsclaims" / "lang" / code
    for f in sorted(root.glob("*.yaml")):
        if isinstance(data.file(f.stem).get("patterns"), dict):
            out += list(data.patterns(f.stem).values())
    return out


@pytest.mark.parametrize("code", supported())
def test_scanner_finds_what_finditer_finds(code):
    rnd = random.Random(5)
    texts = _texts(code)
    anchored = 0
    for rx in _patterns(code):
        scanner = Scanner(rx)
        anchored += scanner.leading is not None
        for text in texts:
            folded = Folded(text)
            for k in range(3):
                a, b = (0, len(text)) if k == 0 else sorted((rnd.randrange(len(text) + 1), rnd.randrange(len(text) + 1)))
                want = [(m.span(), m.groupdict(), m.lastgroup) for m in rx.finditer(text, a, b)]
                got = [(m.span(), m.groupdict(), m.lastgroup) for m in scanner.finditer(folded, a, b)]
                assert got == want, (rx.pattern[:80], a, b)
                first = scanner.search(folded, a, b)
                assert (first and (first.span(), first.groupdict(), first.lastgroup)) == (want[0] if want else None)
    assert anchored > 50  # the fast path is taken for most patterns


def test_fold_keeps_every_ignorecase_pair_together():
    import _sre
    from re import _casefix

    for cp in range(0x10000):
        assert fold(chr(cp)) == fold(chr(_sre.unicode_tolower(cp))), hex(cp)
    for a, others in _casefix._EXTRA_CASES.items():
        for b in others:
            assert fold(chr(a)) == fold(chr(b))


@pytest.mark.parametrize("code", supported())
def test_sentences_follow_doc_sents(code):
    from newsclaims.ingest import from_text
    from newsclaims.pipeline import get_nlp

    nlp = get_nlp(code)
    for text in _texts(code)[:10]:
        document = from_text(text, lang=code)
        report_sents = None
        doc = nlp.make_doc(document.text)
        from newsclaims.extract import Findings

        doc._.nc = Findings(blocks=document.blocks)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
            if name == "newsclaims_structure":
                report_sents = [(s.start, s.end, s.text, s.block) for s in doc._.nc.sentences]
                break
        want = []
        ends = [b.end for b in document.blocks]
        bi = 0
        for sent in doc.sents:
            t = sent.text.strip()
            if not t:
                continue
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            while bi < len(ends) - 1 and start >= ends[bi]:
                bi += 1
            want.append((start, start + len(t), t, bi))
        assert report_sents == want


@pytest.mark.parametrize("code", supported())
def test_scanner_slice_finds_what_finditer_on_the_slice_finds(code):
    """``Scanner.finditer_slice`` (attribution's frame patterns on each sentence, compiled
    case-sensitively) against ``rx.finditer(text[a:b])``, at sentence bounds and at random
    cuts (also inside words, where a lookbehind or ``\\b`` sees the slice's start)."""
    from newsclaims.extract.attribution import rules_for
    from newsclaims.text.patterns import case_sensitive_patterns

    rnd = random.Random(9)
    rules = rules_for(code)
    pats = list(case_sensitive_patterns(code, "attribution").values()) + [rx for _, _, rx in rules.frames]
    texts = _texts(code)
    texts += [t.replace("ß", "ss") for t in texts if "ß" in t]  # aligned folds: the anchored path
    anchored = 0
    for rx in pats:
        scanner = Scanner(rx)
        anchored += scanner.leading is not None
        for text in texts:
            folded = Folded(text)
            cuts = [(0, len(text))] + [tuple(sorted((rnd.randrange(len(text) + 1), rnd.randrange(len(text) + 1))))
                                       for _ in range(3)]
            cuts += [(m.end(), m.end() + 300) for m in re.finditer(r"[.!?]\s+", text)][:4]
            for a, b in cuts:
                b = min(b, len(text))
                want = [(m.span(), m.groupdict(), m.lastgroup) for m in rx.finditer(text[a:b])]
                got = [(m.span(), m.groupdict(), m.lastgroup) for m in scanner.finditer_slice(folded, a, b)]
                assert got == want, (rx.pattern[:80], a, b)
    assert anchored > 10


# Sentences with several matches of a pattern that no leading string bounds ("X zufolge", "Y
# zufolge" in one sentence; a required string after the last match that starts none).
REPEATED = [
    "Der Polizei zufolge kamen drei Menschen ums Leben, dem Bericht des Senders zufolge waren es mehr, zufolge.",
    "Den Angaben der Behörde zufolge und den Zahlen des Amtes zufolge: 40 Fälle: „Alles gut“, zufolgend.",
    "Figures from the ministry showed 40 cases, and data from the agency showed more, the report said: “fine”.",
]


@pytest.mark.parametrize("code", supported())
def test_frame_matches_of_a_sentence_are_what_finditer_on_it_finds(code):
    """``frames._sentence_matches`` (which stops searching a pattern without leading strings
    after the last of its required strings) against ``rx.finditer(sentence)``, for every frame
    pattern, and ``frames._first`` against ``rx.search(sentence)`` for the patterns run on every
    sentence (and the first-person pattern's Scanner), at sentence bounds and random cuts."""
    from newsclaims.extract.attribution import rules_for
    from newsclaims.extract.attribution.frames import _Sentence, _first, _sentence_matches, prefilters

    rnd = random.Random(5)
    rules = rules_for(code)
    texts = _texts(code) + REPEATED
    for text in texts:
        folded = Folded(text)
        cuts = [(0, len(text))] + [tuple(sorted((rnd.randrange(len(text) + 1), rnd.randrange(len(text) + 1))))
                                   for _ in range(3)]
        bounds = [0] + [m.end() for m in re.finditer(r"[.!?:]\s+", text)] + [len(text)]
        cuts += list(zip(bounds, bounds[1:]))
        for _, _, scanner in rules.frame_scanners:
            for a, b in cuts:
                want = [(m.span(), m.groupdict()) for m in scanner.rx.finditer(text[a:b])]
                got = [(m.span(), m.groupdict()) for m in _sentence_matches(scanner, folded, _Sentence(text, 0, a, b, rules))]
                assert got == want, (scanner.rx.pattern[:80], a, b)
        for scanner in prefilters(rules):  # anaphor, relay, reported mood: through the Scanner
            for a, b in cuts:
                want = scanner.rx.search(text[a:b])
                got = _first(scanner, folded, _Sentence(text, 0, a, b, rules))
                assert (got and got.span()) == (want and want.span()), (scanner.rx.pattern[:80], a, b)
        if rules.first_person is not None:  # first_person._subject: with pos and endpos
            for a, b in cuts:
                want = [m.span() for m in rules.first_person.finditer(text, a, b)]
                assert [m.span() for m in Scanner.of(rules.first_person).finditer(folded, a, b)] == want, (a, b)


def test_word_before_is_what_its_regex_finds():
    """``subjects.word_before`` walks back from the position; its definition is a regex search
    in the window before it. Random strings of word characters, marks, spaces and punctuation."""
    from newsclaims.extract.attribution.subjects import WORD_BEFORE_WINDOW, word_before

    rx = re.compile(r"([\w.’'-]+)\W*$")
    rnd = random.Random(3)
    pool = list("ab Z9_.’'-,\n\t„“ßé٣") + [" ", "x"]
    for _ in range(50000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 30)))
        pos, floor = rnd.randrange(0, len(text) + 2), rnd.randrange(0, len(text) + 2)
        m = rx.search(text, max(floor, pos - WORD_BEFORE_WINDOW), pos)
        assert word_before(text, pos, floor) == ((m.group(1), m.start(1)) if m else ("", pos)), (text, pos, floor)
    text = "x" * 200 + " U.S.-Außenminister O’Neill, "
    for pos in range(len(text) + 1):
        m = rx.search(text, max(0, pos - WORD_BEFORE_WINDOW), pos)
        assert word_before(text, pos, 0) == ((m.group(1), m.start(1)) if m else ("", pos)), pos


# Floats whose text pydantic's encoder writes otherwise than ``json.dumps`` (repr): under 1e-4
# (``0.00001``, ``1e-7``) and the non-finite ones (``null``).
ODD_FLOATS = [1e-5, 9.9e-05, 1e-7, -3.2e-9, 1e-10, 5e-324, 1.5e-300, 0.0001, -0.0, 1e16, 1e22,
              float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("code", supported())
def test_json_output_is_what_json_dumps_writes(code):
    """``render.json.to_json`` (pydantic's encoder) against ``json.dumps(indent=2)``, byte for
    byte, on whole reports and with every odd float in a figure's bounds."""
    import textwrap

    from newsclaims import analyze
    from newsclaims.render.json import _array_item, to_json

    def plain(report):
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)

    reports = [analyze(text, lang=code) for text in _texts(code)]
    for report in reports:
        assert to_json(report) == plain(report)
        assert _array_item(report) == textwrap.indent(plain(report), "  ")
    report = next(r for r in reports if r.quantities)
    for x in ODD_FLOATS:
        report.quantities[0].low, report.quantities[-1].high = x, -x
        assert to_json(report) == plain(report), x
    report.document.title = "lone \ud800 surrogate"  # pydantic refuses it: the plain way
    assert to_json(report) == plain(report)
    # every float field, straight from the models or (non-finite) the plain way
    report = next(r for r in reports if r.claims and r.tone.signals and r.tone.sentences)
    for x in ODD_FLOATS:
        report.tone.score, report.tone.signals[0].weight, report.claims[0].checkworthiness = x, -x, x
        assert to_json(report) == plain(report), x
        report.tone.score = report.tone.signals[0].weight = report.claims[0].checkworthiness = 0.5
        report.tone.sentences[0].score = x
        assert to_json(report) == plain(report), x
        report.tone.sentences[0].score = 0.5


def test_json_fast_path_knows_every_float_field():
    """``render.json._floats`` reads every float field of the Report's models: a new one
    must be added there (pydantic would write its inf or nan as null)."""
    import typing

    from pydantic import BaseModel

    from newsclaims import report as models
    from newsclaims.render.json import FLOAT_FIELDS

    def floats(annotation) -> bool:
        return annotation is float or any(floats(a) for a in typing.get_args(annotation))

    found = {(cls.__name__, name) for cls in vars(models).values()
             if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == models.__name__
             for name, field in cls.model_fields.items() if floats(field.annotation)}
    assert found == FLOAT_FIELDS


@pytest.mark.parametrize("code", supported())
def test_sentence_gating_keeps_every_sentence_a_pattern_matches_in(code):
    """``text.sentences.sentences_with_required`` (attribution frames and the per-sentence
    patterns of ``find_frames``, certainty cues): a pattern that matches in a sentence (on the
    slice, and with pos/endpos) is never skipped there."""
    from newsclaims.extract.attribution import rules_for
    from newsclaims.extract.attribution.frames import prefilters
    from newsclaims.extract.certainty import rules_for as cue_rules
    from newsclaims.text.sentences import sentences_with_required

    pats = [rx for _, _, rx in rules_for(code).frames] + list(cue_rules(code).patterns.values())
    pats += [s.rx for s in prefilters(rules_for(code))]
    texts = _texts(code)
    texts += [t.replace("ß", "ss") for t in texts if "ß" in t]
    kept = skipped = 0
    for text in texts:
        whole = Folded(text)
        sents = [(m.start(), m.end()) for m in re.finditer(r"[^.!?]+[.!?]*", text)]
        for rx in pats:
            holding = sentences_with_required(Scanner(rx), whole, sents)
            for i, (a, b) in enumerate(sents):
                if holding is not None and i not in holding:
                    skipped += 1
                    assert next(rx.finditer(text[a:b]), None) is None, (rx.pattern[:80], text[a:b][:80])
                    assert next(rx.finditer(text, a, b), None) is None, (rx.pattern[:80], text[a:b][:80])
                else:
                    kept += 1
    assert skipped > kept  # most patterns are skipped in most sentences


def test_sentence_gating_in_a_text_that_folds_longer():
    """A text with "ß" (folded "ss": its offsets part from the folded text's) is gated too, and a
    required string ending at a sentence's end, shorter in the text than folded, keeps it."""
    from newsclaims.text.sentences import sentences_with_required

    text = "Gesperrt ist die Straße. Sonst ist alles frei. Die Fußgänger gehen über die Straße"
    sents = [(m.start(), m.end()) for m in re.finditer(r"[^.!?]+[.!?]*", text)]
    whole = Folded(text)
    assert not whole.aligned
    for rx in (re.compile(r"(?i)stra(?:ß|ss)e"), re.compile(r"(?i)\bstraße")):
        holding = sentences_with_required(Scanner(rx), whole, sents)
        assert holding == {i for i, (a, b) in enumerate(sents) if rx.search(text[a:b])} == {0, 2}


@pytest.mark.parametrize("code", supported())
def test_present_required_strings_are_those_present_tells(code):
    """``text.sentences._present`` (the pass's answers in one set intersection) names exactly the
    required strings ``Folded.present`` finds, one by one, in every text."""
    from newsclaims.extract.attribution import rules_for
    from newsclaims.text.sentences import _present

    scanners = [s for _, _, s in rules_for(code).frame_scanners if s.pre.strings]
    for text in _texts(code) + [t.replace("ß", "ss") for t in _texts(code) if "ß" in t]:
        whole = Folded(text)
        for scanner in scanners:
            assert _present(scanner, whole) == {s for s in scanner.pre.strings if whole.present(s)}


@pytest.mark.parametrize("code", supported())
def test_gated_patterns_find_what_the_pattern_finds(code):
    """``text.prefilter.Gated`` (the source kinds' word patterns) against the pattern itself, on
    the words, word pairs and random spans of generated and gold reports, with and without
    pos/endpos."""
    import copy

    from newsclaims.extract.attribution import rules_for
    from newsclaims.text.prefilter import Gated

    gated = list(rules_for(code).kind_patterns.values())
    assert gated and all(isinstance(g, Gated) for g in gated)
    copy.deepcopy(gated[0])  # copies (and pickles) without recursing
    rnd = random.Random(5)
    hits = 0
    for text in _texts(code) + TRICKY:
        words = text.split()
        pieces = words + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
        pieces += [text[a:a + rnd.randint(1, 60)] for a in (rnd.randrange(len(text)) for _ in range(40))]
        for g in gated:
            for s in pieces:
                found = g.rx.search(s)
                assert _same(g.search(s), found), (g.pattern[:60], s)
                assert [m.span() for m in g.finditer(s)] == [m.span() for m in g.rx.finditer(s)]
                hits += found is not None
            for _ in range(40):
                a = rnd.randrange(len(text))
                b = min(len(text), a + rnd.randint(1, 80))
                assert _same(g.search(text, a, b), g.rx.search(text, a, b)), (g.pattern[:60], text[a:b])
    assert hits


def _same(m, n) -> bool:
    return (m is None and n is None) or (m is not None and n is not None and m.span() == n.span())


def test_collector_is_paused_only_while_a_text_is_analysed():
    """``run.collector.paused``: the collector is off during an analysis, back on after it (also
    after a failure); one the host switched off stays off; a pause inside a pause is a no-op."""
    import gc

    from newsclaims.run import collector

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer analysis is still running
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with collector.paused():
            raise RuntimeError("analysis failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("code", supported())
def test_tagger_viterbi_is_hantas(code):
    """``text.tagger.viterbi`` (a word's row visits only the transitions into its tags) against
    HanTa's own ``tag_sent_viterbi``: the same tags for clauses cut from generated and gold
    reports, with unknown words, case-sensitive or not."""
    from HanTa.HanoverTagger import HanoverTagger

    from newsclaims.extract.quantities.grammar import grammar
    from newsclaims.extract.quantities.shares import TOKEN
    from newsclaims.text.tagger import hanta, viterbi

    model = grammar(code).shares.model
    if not model:
        pytest.skip("no tagger for this language")
    tagger = hanta(model)
    rnd = random.Random(3)
    clauses = [["Xyzzqw", "blorf", "ähm"], ["A"], ["qqqq"] * 3, ["Die", "Zahl", "der", "Toten", "stieg"]]
    for text in _texts(code):
        tokens = TOKEN.findall(text)
        for _ in range(25):
            at = rnd.randrange(len(tokens))
            clauses.append(tokens[at:at + rnd.randint(1, 20)])
    for words in clauses:
        for cased in (True, False):
            assert viterbi(tagger, words, cased) == HanoverTagger.tag_sent_viterbi(tagger, words, cased), words


@pytest.mark.parametrize("code", supported())
def test_tagger_steps_kept_by_word_read_as_fresh(code, monkeypatch):
    """The steps ``text.tagger`` keeps by word and state give the rows worked out afresh: the
    same tags with the steps kept from before, and with their memo emptied every few steps."""
    from newsclaims.extract.quantities.grammar import grammar
    from newsclaims.extract.quantities.shares import TOKEN
    from newsclaims.text import tagger as T

    model = grammar(code).shares.model
    if not model:
        pytest.skip("no tagger for this language")
    tagger = T.hanta(model)
    rnd = random.Random(4)
    clauses = []
    for text in _texts(code):
        tokens = TOKEN.findall(text)
        for _ in range(20):
            at = rnd.randrange(len(tokens))
            clauses.append(tokens[at:at + rnd.randint(1, 20)])
    first = [T.viterbi(tagger, words, cased) for words in clauses for cased in (True, False)]
    assert [T.viterbi(tagger, words, cased) for words in clauses for cased in (True, False)] == first
    monkeypatch.setattr(T, "STEP_MEMO", 7)
    tagger.__dict__.pop("_nc_word_tags", None)  # the words read afresh: their steps fill the memo
    assert [T.viterbi(tagger, words, cased) for words in clauses for cased in (True, False)] == first
    assert tagger.__dict__["_nc_step_count"] <= 7


@pytest.mark.parametrize("code", supported())
def test_clone_is_a_deep_copy(code):
    """``report._Model.clone`` (only the fields that may hold a model or a list are copied into)
    gives what ``model_copy(deep=True)`` gives, sharing no model or list with the original."""
    from pydantic import BaseModel

    from newsclaims import analyze

    def shared(a, b) -> bool:
        if isinstance(a, (BaseModel, list)) and a is b:
            return True
        if isinstance(a, BaseModel):
            return any(shared(getattr(a, name), getattr(b, name)) for name in type(a).model_fields)
        if isinstance(a, list):
            return any(shared(x, y) for x, y in zip(a, b))
        return False

    for text in _texts(code)[:6]:
        report = analyze(text, lang=code)
        copied = report.clone()
        assert copied == report.model_copy(deep=True)
        assert copied.model_dump() == report.model_dump()
        assert not shared(copied, report)


def test_web_text_gate_keeps_every_web_span():
    """``quantities.finding.web_spans`` skips its regex where none of the strings its branches
    need occurs: the same spans as the regex over every text."""
    from newsclaims.extract.quantities import finding

    texts = [t for code in supported() for t in _texts(code)]
    texts += ["siehe https://example.org/a?b=1 und www.example.com", "q=30%25&n=12 oder 100% sicher",
              "a&b=c", "Fragen? Ja = nein", "WWW.EXAMPLE.COM", "ftp://x", "50 %ab"]
    for text in texts:
        plain = []
        for m in finding.WEB_TEXT.finditer(text):
            if plain and m.start() < plain[-1][1]:
                continue
            lo = max(text.rfind(c, 0, m.start()) for c in " \t\n\r") + 1
            hi = min((i for i in (text.find(c, m.end()) for c in " \t\n\r") if i >= 0), default=len(text))
            plain.append((lo, hi))
        assert finding.web_spans(text) == plain, text[:60]


def test_near_required_walks_either_side_alike():
    """``prefilter._near``: testing each candidate start (when the required strings are the more,
    "h", ".") keeps exactly the starts that walking the required strings keeps, and both keep
    exactly those with a required string at q, p <= q < min(p + width, endpos)."""
    from newsclaims.text.prefilter import _near_by_required, _near_each

    rnd = random.Random(3)
    for _ in range(3000):
        size = rnd.randrange(1, 300)
        starts = sorted(rnd.sample(range(size + 1), rnd.randrange(1, min(size, 40) + 1)))
        required = sorted(rnd.sample(range(size + 1), rnd.randrange(0, min(size, 60) + 1)))
        width, endpos = rnd.randrange(1, 60), rnd.randrange(size + 2)
        first = rnd.randrange(len(starts))
        last = rnd.randrange(first + 1, len(starts) + 1)
        lo = bisect.bisect_left(required, starts[first])
        hi = bisect.bisect_left(required, min(endpos, starts[last - 1] + width))
        want = [p for p in starts[first:last] if any(p <= q < min(p + width, endpos) for q in required)]
        assert _near_by_required(starts, first, last, required, lo, hi, width) == want
        assert _near_each(starts, first, last, required, hi, width) == want


# Patterns of the language data spelled for speed, with the plain spelling they stand for: the
# possessive word runs of the entity names, the shouting look-behind after the first capital,
# the four-digit year spelled 18|19|20.
_SPELLED_FOR_SPEED = [
    ("entities", r"[\w'’]{0,40}+", r"[\w'’]{0,40}"),
    ("entities", r"[\w'’]{1,40}+", r"[\w'’]{1,40}"),
    ("tone", r"[A-ZÄÖÜ](?<!\w[A-ZÄÖÜ])[A-ZÄÖÜ]{3,}", r"(?<!\w)[A-ZÄÖÜ]{4,}"),
    ("tone", r"[A-Z](?<!\w[A-Z])[A-Z]{3,}", r"(?<!\w)[A-Z]{4,}"),
    ("times", r"(?:18|19|20)\d\d", r"(?:1[89]|20)\d\d"),
]
_CRAFTED = [
    "Sprecherin " + "Ab" * 30 + " sagte, " + "Müller-" * 5 + "Berg sagte. Tom O'Neil’s Xyz-" + "q" * 45 + ", sagte",
    "Der Polizeisprecher Hans " + "A" * 50 + "-Be, ein Sprecher der Stadt, sagte. Spokesman " + "B" * 41 + " said",
    "NATO _ABCD xABCD ABC ABCDÄ ÄÖÜA! AB\nCDEF 1ABCD ABCD1 Ende 1899, im Jahr 2020/21, H1 1999, Q3 2099, 18999 2000",
]


@pytest.mark.parametrize("code", supported())
def test_patterns_spelled_for_speed_match_as_spelled_plainly(code):
    texts = _texts(code) + _CRAFTED
    data, changed = load(code), 0
    for file, fast, plain in _SPELLED_FOR_SPEED:
        flags = 0 if file == "entities" else re.IGNORECASE
        for rx in data.patterns(file, flags=flags).values():
            if fast not in rx.pattern:
                continue
            changed += 1
            slow = re.compile(rx.pattern.replace(fast, plain), rx.flags)
            for text in texts:
                want = [(m.span(), m.groupdict()) for m in slow.finditer(text)]
                assert [(m.span(), m.groupdict()) for m in rx.finditer(text)] == want, (file, rx.pattern[:80])
    assert changed >= 20


# The alternative number locale's evidence as it was spelled before it led with its comma; only
# whether it matches is read (quantities.finding._Finder._digits).
_ALT_EVIDENCE_PLAIN = r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,])|(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d"


@pytest.mark.parametrize("code", supported())
def test_alt_locale_evidence_matches_where_its_plain_spelling_does(code):
    from newsclaims.extract.quantities.grammar import grammar

    rx = grammar(code).numbers.alt_locale_evidence
    if rx is None:
        return
    plain = re.compile(_ALT_EVIDENCE_PLAIN, rx.flags)
    rnd = random.Random(5)
    pieces = ["1", "12", "123", "1234", ",", ",000", ",123", ".", " ", "x", "000", "٣"]
    texts = _texts(code) + _CRAFTED + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 9))) for _ in range(30000)]
    matched = 0
    for text in texts:
        assert (rx.search(text) is None) == (plain.search(text) is None), text
        matched += plain.search(text) is not None
    assert matched > 100


@pytest.mark.parametrize("code", supported())
def test_person_role_near_role_words_finds_what_finditer_finds(code):
    """``persons.person_role_matches`` (the regex tried only in the stretch before each role word,
    where person_role's Scanner has no leading strings) against the pattern's own finditer."""
    from newsclaims.extract.entities.gazetteer import gazetteer
    from newsclaims.extract.entities.persons import role_led, person_role_matches

    gz = gazetteer(code)
    rx = gz.patterns["person_role"]
    roles = "Der Vize-Präsident Sprecherin Polizeisprecher Kanzler Minister spokesman President Chief"
    named = ("Polizeisprecher Hans Meier, Vize-Präsident Anna Schmidt und die Chefin der Agentur, Marta Grande. "
             "Defense Secretary Lloyd Austin; spokesman John Kirby.")
    texts = _texts(code) + _CRAFTED + [roles, roles.replace(" ", "\n\n   \t"), "x-Sprecher Tom", "ẞtraße-Sprecher İnan Berg",
                                       named, named.replace(" ", "  ")]
    found = 0
    for text in texts:
        want = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in person_role_matches(gz, Folded(text))] == want, text[:60]
        found += len(want)
    assert found >= 4
    if code == "de":
        assert role_led(code) is not None  # the stretch search is taken where the Scanner has no lead


def _bracket_walk(text: str, start: int, lo: int) -> int | None:
    """The plain way: back from ``start`` one character at a time, counting closed brackets."""
    depth = 0
    for i in range(start - 1, lo - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


def test_time_link_bracket_is_the_character_walk():
    """``time_links._bracket`` (from bracket to bracket with ``rfind``) against the walk back one
    character at a time, on random bracket strings and at every offset of generated reports."""
    from newsclaims.extract.time_links.linking import _bracket

    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice("()ab") for _ in range(rnd.randint(0, 16)))
        start = rnd.randint(0, len(text))
        lo = rnd.randint(0, start)
        assert _bracket(text, start, lo, len(text)) == _bracket_walk(text, start, lo), (text, start, lo)
    for code in supported():
        for text in _texts(code)[:4]:
            for start in range(0, len(text), 3):
                lo = max(0, start - 300)
                assert _bracket(text, start, lo, len(text)) == _bracket_walk(text, start, lo)


@pytest.mark.parametrize("code", supported())
def test_tagger_prefix_rows_change_no_tags(code):
    """``text.tagger.viterbi`` reading the rows of word sequences tagged before in the same text
    (``prefixes``: the clauses before each figure of a sentence start alike) gives the tags it
    gives alone: sequences sharing starts of every length, case-sensitive or not, in random order."""
    from newsclaims.extract.quantities.grammar import grammar
    from newsclaims.extract.quantities.shares import TOKEN
    from newsclaims.text.tagger import hanta, tag_words, viterbi

    model = grammar(code).shares.model
    if not model:
        pytest.skip("no tagger for this language")
    tagger = hanta(model)
    rnd = random.Random(4)
    for text in _texts(code):
        tokens = TOKEN.findall(text)
        prefixes: dict = {}
        for _ in range(30):
            at = rnd.choice([0, rnd.randrange(len(tokens))])  # many share the text's first words
            words = tokens[at:at + rnd.randint(1, 25)]
            cased = rnd.random() < 0.8
            assert viterbi(tagger, words, cased, prefixes) == viterbi(tagger, words, cased), words
            assert tag_words(model, words, prefixes) == tagger.tag_sent(words, taglevel=0)


@pytest.mark.parametrize("code", supported())
def test_number_core_at_a_digit_is_the_core(code):
    """``NumberWords.core_at_digit`` (the digits branch alone, where no other branch can start with
    a digit) matches what the whole core matches at every decimal digit of generated, gold and
    tricky texts, with the same span and groups the finder reads."""
    from newsclaims.extract.quantities.grammar import grammar

    numbers = grammar(code).numbers
    assert numbers.core_at_digit.pattern != numbers.core.pattern  # the shortcut is taken
    tried = 0
    for text in _texts(code) + ["1.000 Euro, 3,5 %, 12km, 7-fach, A320, ٣ Tage, ¾ 5½ 2nd 10th x3 ３"]:
        for at, ch in enumerate(text):
            if ch.isdecimal():
                want, got = numbers.core.match(text, at), numbers.core_at_digit.match(text, at)
                assert (got and (got.span(), got.group("digits"), got.group("attached"), got.lastgroup)) == \
                    (want and (want.span(), want.group("digits"), want.group("attached"), want.lastgroup)), text[at:at + 20]
                tried += 1
    assert tried > 100


# Word lists whose regrouping must keep order and case: a branch that is a prefix of another
# (before and after it), escaped and plain spellings of one character, case-insensitive
# groups (also inside case-sensitive ones and back), the Kelvin sign and long s, which
# match "k" and "s" ignoring case, a group inside a character class.
_WORD_LISTS = [
    r"(?:aber|alle|ab|a|b|bei|be)", r"(?:a|ab|abc)x", r"(?:\-x|-y|\ a| b)", r"(?i:sie|Sagte|ſo|ſag|S)",
    "(?i:Kelvin|\u212aat|kalt)", r"(?i:Der|(?-i:die|Das)|des)", r"[(?:a|b)]+(?:ab|ac)", r"\((?:ab|ac)",
    r"\b(?!(?:aber|alle|andere)\b)\w+", r"(?P<w>(?:xa|xb|y))(?:xa|x)",
]
_WORD_TEXTS = ["aber alle abc ab a b bei be x abx abcx", "-x -y  a  b \\-x", "Sie sagte SO ſo ſag S s",
               "KELVIN \u212aelvin kat \u212aAT kalt", "der Der DIE die das Das des DES", "(a)b ab ac",
               "xa xb y xax xx", "andere anders Aber"]


def test_factored_word_lists_match_as_written():
    """``text.factoring.factored`` against the pattern as written: crafted lists at every
    offset, and attribution's patterns (both case modes) on generated and gold reports
    (every match of finditer, and match at every word start, groups included)."""
    from newsclaims.text.factoring import factored

    for pattern in _WORD_LISTS:
        for flags in (0, re.IGNORECASE):
            rx, fast = re.compile(pattern, flags), re.compile(factored(pattern, flags), flags)
            for text in _WORD_TEXTS:
                for i in range(len(text) + 1):
                    assert _same_groups(rx.match(text, i), fast.match(text, i)), (pattern, text, i)
    assert factored(r"(?:aber|alle|ab|a)") == r"(?:a(?:b(?:er|)|lle|))"
    assert factored(r"(?:ab|a|ac)") == r"(?:ab|a|ac)"  # "a" alone before "ac": left as it is
    assert factored("(?i:\u017fo|sa)") == "(?i:\u017fo|sa)"  # the long s matches "s": left as it is
    assert factored(r"[(?:a|b)]") == r"[(?:a|b)]" and factored("(?x)(?:ab|ac)") == "(?x)(?:ab|ac)"


@pytest.mark.parametrize("code", supported())
def test_factored_attribution_patterns_match_as_written(code):
    from newsclaims.text.factoring import factored

    texts = _texts(code)
    starts = re.compile(r"(?<!\w)\w")
    changed = 0
    for flags in (0, re.IGNORECASE):
        for rx in load(code).patterns("attribution", flags=flags).values():
            pattern = factored(rx.pattern, rx.flags)
            if pattern == rx.pattern:
                continue
            changed += 1
            fast = re.compile(pattern, rx.flags)
            for text in texts:
                want = [(m.span(), m.groups()) for m in rx.finditer(text)]
                assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, rx.pattern[:80]
                for w in starts.finditer(text):
                    assert _same_groups(rx.match(text, w.start()), fast.match(text, w.start())), rx.pattern[:80]
    assert changed >= 20


def _same_groups(m, n) -> bool:
    return (m and (m.span(), m.groups())) == (n and (n.span(), n.groups()))


@pytest.mark.parametrize("code", supported())
def test_attribution_rules_match_as_without_factoring(code, monkeypatch):
    """Every regex attribution's Rules hold (their word lists as trees) against the same Rules
    built with the patterns as written: finditer on generated and gold reports, match at
    every word start."""
    from newsclaims.extract.attribution import rules as attribution_rules

    fast = _rule_patterns(attribution_rules.Rules(code))
    monkeypatch.setattr(attribution_rules, "factored", lambda pattern, flags=0: pattern)
    plain = _rule_patterns(attribution_rules.Rules(code))
    assert fast.keys() == plain.keys() and sum(fast[k].pattern != plain[k].pattern for k in fast) >= 20
    starts = re.compile(r"(?<!\w)\w")
    for text in _texts(code):
        words = [w.start() for w in starts.finditer(text)]
        for key, rx in plain.items():
            if rx.pattern == fast[key].pattern:
                continue
            want = [(m.span(), m.groups()) for m in rx.finditer(text)]
            assert [(m.span(), m.groups()) for m in fast[key].finditer(text)] == want, key
            assert all(_same_groups(rx.match(text, i), fast[key].match(text, i)) for i in words), key


def _rule_patterns(rules) -> dict:
    """Name -> compiled regex of every pattern a Rules holds (frames, claim frames, kinds too)."""
    out = {k: v for k, v in vars(rules).items() if isinstance(v, re.Pattern)}
    out.update({f"kind {k}": g.rx for k, g in rules.kind_patterns.items()})
    out.update({f"frame {n}": sc.rx for n, _, sc in rules.frame_scanners + rules.claim_frames})
    return out
