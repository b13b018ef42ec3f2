"""Finding frames: the frame words, the source mention and how far the frame reaches."""

from __future__ import annotations

import bisect

from ...text.prefilter import Folded, Scanner
from ...text.sentences import sentences_with_required
from .frame import Frame
from .rules import Rules
from .subjects import drop_recipient, is_title, rival_subject, sentence_subject, source_like, speech_subject, strip_title, verb_reports, word_before

# A frame's source mention may be found at most this many characters before a chained
# "unter Berufung auf / citing" phrase for the chain to apply.
RELAY_MAX_GAP = 60
# How many sentences back a sentence in reported speech looks for its speaker.
CARRY_LOOKBACK = 2
# How many sentences back a pronoun subject ("Er sagte") looks for its named speaker.
PRONOUN_LOOKBACK = 3
# Most frames taken from one sentence. Real sentences hold one to three; a crafted one
# ("the ministry said " * 250) would otherwise cost frames x noun phrases x sentence length.
MAX_FRAMES_PER_SENTENCE = 12


def find_frames(text: str, sentences: list[tuple[int, int]], rules: Rules, blocks: list[int] | None = None,
                persons: list[tuple[int, int]] | None = None, figures: set[int] | None = None,
                counted: list[tuple[int, int, int]] | None = None) -> list[Frame]:
    """Frames of every sentence; ``blocks`` (a block index per sentence) keeps carried
    attribution inside its paragraph; ``persons`` (person name spans) name the speaker a
    pronoun subject refers to when no frame stands closer; ``figures`` (the sentences that
    hold figures) let "demnach" reach a report of figures in the paragraph before; ``counted``
    (figure start, counted noun start and end) are nouns that never name a source."""
    frames: list[Frame] = []
    # Frame patterns none of whose required strings occur in the whole text cannot match in any
    # of its sentences; the others run on each sentence as before (through a Scanner, which gives
    # exactly ``pattern.finditer(sent)``).
    whole = Folded.of(text)
    per_sentence = _sentence_patterns(rules, whole, sentences)
    counted = sorted(counted or [])
    counted_at = [c[0] for c in counted]
    # the sentences where the per-sentence patterns below can match (None: any), as for the frames
    anaphor, relay, mood = prefilters(rules)
    anaphor_in, relay_in, mood_in = (sentences_with_required(s, whole, sentences) for s in (anaphor, relay, mood))
    for index, (s_start, s_end) in enumerate(sentences):
        sentence = _Sentence(text, index, s_start, s_end, rules)
        # "Diese Zahlen ...": the sentence names the origin of the figures before it (not where it
        # holds none of the pattern's required strings; asked only where a frame may be found)
        sentence.anaphoric = bool(per_sentence[index]) and (anaphor_in is None or index in anaphor_in) \
            and _first(anaphor, whole, sentence) is not None
        sentence.counted = counted[bisect.bisect_left(counted_at, s_start):bisect.bisect_left(counted_at, s_end)]
        here = _matched_frames(sentence, per_sentence[index], whole)
        if here and (relay_in is None or index in relay_in):  # a relay re-sources a frame found here
            _apply_relays(sentence, here, relay.finditer_slice(whole, s_start, s_end, sentence.text))
        if sentence.anaphoric:
            for f in here:
                if f.src and f.scope != "prev":
                    f.link_next = True
        if not here and (mood_in is None or index in mood_in):
            found = _first(mood, whole, sentence)
            if found:
                here.append(Frame("carried", "sentence", index, s_start + found.start(), s_start + found.end(), pronoun=False))
        here.sort(key=lambda f: f.start)
        frames.extend(here)
    _resolve_links(frames, blocks, sentences, persons, figures)
    _carry_from_subject(frames, blocks, sentences, text, rules)
    return frames


def _sentence_patterns(rules: Rules, whole: Folded, sentences: list[tuple[int, int]]) -> list[list[tuple]]:
    """Per sentence, the frame patterns that may match in it, in pattern order: those whose
    required strings it holds (``sentences_with_required``; none where the whole text holds none)."""
    out: list[list[tuple]] = [[] for _ in sentences]
    for f in rules.frame_scanners:
        if f[2].pre.may_match(whole):
            reach = sentences_with_required(f[2], whole, sentences)
            for i in range(len(sentences)) if reach is None else sorted(reach):
                out[i].append(f)
    return out


def prefilters(rules: Rules) -> tuple[Scanner, Scanner, Scanner]:
    """The Scanners (for their required strings) of the patterns ``find_frames`` runs on every
    sentence: anaphor, relay, reported mood."""
    return tuple(Scanner.of(rx) for rx in (rules.anaphor, rules.relay, rules.reported_mood))


class _Sentence:
    """One sentence being searched for frames."""

    def __init__(self, doc_text: str, index: int, start: int, end: int, rules: Rules):
        self.doc_text, self.index, self.start, self.end, self.rules = doc_text, index, start, end, rules
        self.text = doc_text[start:end]
        self.counted: list[tuple[int, int, int]] = []
        self.anaphoric = False  # names the origin of the figures before it (``find_frames`` tells)


def _first(scanner: Scanner, whole: Folded, sentence: _Sentence):
    """``scanner.rx.search(sentence.text)``, the regex tried only where a match can start (the
    anaphor and reported mood patterns, on every sentence that holds their required strings)."""
    return next(iter(scanner.finditer_slice(whole, sentence.start, sentence.end, sentence.text)), None)


def _matched_frames(sentence: _Sentence, active, whole: Folded) -> list[Frame]:
    """The frames of one sentence, in pattern order; a match overlapping an earlier one is dropped."""
    taken: list[tuple[int, int]] = []
    here: list[Frame] = []
    offset = sentence.start
    for name, scope, scanner in active:
        for m in _sentence_matches(scanner, whole, sentence):
            pattern = m.re
            reach = (offset + m.start(), offset + m.end())
            if any(reach[0] < y and x < reach[1] for x, y in taken):
                continue
            words = m.span("frame") if "frame" in pattern.groupindex and m.group("frame") else m.span()
            frame = Frame(name, scope, sentence.index, offset + words[0], offset + words[1])
            if "src" in pattern.groupindex and m.group("src"):
                frame.src = (offset + m.start("src"), offset + m.end("src"))
            elif name in sentence.rules.subject_frames:
                frame.src = sentence_subject(sentence.doc_text, sentence.start, frame.start, sentence.rules)
                frame.pronoun = frame.src is None
            elif scope == "speech":
                if not _find_speaker(sentence, frame):
                    continue
                if frame.src:
                    reach = (min(reach[0], frame.src[0]), max(reach[1], frame.src[1]))
            elif scope == "prev":
                own = sentence.rules.info_word.search(sentence.doc_text, frame.start, frame.end)
                frame.own = own.span() if own else None
            if frame.src:
                _trim_source(sentence, frame)
                _body_of_spokesperson(sentence, frame)
                if _inside_figure(sentence, frame):
                    continue
            taken.append(reach)
            here.append(frame)
            if len(here) >= MAX_FRAMES_PER_SENTENCE:
                return here
    return here


def _sentence_matches(scanner: Scanner, whole: Folded, sentence: _Sentence):
    """Exactly ``scanner.rx.finditer(sentence.text)``. A pattern with no leading strings is
    searched again after a match only while one of its required strings starts at or after the
    match's end: every match holds one whole, so none can follow the last of them (the
    search would scan the rest of the sentence to find nothing: "X zufolge" early in it)."""
    if scanner.leading is not None or scanner.pre.strings is None or not whole.anchorable:
        return scanner.finditer_slice(whole, sentence.start, sentence.end, sentence.text)
    return _matches_before_last_required(scanner, whole, sentence)


def _matches_before_last_required(scanner: Scanner, whole: Folded, sentence: _Sentence):
    search, sub = scanner.rx.search, sentence.text
    m = search(sub)
    if m is None:
        return
    yield m
    last = _last_required(scanner, whole, sentence.start, sentence.end) - sentence.start
    while m.end() <= last:  # never empty: a match holds a required string
        m = search(sub, m.end())
        if m is None:
            return
        yield m


def _last_required(scanner: Scanner, whole: Folded, start: int, end: int) -> int:
    """The last offset in [start, end) where one of the scanner's required strings starts and
    ends before ``end`` (-1: none). Where a character folds longer ("ß") a string may be shorter
    in the text than folded: then the last that starts before ``end``."""
    last = -1
    for s in scanner.pre.strings:
        found = whole.occurrences(s, False)
        k = bisect.bisect_right(found, end - (len(s) if whole.aligned else 1)) - 1
        if k >= 0 and found[k] >= start:
            last = max(last, found[k])
    return last


def _inside_figure(sentence: _Sentence, frame: Frame) -> bool:
    """Frame words between a figure and the end of its counted noun, naming that noun as source,
    are part of the figure ("300 bestätigte Fälle", "4,000 confirmed cases")."""
    return any(n < frame.start and frame.end <= b and frame.src[0] < b and a < frame.src[1]
               for n, a, b in sentence.counted)


def _find_speaker(sentence: _Sentence, frame: Frame) -> bool:
    """Give a reporting verb its subject (or mark it a pronoun); False when it is no frame."""
    text, rules = sentence.doc_text, sentence.rules
    if frame.name in rules.reporting_verb_frames and not verb_reports(
            text, sentence.start, sentence.end, (frame.start, frame.end), rules, sentence.anaphoric):
        return False
    frame.src, frame.pronoun = speech_subject(text, sentence.start, sentence.end, (frame.start, frame.end), rules)
    if frame.src and rules.recipient is not None:
        frame.src = drop_recipient(text, frame.src, rules)
    return frame.src is not None or frame.pronoun


def _trim_source(sentence: _Sentence, frame: Frame) -> None:
    """Reduce a source mention to the name: no quotes, info noun or title; note its article."""
    text, rules = sentence.doc_text, sentence.rules
    x, y = frame.src
    if y - x > 2 and text[x] in rules.quotes and text[y - 1] in rules.quotes.values():
        x, y = x + 1, y - 1  # „Spiegel“ -> Spiegel
    head = rules.info_head.match(text, x, y)
    if head and head.end() < y:  # "Bericht der Denkfabrik RAND" -> "Denkfabrik RAND"
        x = head.end()
    x, y, frame.titled = strip_title(text, x, y, rules)
    frame.src = (x, y)
    prev, _ = word_before(text, x, sentence.start)
    frame.determined = bool(prev) and bool(rules.det_word.match(prev))
    first = text[x:y].split(None, 1)
    frame.indefinite = prev.lower() in rules.indefinites or (len(first) == 2 and first[0].lower() in rules.indefinites)
    words = text[x:y].split()
    frame.bare = bool(words) and words[-1].lower() in rules.info_words and all(w[:1].islower() for w in words[:-1])


def _body_of_spokesperson(sentence: _Sentence, frame: Frame) -> None:
    """An unnamed spokesperson ("..., wie ein Sprecher sagte") speaks for the body that opens the
    sentence ("Das WFP versucht ..."): that body is the source."""
    text, rules = sentence.doc_text, sentence.rules
    words = text[frame.src[0]:frame.src[1]].split()
    if not (frame.indefinite and len(words) == 1 and is_title(words[0], rules)):
        return
    subject = sentence_subject(text, sentence.start, min(frame.start, frame.src[0]), rules)
    if subject is None:
        return
    pats = rules.kind_patterns
    mention = text[subject[0]:subject[1]]
    if (pats["named_organization"].search(mention) or pats["government_or_military"].search(mention)
            or any(w.isupper() and len(w) > 1 for w in mention.split())) and not pats["anonymous_officials"].search(mention):
        frame.src, frame.indefinite, frame.determined = subject, False, True


def _apply_relays(sentence: _Sentence, here: list[Frame], relays) -> None:
    """Chains ("Yonhap unter Berufung auf den NIS"): the origin (NIS) becomes the source and the
    outlet that passes it on is kept as ``relay``. ``relays``: the relay pattern's matches in
    the sentence (``rx.finditer(sentence.text)``)."""
    text, rules = sentence.doc_text, sentence.rules
    for m in relays:
        relay_at = sentence.start + m.start()
        origin = (sentence.start + m.start("src"), sentence.start + m.end("src"))
        best = None
        for f in here:
            if f.src and f.src[1] <= relay_at and relay_at - f.src[1] <= RELAY_MAX_GAP and f.src != origin:
                if best is None or f.src[1] > best.src[1]:
                    best = f
        # A relay is an outlet passing on another's figure ("Yonhap unter Berufung auf den
        # NIS"); an institution citing its own intelligence stays the source.
        # "unter Berufung auf ein internes Papier": an unnamed document names no origin.
        prev, _ = word_before(text, origin[0], sentence.start)
        unnamed = prev.lower() in rules.indefinites and not source_like(text[origin[0]:origin[1]], rules)
        if best is not None and not unnamed and rules.kind_patterns["media_report"].search(text[best.src[0]:best.src[1]]):
            x, y, titled = strip_title(text, origin[0], origin[1], rules)
            best.relay, best.src, best.titled = best.src, (x, y), titled


def _resolve_links(frames: list[Frame], blocks: list[int] | None = None, sentences: list[tuple[int, int]] | None = None,
                   persons: list[tuple[int, int]] | None = None, figures: set[int] | None = None) -> None:
    """Give "Demnach ..." and pronoun subjects the source of the sentences before."""
    by_sentence: dict[int, list[Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    for f in frames:
        if f.src is not None:
            continue
        if f.scope == "prev":
            _link_back(f, by_sentence, blocks, figures)
        elif f.name == "carried":
            _carry_back(f, by_sentence, blocks)
        elif f.pronoun:
            for back in range(1, PRONOUN_LOOKBACK + 1):
                cands = [g for g in by_sentence.get(f.sentence - back, []) if g.src is not None]
                if cands:
                    f.src, f.titled = cands[-1].src, cands[-1].titled
                    break
            if persons and sentences:
                # a person named after the last frame ("Innenminister X will ... . Es gehe um ..., sagte er")
                lo = sentences[max(0, f.sentence - PRONOUN_LOOKBACK)][0]
                named = [p for p in persons if lo <= p[0] and p[1] <= sentences[f.sentence][0]]
                if named and (f.src is None or named[-1][0] >= f.src[1]):
                    f.src, f.titled = named[-1], False
    frames[:] = [f for f in frames if f.src is not None or f.name == "carried"]


def _carry_back(f: Frame, by_sentence: dict[int, list[Frame]], blocks: list[int] | None) -> None:
    """Reported speech goes on from the last source before it; opening a paragraph, from the
    paragraph before ("..., teilte das UNHCR mit. ¶ Zehn Menschen seien gerettet worden.")."""
    opens = blocks is not None and (f.sentence == 0 or blocks[f.sentence - 1] != blocks[f.sentence])
    reach = {blocks[f.sentence], blocks[f.sentence] - 1} if opens else {blocks[f.sentence]} if blocks else None
    for back in range(1, CARRY_LOOKBACK + 1):
        if reach is not None and f.sentence - back >= 0 and blocks[f.sentence - back] not in reach:
            break
        cands = [g for g in by_sentence.get(f.sentence - back, []) if g.src is not None]
        # "Überlebende berichteten demnach, ...": the speaker goes on, not the report behind it
        cands = [g for g in cands if g.scope != "prev"] or cands
        if cands:
            f.src, f.relay, f.titled = cands[-1].src, cands[-1].relay, cands[-1].titled
            return


def _carry_from_subject(frames: list[Frame], blocks: list[int] | None, sentences: list[tuple[int, int]],
                        text: str, rules: Rules) -> None:
    """The subject of the sentence right before, when it can speak (a body, a titled person)
    and stands in the same paragraph, speaks in reported speech with no source before it ("Die
    Gewerkschaft hatte zum Streik aufgerufen. 400 Beschäftigte hätten sich beteiligt."), and is
    what a pronoun refers to when it comes after the pronoun's last source ("Die Gruppe stützt
    sich auf Informanten. Sie habe ... dokumentiert") or a link back skipping that sentence
    ("Das Ministerium gab einen Kommentar ab. Demnach ..."), unless indefinite ("A small group ...").
    A pronoun agreeing with a subject right before it that cannot speak has no source."""
    for f in frames:
        if f.src is not None and not (f.pronoun or f.scope == "prev") or f.sentence == 0 \
                or blocks is not None and blocks[f.sentence - 1] != blocks[f.sentence]:
            continue
        start = sentences[f.sentence - 1][0]
        prev = sentence_subject(text, start, sentences[f.sentence - 1][1], rules)
        if f.pronoun and f.src is not None and rival_subject(text, sentences, f.sentence, f.src, rules):
            f.src = None
            continue
        if prev is None or not source_like(text[prev[0]:prev[1]], rules):
            continue
        if f.src is None or f.src[1] <= prev[0] and word_before(text, prev[0], start)[0].lower() not in rules.indefinites:
            f.src, f.titled = prev, False
    frames[:] = [f for f in frames if f.src is not None]


def _link_back(f: Frame, by_sentence: dict[int, list[Frame]], blocks: list[int] | None, figures: set[int] | None) -> None:
    """"Demnach ...", "hieß es", "nach seiner Einschätzung": the source named before it in its
    sentence ("Die Kammer lieferte eine Übersicht: Demnach ..."), else of the last sentence before
    it that has one, in its paragraph or, when that sentence reports figures, in the paragraph
    before; with none, its own information word ("Mehr als 30 Menschen sind den Angaben zufolge
    betroffen": "Angaben")."""
    same = [g for g in by_sentence.get(f.sentence, []) if g.src is not None and g.scope != "prev" and g.last <= f.start]
    if same:
        f.src, f.relay, f.titled = same[-1].src, same[-1].relay, same[-1].titled
        return
    reach = _paragraph_and_previous(blocks, f.sentence)
    for back in range(1, PRONOUN_LOOKBACK + 1):
        j = f.sentence - back
        if j < 0 or (reach is not None and blocks[j] not in reach):
            break
        g = next((g for g in by_sentence.get(j, []) if g.src is not None), None)
        crossed = back > 1 and blocks is not None and blocks[j] != blocks[f.sentence]
        if g is not None and crossed and figures is not None and j not in figures and not g.link_next:
            break  # "..., sagte ein Sprecher." about a visit: no report that "demnach" continues
        if g is not None:
            f.src, f.relay, f.titled = g.src, g.relay, g.titled
            return
    if f.own is not None:  # then no carry: a source of its own clause, like "nach Angaben"
        f.src, f.scope = f.own, "clause"


def _paragraph_and_previous(blocks: list[int] | None, sentence: int) -> set[int] | None:
    """The blocks of ``sentence``'s paragraph and of the paragraph before it."""
    if blocks is None:
        return None
    before = [b for b in blocks[:sentence] if b != blocks[sentence]]
    return {blocks[sentence], before[-1]} if before else {blocks[sentence]}
