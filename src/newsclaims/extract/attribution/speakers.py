"""Speakers of claim sentences: who says what a whole sentence states, where no frame says it.

Figures keep the frames of ``frames`` alone; a claim sentence without one gets its speaker here:

* a speech event of the language's ``claim_frames`` (``lang/<code>/attribution.yaml``): passive
  and multiword reporting ("Sie wird mit den Worten zitiert", "wiesen darauf hin"), the perfect
  ("hat angekündigt"), speech acts with an object ("X kritisierte ..."), "nach ersten
  Untersuchungen". The speaker is the verb's subject (``subjects.speech_subject``); a participle
  in the passive names none;
* a pronoun subject ("Sie wird ... zitiert") takes the speaker of the sentences before, or a
  person named after it;
* a sentence in reported speech (Konjunktiv I or II by the form of its main clause's finite
  verb, reportive "sollen") or inside a quote opened in an earlier sentence goes on with the
  speaker of the sentence before it in its paragraph; so does a speech event whose own finite
  verb is in Konjunktiv ("Der Mann habe geschrieben, ...": who reports it speaks).
"""

from __future__ import annotations

import bisect
import re
from itertools import chain
from dataclasses import replace

from ...text.clauses import clause_bounds, clause_of, quote_spans
from ...text.prefilter import Folded
from ...text.sentences import sentences_with_required
from .frame import Frame
from .mood import reported_form
from .pronouns import pronoun_after, pronoun_of
from .frames import _Sentence, _trim_source
from .rules import Rules
from .subjects import np_ending, rival_subject, sentence_subject, source_like, speech_subject, strip_title, verb_reports, word_before

# How many sentences back a pronoun or a sentence in reported speech looks for its speaker.
LOOKBACK = 3


def fill(chosen: dict[int, Frame | None], text: str, sentences: list[tuple[int, int]], rules: Rules,
         blocks: list[int] | None = None, persons: list[tuple[int, int]] | None = None,
         actors: list[tuple[int, int]] | None = None) -> dict[int, Frame | None]:
    """``chosen`` (sentence -> its frame, from ``Resolver.for_sentence``) with the gaps filled;
    ``actors`` (spans of named persons, organisations, countries) may take the stage between a
    speaker and reported speech that would go on from it."""
    if not rules.claim_frames:
        return chosen  # a language without claim frames
    out = dict(chosen)
    opened = _quote_openings(text, sentences, rules)
    reach = _claim_reach(text, sentences, rules)
    for i, (s, e) in enumerate(sentences):
        if out.get(i) is not None and out[i].pronoun and out[i].src is not None:
            out[i] = None if _disagrees(text, (s, e), out[i], out[i].src, rules) else _untitled(out[i], text, rules)
        if out.get(i) is not None and out[i].name != "carried":
            out[i] = _reported_speaker(out[i], i, out, blocks, opened.get(i), text, sentences, rules, actors)
            continue
        # a speaker named in the sentence beats one carried over from the sentences before
        frame = _speech_event(text, i, s, e, rules, reach[i])
        if frame is not None and out.get(i) is not None and _reported_aux(text, s, frame.start, rules):
            frame = None  # "Die Polizei habe ... zurückgewiesen": what the speaker carried over reports
        if frame is not None and frame.src is None:
            frame = _resolve_pronoun(frame, i, out, sentences, blocks, persons, text, rules)
        if frame is not None:
            frame = _reported_speaker(frame, i, out, blocks, opened.get(i), text, sentences, rules, actors)
        if frame is None and out.get(i) is not None:
            # the mood found anywhere in the sentence must be its main clause's: "In einem Papier
            # wird die Lage so beschrieben: Es gebe ..." is the writer's report of the paper
            near = (_adjacent(i, out, blocks, opened.get(i), text, sentences, rules, actors)
                    or sentences[i - 1][0] <= out[i].src[0] < sentences[i][0]) \
                and _goes_on(text, s, e, rules, opened.get(i))
            out[i] = _nearer(out[i], _carried(i, out, blocks, opened.get(i)), sentences) if near else None
            continue
        if frame is None and _adjacent(i, out, blocks, opened.get(i), text, sentences, rules, actors) \
                and _goes_on(text, s, e, rules, opened.get(i)):
            frame = _carried(i, out, blocks, opened.get(i))
        elif frame is None and i > 0 and out.get(i - 1) is None and _goes_on(text, s, e, rules, opened.get(i)):
            # no speaker before: the subject of the sentence before speaks, when it can (the
            # mood first: it rules out ~7 in 8 sentences at half the cost of finding the subject)
            frame = _subject_before(Frame("carried", "sentence", i, s, s), i, text, sentences, blocks, rules)
        out[i] = frame
    return out


def _nearer(carried: Frame, before: Frame | None, sentences: list[tuple[int, int]]) -> Frame:
    """A source carried over from the sentences before, or the speaker of a claim sentence named
    after it ("X kritisierte ... Y wies den Vorwurf zurück. Das sei ..." goes on with Y), or in
    the sentence it was carried from: the claim speaker of "Die Zeitung meldete, der Verein habe
    ... bestätigt" is the outer one, the paper, not the subject of a verb inside its report or
    quote, which the last frame of that sentence may name."""
    if before is None or before.src is None or carried.src is None:
        return carried
    s, e = sentences[before.sentence]
    if before.src[0] <= carried.src[0] and not s <= carried.src[0] < e:
        return carried
    return before


def _untitled(frame: Frame, text: str, rules: Rules) -> Frame:
    """A pronoun's speaker without the title of the person named before ("Landrätin Anna Roth"
    -> "Anna Roth"), in a copy: the figures keep their frame."""
    x, y, titled = strip_title(text, *frame.src, rules)
    return replace(frame, src=(x, y), titled=titled or frame.titled) if (x, y) != frame.src else frame


def _goes_on(text: str, s: int, e: int, rules: Rules, opened_at: int | None) -> bool:
    """The sentence goes on reporting: reported mood in its main clause ("Zudem sollen 200
    Stellen wegfallen"; not "..., Folter läge vor" after a clause of the writer's), a quote
    opened before it, or a quote of its own with no speaker ("„Das ist falsch.“")."""
    return opened_at is not None or text[s] in rules.quotes or _reported(_main_clause(text, s, e, rules), rules)


def _reported(clause: str, rules: Rules) -> bool:
    return bool(rules.reported_mood.search(clause)) or reported_form(clause, rules)


def _main_clause(text: str, s: int, e: int, rules: Rules) -> str:
    """The sentence up to the end of its first clause, past relative clauses inside it."""
    relative, ends = rules.main_clause_marks
    return ends.split(relative.sub(" ", text[s:e]), maxsplit=1)[0]


def _reported_speaker(frame: Frame, i: int, out: dict, blocks, opened_at: int | None, text: str, sentences,
                      rules: Rules, actors) -> Frame:
    """"Der Mann habe in dem Brief geschrieben, ...": a speech event in Konjunktiv in the main
    clause is itself reported; the claim's speaker is who reports it, the speaker going on from
    the sentence before (or the subject of that sentence, when it can speak), else the verb's
    own subject."""
    s, e = sentences[i]
    # the verb's subject before it ("nach Meinung Russlands" names its source after it, no speaker)
    if frame.src is None or i == 0 or frame.src[1] > frame.start and not frame.pronoun:
        return frame
    # the finite verb before the speech verb, in the main clause ("habe ... geschrieben"), not a
    # Konjunktiv of what the verb reports ("X sagte, die Lage sei ernst")
    if not _reported(text[s:frame.start], rules) or len(_main_clause(text, s, e, rules)) < frame.start - s:
        return frame
    if _adjacent(i, out, blocks, opened_at, text, sentences, rules, actors):
        before = _carried(i, out, blocks, opened_at)
        if before is not None and before.src is not None:
            return before
    return _subject_before(frame, i, text, sentences, blocks, rules) or frame


def _subject_before(frame: Frame, i: int, text: str, sentences, blocks, rules: Rules) -> Frame | None:
    """``frame`` carried from the subject of the sentence right before in its paragraph, when
    that subject can speak ("Die Kammer prüfte den Vertrag. Dieser verstoße gegen ...")."""
    if i == 0 or blocks is not None and blocks[i - 1] != blocks[i]:
        return None
    prev = _speaking_subject(text, sentences[i - 1], rules)
    if prev is None:
        return None
    x, y, titled = strip_title(text, *prev, rules)
    return replace(frame, src=(x, y), titled=titled, name="carried", pronoun=False)


def _speaking_subject(text: str, sentence: tuple[int, int], rules: Rules) -> tuple[int, int] | None:
    """The subject opening ``sentence``, when it can speak (a body, a titled person)."""
    subject = sentence_subject(text, *sentence, rules)
    return subject if subject is not None and source_like(text[subject[0]:subject[1]], rules) else None


def _claim_reach(text: str, sentences: list[tuple[int, int]], rules: Rules) -> list[list[tuple]]:
    """Per sentence, the claim speech events that can match in it: those whose required strings
    it holds (``text.sentences``), in pattern order. Kept with the text's Folded: ``fill`` and
    ``others`` both need it."""
    whole = Folded.of(text)
    key = ("claim_reach", tuple(sentences))
    kept = whole.memo.get(key)
    if kept is not None and kept[0] is rules.claim_frames:  # the same language's frames
        return kept[1]
    out: list[list[tuple]] = [[] for _ in sentences]
    for f in rules.claim_frames:
        r = sentences_with_required(f[2], whole, sentences)
        for i in range(len(sentences)) if r is None else sorted(r):
            out[i].append(f)
    whole.memo[key] = rules.claim_frames, out
    return out


def _speech_event(text: str, index: int, s: int, e: int, rules: Rules, frames: list[tuple]) -> Frame | None:
    """The first claim speech event of the sentence that names a speaker or a pronoun, one of the
    main clause before one of a relative clause ("X, den die Zeitung zitiert, kommentierte, ...")."""
    first = None
    for frame in _speech_events(text, index, s, e, rules, frames):
        if not _in_relative(text, s, frame.start, rules):
            return frame
        first = first or frame
    return first


def _reported_aux(text: str, s: int, fs: int, rules: Rules) -> bool:
    """An auxiliary of reported mood in the verb's clause before it ("Die Polizei habe ... zurückgewiesen")."""
    words = re.findall(r"\w+", text[_clause_start(text, s, fs, rules):fs])
    return any(w.lower() in rules.reported_auxiliaries for w in words)


def _in_relative(text: str, s: int, fs: int, rules: Rules) -> bool:
    """The verb's clause opens with a relative pronoun (also after a preposition: "in der"): not
    an article before its noun ("..., die neue Regel gelte")."""
    cs = _clause_start(text, s, fs, rules)
    words = re.findall(r"[\w-]+", text[cs:fs])[:4]
    if cs <= s or not words:
        return False
    if words[0].lower() in rules.prepositions:
        words = words[1:]
    if not words or not rules.relative.fullmatch(words[0]):
        return False
    if len(words) == 1 or rules.det_word.match(words[1]):
        return True  # "das vorschlug", "den die Zeitung zitiert"
    if words[1][:1].isupper():
        return False  # an article and its noun
    return not (words[1].endswith(_ADJECTIVE_END) and len(words) > 2 and words[2][:1].isupper())


def _speech_events(text: str, index: int, s: int, e: int, rules: Rules, frames: list[tuple], skip=None):
    """Every claim speech event of the sentence that names a speaker or a pronoun, in pattern
    order, of ``frames`` (``_claim_reach``: those that can match there); none whose frame words
    start where ``skip`` (asked as the events are drawn) says its caller would drop it anyway."""
    whole, sentence = Folded.of(text), None
    for name, kind, scanner in frames:
        for m in scanner.finditer(whole, s, e):
            pattern = m.re
            fs, fe = m.span("frame")
            if skip is not None and skip(fs):
                continue
            frame = Frame(name, "sentence", index, fs, fe)
            if "src" in pattern.groupindex and m.group("src"):
                frame.src = m.span("src")
                yield frame
                continue
            if kind != "quoted" and _passive(text, s, fs, fe, rules):
                continue  # "Der Antrag wurde abgelehnt": a passive names no speaker
            if not _finite_verb(text, s, e, fs, fe, rules) or _impersonal(text, s, fs, fe, rules) \
                    or _quoted(text, s, fs, rules):
                continue
            if kind == "report" and not _reports(text, s, e, frame, rules):
                continue
            frame.src, frame.pronoun = speech_subject(text, _after_dash(text, s, fs, rules), e, (fs, fe), rules)
            antecedent = _relative_antecedent(text, s, fs, rules)
            if antecedent is not None:
                frame.src, frame.pronoun = antecedent, False
            if frame.src is not None and frame.src[0] >= fe and pronoun_after(text, fe, e, rules) is not None:
                frame.src, frame.pronoun = None, True  # "Dabei griff sie den Minister an": not the object after her
            if frame.src is not None and word_before(text, frame.src[0], s)[0].lower() in rules.object_articles:
                frame.src = None  # "hatte ... den Ausbau gefordert": an object, not the speaker
            if frame.src is None and not frame.pronoun:
                # "..., Louis Gallois, hat angekündigt": the auxiliary opens the verb's clause
                frame.src, frame.pronoun = speech_subject(text, s, e, (_clause_start(text, s, fs, rules), fe), rules)
            if frame.src is not None:
                sentence = sentence or _Sentence(text, index, s, e, rules)
                _trim_source(sentence, frame)
            if frame.src is not None or frame.pronoun:
                yield frame


def others(chosen: dict[int, Frame | None], frames: dict[int, list[Frame]], text: str,
           sentences: list[tuple[int, int]], rules: Rules) -> dict[int, list[Frame]]:
    """Further speakers of a sentence, each in a clause of its own ("Der Bürgermeister lobte die
    Helfer, die Opposition kritisierte dagegen die Warnung"): sentence -> frames, in text order."""
    out: dict[int, list[Frame]] = {}
    reach = _claim_reach(text, sentences, rules)
    for i, first in chosen.items():
        if first is None or first.src is None or first.name == "carried" or first.sentence != i:
            continue
        s, e = sentences[i]
        bounds = clause_bounds(text, s, e, rules.clause_breaks)
        taken, clauses, more = [first.src], {clause_of(first.start, bounds)}, []
        # not a participle of another clause ("4.800 Männer und Frauen haben sich gemeldet")
        pool = [f for f in frames.get(i, []) if f.src is not None and f.scope != "prev" and f.name != "carried"
                and text[f.start:f.end].lower() not in rules.participles]
        # the events drawn after the pool: one in a clause taken by then is not worked out
        events = _speech_events(text, i, s, e, rules, reach[i], lambda fs: clause_of(fs, bounds) in clauses)
        for f in chain(pool, events):
            clause = clause_of(f.start, bounds)
            if f.src is None or clause in clauses or any(f.src[0] < y and x < f.src[1] for x, y in taken):
                continue
            taken.append(f.src)
            clauses.add(clause)
            more.append(f)
        if more:
            out[i] = sorted(more, key=lambda f: f.start)
    return out


def _finite_verb(text: str, s: int, e: int, fs: int, fe: int, rules: Rules) -> bool:
    """The frame word is a verb that can speak: not an infinitive ("um ihn zu kritisieren"), not
    an attributive participle between an article and its noun ("die kritisierte Reform"), and a
    separable stem only with its particle closing a clause ("schlug ... vor, ..."; not "schlug zu")."""
    before = word_before(text, fs, s)[0]
    if before.lower() in rules.infinitive_markers:
        return False
    after = re.match(r"\s+(\w)", text[fe:e])
    if rules.capitalised_nouns and rules.det_word.match(before) and before.lower() not in rules.article_pronouns \
            and after and after.group(1).isupper():
        return False  # a noun follows: the verb form is an adjective
    closing = rules.particle_closing(text[fs:fe].lower())
    return closing is None or closing.search(text, fe, e) is not None


def _relative_antecedent(text: str, s: int, fs: int, rules: Rules) -> tuple[int, int] | None:
    """"..., von Ägypten, das vorschlug, ...": a relative pronoun alone before the verb is its
    subject, and the noun phrase it follows is the speaker."""
    cs = _clause_start(text, s, fs, rules)
    words = text[cs:fs].split()
    if cs <= s or len(words) != 1 or not rules.relative.fullmatch(words[0]):
        return None
    head = text[s:cs].rstrip()
    if not head.endswith(","):
        return None
    return np_ending(text, s, s + len(head) - 1, rules)


def _quoted(text: str, s: int, fs: int, rules: Rules) -> bool:
    """The verb stands inside a quote opened in its sentence: the quoted speaker's words
    ("„Wer lügt, kann nicht erwarten, dass ...“"), not who speaks them."""
    open_marks: list[str] = []
    for ch in text[s:fs]:
        if open_marks and ch == rules.quotes[open_marks[-1]]:
            open_marks.pop()
        elif ch in rules.quotes:
            open_marks.append(ch)
    return bool(open_marks)


def _after_dash(text: str, s: int, fs: int, rules: Rules) -> int:
    """Where the verb's sentence part starts: after a dash joining two main clauses ("In 35
    Fällen ... ab – der Experte X stellt fest: ..."), not after a pair around an insertion."""
    if not rules.clause_dashes:
        return s
    dashes = [m.end() for m in re.finditer(r"\s(?:" + "|".join(map(re.escape, rules.clause_dashes)) + r")\s", text[s:fs])]
    return s + dashes[-1] if len(dashes) % 2 else s


def _impersonal(text: str, s: int, fs: int, fe: int, rules: Rules) -> bool:
    """An impersonal subject in the verb's clause ("An drei Stellen habe man ... festgestellt",
    "..., sagte man"): the speaker is unnamed, not a noun phrase near the verb."""
    if not rules.impersonal_subjects:
        return False
    after = re.match(r"\s+(\w+)", text[fe:fe + 20])
    words = re.findall(r"\w+", text[_clause_start(text, s, fs, rules):fs]) + ([after.group(1)] if after else [])
    return any(w.lower() in rules.impersonal_subjects for w in words)


def _reports(text: str, s: int, e: int, frame: Frame, rules: Rules) -> bool:
    """A verb of saying reports with a complement ("erklärte, dass ..."; not "erklärte den
    Notstand") or after an inversion mark ("..., hatte X gesagt")."""
    if _clause_start(text, s, frame.start, rules) > s:
        return True
    return verb_reports(text, s, e, (frame.start, frame.end), rules, False) and _complement(text, e, frame.end, rules)


# A comma opening a relative clause on the noun before it: "rief die Feuerwehr, die nach zehn
# Minuten kam" (a pronoun and a word of the clause), not "sagte, die neue Regel gelte" (an
# article, an adjective and its noun).
_RELATIVE_COMMA = re.compile(r"(?<=\w),\s*(\w+)\s+(\w+)(?:\s+(\w))?")
_ADJECTIVE_END = ("e", "en", "er", "es", "em")


def _complement(text: str, e: int, fe: int, rules: Rules) -> bool:
    """A complement follows the verb (speech_complement) that is not a comma opening a relative
    clause on a noun (capitalised-noun languages, where a noun before the comma shows)."""
    if rules.speech_complement is None:
        return True
    for m in rules.speech_complement.finditer(text, fe, e):
        if not (rules.capitalised_nouns and _relative_comma(text, m.start(), e, rules)):
            return True
    return False


def _relative_comma(text: str, at: int, e: int, rules: Rules) -> bool:
    before = word_before(text, at, 0)[0]
    m = _RELATIVE_COMMA.match(text, at, e)
    if m is None or not before[:1].isupper() or not rules.relative.match(m.group(1)):
        return False
    first, after = m.group(2), m.group(3) or ""
    if first[:1].isupper() or (first.endswith(_ADJECTIVE_END) and after.isupper()):
        return False  # an article and its noun: "sagte, die neue Regel ..."
    return True


def _clause_start(text: str, s: int, fs: int, rules: Rules) -> int:
    """Where the verb's clause starts: after the last inversion mark before it, past spaces."""
    head = text[s:fs]
    start = s + max(map(head.rfind, rules.inversion_marks), default=-1) + 1
    return start + len(text[start:fs]) - len(text[start:fs].lstrip())


def _passive(text: str, s: int, fs: int, fe: int, rules: Rules) -> bool:
    """A passive auxiliary in the verb's clause before it, or right after it ("zitiert wird")."""
    clause = text[_clause_start(text, s, fs, rules):fs]
    after = re.match(r"\s+(\w+)", text[fe:fe + 20])
    words = [w.lower() for w in re.findall(r"\w+", clause)] + ([after.group(1).lower()] if after else [])
    return any(w in rules.passive_aux for w in words)


def _resolve_pronoun(frame: Frame, i: int, out: dict, sentences, blocks, persons, text: str,
                     rules: Rules) -> Frame | None:
    """"Sie wird ... zitiert": the last speaker before, or a person named after that speaker,
    else the subject of the sentence before when it can speak ("Die Ministerin trat zurück.")."""
    before = _carried(i, out, blocks, None)
    lo = sentences[max(0, i - LOOKBACK)][0]
    named = [p for p in persons or [] if lo <= p[0] and p[1] <= sentences[i][0]]
    if named and (before is None or named[-1][0] >= before.src[1]):
        if _disagrees(text, sentences[i], frame, named[-1], rules):
            return None
        x, y, frame.titled = strip_title(text, *named[-1], rules)  # "Landrätin Anna Roth" -> "Anna Roth"
        frame.src = (x, y)
        return frame
    if before is None:
        prev = _speaking_subject(text, sentences[i - 1], rules) if i > 0 else None
        if prev is None or _disagrees(text, sentences[i], frame, prev, rules):
            return None
        x, y, frame.titled = strip_title(text, *prev, rules)
        frame.src = (x, y)
        return frame
    if rival_subject(text, sentences, i, before.src, rules) or _disagrees(text, sentences[i], frame, before.src, rules):
        return None
    frame.src, frame.relay, frame.titled = before.src, before.relay, before.titled
    return frame


def _disagrees(text: str, sentence: tuple[int, int], frame: Frame, mention: tuple[int, int], rules: Rules) -> bool:
    """The pronoun naming the speaker of ``frame`` cannot refer to ``mention`` ("Er
    bestätigte ..." after "die Zeitung"): no speaker beats a wrong one."""
    at = pronoun_of(text, sentence, frame, rules)
    excluded = rules.pronoun_excludes.get(text[at[0]:at[1]].lower()) if at else None
    return bool(excluded) and word_before(text, mention[0], 0)[0].lower() in excluded


def _adjacent(i: int, out: dict, blocks, opened_at: int | None, text: str, sentences, rules: Rules,
              actors: list[tuple[int, int]] | None) -> bool:
    """Reported speech goes on from the sentence right before it (or the one its quote opened in),
    or over one sentence with no speaker whose subject is no new actor ("X sagte, ... . Eigentlich
    öffne der Markt im April. Die Preise seien gestiegen."). Past two such sentences, or one
    whose subject is another actor ("Die Agentur wirft dem Land vor, ... . Das Land bestreitet
    das. Es habe ..."), whose it is is doubtful. ``fill`` keeps a carry from the subject of the
    sentence right before ("Die Stadt hatte das Fest abgesagt. Ein neuer Termin solle ...")."""
    def spoken(j: int) -> bool:
        return out.get(j) is not None and out[j].src is not None

    def same_block(j: int) -> bool:
        return j >= 0 and (blocks is None or blocks[j] == blocks[i])

    if opened_at is not None or not same_block(i - 1) or spoken(i - 1):
        return True
    if not (same_block(i - 2) and spoken(i - 2)):
        return False
    subject = sentence_subject(text, *sentences[i - 1], rules)
    return subject is None or not (source_like(text[subject[0]:subject[1]], rules)
                                   or any(a < subject[1] and subject[0] < b for a, b in actors or []))


def _carried(i: int, out: dict, blocks, opened_at: int | None) -> Frame | None:
    """The speaker of the nearest sentence before ``i`` in its paragraph that has one (of the
    sentence where the quote around ``i`` opened, when it did)."""
    if opened_at is not None and out.get(opened_at) is not None:
        return out[opened_at]
    for j in range(i - 1, max(-1, i - 1 - LOOKBACK), -1):
        if blocks is not None and blocks[j] != blocks[i]:
            return None
        if out.get(j) is not None and out[j].src is not None:
            return out[j]
    return None


def _quote_openings(text: str, sentences: list[tuple[int, int]], rules: Rules) -> dict[int, int]:
    """Sentence -> the earlier sentence in which a quote running into it opened."""
    starts = [s for s, _ in sentences]
    out: dict[int, int] = {}
    for a, b in quote_spans(text, rules.quotes):
        first = _sentence_at(starts, a)
        for i in range(first + 1, len(sentences)):
            if sentences[i][0] >= b:
                break
            out[i] = first
    return out


def _sentence_at(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)
