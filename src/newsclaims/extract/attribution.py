"""Attribution: to whom a figure or a sentence is attributed (ANNOTATION.md G).

Find, then resolve:

* ``find_frames`` runs the language's frame patterns (``lang/<code>/attribution.yaml``) over
  each sentence and returns ``Frame`` records: the frame words ("laut", "zufolge", "sagte"),
  the source mention (no article) and how far the frame reaches. Reporting verbs get their
  subject by position (before the verb, or after it in "..., sagte X"); chains ("Yonhap unter
  Berufung auf den NIS") keep the outer outlet as ``relay``; "Demnach ..." takes the source of
  the sentence before; a sentence that opens with "Diese Zahlen ..." hands its source back to
  the figures of the sentence before it.
* ``resolve`` picks the frame that governs a character position: the speaker of a quote
  around it, else a frame in the same clause, else the nearest frame in the sentence, else a
  link-back frame in the next sentence.
* ``to_attribution`` turns a frame into a ``report.Attribution`` (kind, canonical name, entity).

Everything here is pure and testable without spaCy except the component at the bottom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from ..lang import alternation, load
from ..report import Attribution, Entity, Span
from . import doc_text, findings, mirror_spans
from .prefilter import Folded, Scanner

SPAN_KEY = "newsclaims_attribution"
USER_DATA_KEY = "newsclaims.attribution"

# Chains ("Yonhap unter Berufung auf den NIS"): True credits the origin (NIS) and keeps the
# outlet as ``relay``; False credits the outlet that reports it.
CHAIN_TO_ORIGIN = True
# A frame's source mention may be found at most this many characters before a chained
# "unter Berufung auf / citing" phrase for the chain to apply.
RELAY_MAX_GAP = 60
# A quote's speaker frame must start within this many characters after the closing mark
# ("“, sagte X") or end within this many before the opening mark ("X: „").
QUOTE_SPEAKER_GAP = 4
# A first word counts as a class noun ("Hilfsorganisation") when its matched part ends it,
# at most this many characters from its end.
CLASS_NOUN_TAIL = 14
# ... or when its matched part ends at most this many characters before the word's end
# ("Hilfsorganisation", "Nachrichtenagentur", "Verteidigungsministeriums").
CLASS_NOUN_END = 3
# A mention of more capitalised words than this is not taken for a person's name.
PERSON_MAX_WORDS = 4
# A person entity names the source only when it covers this share of the mention.
PERSON_COVER = 0.5
# A word ending in a title this long counts as the title ("Kremlsprecher", "Pentagon-Sprecher").
TITLE_SUFFIX_MIN = 5
# A speaker frame may end this many characters before "X sagte BILD: „...".
QUOTE_COLON_GAP = 40
# How many sentences back a sentence in reported speech looks for its speaker.
CARRY_LOOKBACK = 2
# How many sentences back a pronoun subject ("Er sagte") looks for its named speaker.
PRONOUN_LOOKBACK = 3
# A country or place stands for its government only when it covers this share of the mention
# ("Kiew", "Southern Lebanon"), not when it is an adjective inside a name ("Deutsche Bahn").
PLACE_COVER = 0.8
ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,}\b")
# Entity kinds preferred as the entity of a source mention, best first.
ENTITY_PREFERENCE = ["person", "organization", "group", "country", "place"]
# Entity subtypes (from the entity extractor) that map to a source kind.
SUBTYPE_KIND = {
    "government_or_military": "government_or_military", "intelligence": "government_or_military",
    "ministry": "government_or_military", "armed_group": "named_organization",
    "media": "media_report", "international": "named_organization", "party": "named_organization",
    "company": "named_organization", "ngo": "named_organization", "research": "named_organization",
    "parliament": "government_or_military",
}


@dataclass
class Frame:
    name: str
    scope: str  # clause | sentence | speech | prev
    sentence: int
    start: int  # the frame words, doc offsets
    end: int
    src: tuple[int, int] | None = None
    relay: tuple[int, int] | None = None
    link_next: bool = False  # the sentence names the origin of the sentence before's figures
    pronoun: bool = False
    titled: bool = False  # a person title was stripped from the mention
    determined: bool = False  # an article stood before the mention ("die Versicherer")
    indefinite: bool = False  # an indefinite article or "one" stood before it ("a business group")

    @property
    def first(self) -> int:
        return min(self.start, self.src[0]) if self.src else self.start

    @property
    def last(self) -> int:
        return max(self.end, self.src[1]) if self.src else self.end


class Rules:
    """A language's attribution data, compiled."""

    def __init__(self, code: str):
        data = load(code)
        self.code = code
        pats = case_sensitive_patterns(code, "attribution")
        self.frames = [(name, scope, pats[name]) for name, scope in data.mapping("attribution", "frames").items()]
        # The same, each with a Scanner (exactly ``rx.finditer``, tried only where it can match).
        self.frame_scanners = [(name, scope, rx, Scanner(rx)) for name, scope, rx in self.frames]
        self.relay = pats["relay"]
        self.anaphor = pats["anaphor"]
        self.np = pats["np"]
        self.after_verb = re.compile(r"\s+(?:" + pats["det"].pattern + r"\s+)?(?P<src>" + pats["np"].pattern + ")")
        self.det_word = re.compile(r"^(?:" + pats["det"].pattern + r")$")
        self.appositive = re.compile(r",\s*(?:(?:" + pats["det"].pattern + r")\s+)?")
        # A subject with an appositive filling the sentence up to its verb ("Der Vorsitzende des
        # Verbands, Hans Müller, schätzt ...", "Der Betreiber, die X GmbH, beschäftigt ...").
        self.appositive_subject = re.compile(r"\s*(?P<head>[^,.;:!?\"“”„»«]{1,80}?)\s*,\s*(?:(?:" + pats["det"].pattern
                                             + r")\s+)?(?P<name>" + pats["np"].pattern + r")\s*,\s*$")
        self.appositive_open = re.compile(r",\s*(?:(?:" + pats["det"].pattern + r")\s+)?$")
        settings = data.mapping("attribution", "settings")
        self.subject_position = settings.get("subject_position", "first")
        # A dateline opening a sentence ("Tel Aviv (dpa) - "): never the subject of its verb.
        self.dateline = re.compile(str(settings.get("dateline") or "(?!)"))
        # Frames whose source is the subject of the whole sentence ("X hat nach eigenen Angaben ...").
        self.subject_frames = {str(w) for w in settings.get("sentence_subject_frames") or []}
        self.subject_gap = {str(w) for w in settings.get("subject_gap") or []}
        # "sagte ein Polizeisprecher der Deutschen Presse-Agentur": a dative after a speaker's title
        # names whom it was told, not whom the speaker speaks for, when it is an outlet.
        rc = [str(w) for w in settings.get("recipient_connectors") or []]
        self.recipient = re.compile(r"\s+(?:" + "|".join(map(re.escape, rc)) + r")\s+") if rc else None
        pp = [str(w) for w in settings.get("subject_pp") or []]
        word = r"(?!(?:" + "|".join(map(re.escape, sorted(str(w) for w in settings.get("verb_coordinators") or []) or ["(?!)"])) + r")\b)[a-z][\w-]*"
        self.pp_gap = re.compile(r"\b(?:" + "|".join(map(re.escape, pp)) + r")\s+(?:(?:" + pats["det"].pattern
                                 + r")\s+)?(?:" + word + r"\s+){0,2}" + word + r"\b") if pp else None
        self.recipient_verbs = {str(w).lower() for w in settings.get("recipient_verbs") or []}
        self.dative = {str(w).lower() for w in settings.get("dative_articles") or []}
        # Words marking an unnamed, indefinite source ("a business group", "eine Hilfsorganisation").
        self.indefinites = {str(w).lower() for w in settings.get("indefinites") or []}
        # Whether the language capitalises every noun (then capitals do not mark a name).
        self.capitalised_nouns = bool(settings.get("capitalised_nouns", False))
        self.coordinators = {str(w) for w in settings.get("verb_coordinators") or []}
        complement = str(settings.get("speech_complement") or "")
        self.speech_complement = re.compile(complement) if complement else None
        self.report_verbs = {w.lower() for w in data.words("attribution", "report_verbs")}
        self.participles = {w.lower() for w in data.words("attribution", "publish_participles")}
        self.passive_aux = {w.lower() for w in data.words("attribution", "passive_auxiliaries")}
        self.inversion_marks = str(settings.get("inversion_marks", ","))
        self.prepositions = {w.lower() for w in data.words("attribution", "prepositions")}
        self.non_source = set(data.words("attribution", "non_source_nouns"))
        self.titles = set(data.words("attribution", "person_titles"))
        self.title_cache: dict[str, bool] = {}
        # Lowercased once: the titles a word may end in, and all titles longest first.
        self.title_suffixes = tuple(t.lower() for t in self.titles if len(t) >= TITLE_SUFFIX_MIN)
        self.titles_by_length = sorted(self.titles, key=len, reverse=True)
        self.titles_low = {t.lower() for t in self.titles}
        self.pronouns = set(data.words("attribution", "pronouns"))
        self.quotes = {str(k): str(v) for k, v in data.mapping("attribution", "quotes").items()}
        self.clause_breaks = data.words("attribution", "clause_breaks")
        self.kind_patterns = {k: re.compile(v) for k, v in data.mapping("attribution", "kind_patterns").items()}
        self.names = {str(k): str(v) for k, v in data.mapping("attribution", "names").items()}
        self.speech_verbs = {w.lower() for w in data.words("attribution", "speech_verbs")}
        self.anonymous_heads = set(data.words("attribution", "anonymous_heads"))
        plural_head = data.get("attribution", "plural_head", str)  # optional
        self.plural_head = re.compile(plural_head) if plural_head else None
        self.member_of = re.compile(r"\S+\s+(?:" + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:"
                                    + pats["det"].pattern + r"\s+)?")
        self.role_of = re.compile(r"(?:\S+-)?(?:" + alternation(data.words("attribution", "person_titles")) + r")\s+(?:"
                                  + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:" + pats["det"].pattern + r"\s+)?")
        self.info_head = re.compile(r"(?:" + pats["det"].pattern + r"\s+)?(?:[\w-]*" + alternation(data.words("attribution", "info_nouns"))
                                    + r")\s+(?:" + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:"
                                    + pats["det"].pattern + r"\s+)?(?=\w)", re.IGNORECASE)
        # Reportive mood (German Konjunktiv I, "sollen"): a sentence in it continues the source before.
        self.reported_mood = re.compile(str(data.get("attribution", "carry_mood", str)))
        # A sentence comparing its figures with an earlier period ("... more than a year earlier")
        # continues the statistic of the sentence before.
        self.carry_compare = re.compile(str(data.get("attribution", "carry_compare", str)))
        # A clause opening with this continues the clause before ("..., compared with 3,540 a
        # year earlier"): a frame of that clause reaches into it.
        self.continuation = re.compile(r"\s*(?:" + str(data.get("attribution", "clause_continuation", str)) + r")")
        # A clause after a postposed speech frame that goes on reporting ("..., police said, adding
        # that 30 were hurt").
        self.speech_goes_on = re.compile(r"\s*(?:" + str(data.get("attribution", "speech_goes_on", str)) + r")")
        # A clause opening with one of these is a relative clause (see Resolver._relative_elsewhere).
        self.relative = re.compile(r"\s*(?:" + alternation(data.words("attribution", "relative_openers")) + r")\b")


@lru_cache(maxsize=None)
def case_sensitive_patterns(code: str, name: str) -> dict:
    """A data file's patterns compiled without IGNORECASE (capitals carry meaning here)."""
    return load(code).patterns(name, flags=0)


@lru_cache(maxsize=None)
def rules_for(code: str) -> Rules:
    return Rules(code)


# ---------------------------------------------------------------- clauses and quotes

def clause_bounds(text: str, start: int, end: int, breaks) -> list[int]:
    """Doc offsets where a new clause starts inside the sentence [start, end)."""
    sent = text[start:end]
    cuts = set()
    for b in breaks:
        i = sent.find(b)
        while i >= 0:
            cuts.add(start + i + len(b))
            i = sent.find(b, i + 1)
    return sorted(cuts)


def clause_of(pos: int, bounds: list[int]) -> int:
    return sum(1 for b in bounds if b <= pos)


def quote_spans(text: str, quotes: dict[str, str]) -> list[tuple[int, int]]:
    """Quoted passages [open, close] (the marks included), outermost, in order."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in quotes:
            close = quotes[ch]
            j = text.find(close, i + 1)
            # A quote runs over a few sentences at most; an unmatched mark is not a quote.
            if j > i and j - i <= 2000:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


# ---------------------------------------------------------------- finding frames

def _word_before(text: str, pos: int, floor: int) -> tuple[str, int]:
    m = re.search(r"([\w.’'-]+)\W*$", text[floor:pos])
    return (m.group(1), floor + m.start(1)) if m else ("", pos)


def _valid_subject(text: str, start: int, end: int, floor: int, rules: Rules) -> bool:
    words = text[start:end].split()
    if not words or words[-1] in rules.non_source:
        return False
    if words[0] in rules.non_source and not rules.info_head.match(text, start, end):
        return False  # "Zahlen", "Bericht" alone; "Ein Bericht des Spiegel beziffert ..." names the outlet
    prev, at = _word_before(text, start, floor)
    if prev and any(c.isdigit() for c in prev) and not text[at + len(prev):start].strip():
        return False  # "mit 2,4 Prozent", "17 Tote": a unit or a counted noun, not a speaker
    if prev and rules.det_word.match(prev):
        prev, at = _word_before(text, at, floor)
    return prev.lower() not in rules.prepositions


def _is_title(word: str, rules: Rules) -> bool:
    hit = rules.title_cache.get(word)
    if hit is None:
        hit = rules.title_cache[word] = _is_title_uncached(word, rules)
    return hit


def _is_title_uncached(word: str, rules: Rules) -> bool:
    low = word.lower()
    return any(low == t.lower() or (len(t) >= TITLE_SUFFIX_MIN and low.rstrip("s").endswith(t.lower())) or low == t.lower() + "s"
               for t in rules.titles)


def _title_prefix(word: str, rules: Rules) -> str:
    """"Polizeisprecher" -> "Polizei", "Pentagon-Sprecher" -> "Pentagon"; "" for a bare title."""
    low = word.lower()
    if low in rules.titles_low or (low.endswith("s") and low[:-1] in rules.titles_low):
        return ""  # a title of its own ("Bürgermeisters"), not "Bürger" + "Meister"
    for t in rules.titles_by_length:
        tl = t.lower()
        for form in (tl + "s", tl):
            if low.endswith(form) and len(low) > len(form):
                return word[:len(word) - len(form)].rstrip("-")
    return ""


def _strip_title(text: str, start: int, end: int, rules: Rules) -> tuple[int, int, bool]:
    """Drop a person's title ("Pentagon-Sprecher John Kirby" -> "John Kirby")."""
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group(0)
        last = word.rsplit("-", 1)[-1]
        low = word.lower()
        if word in rules.titles or last in rules.titles or low.endswith(rules.title_suffixes):
            rest = text[start + m.end():end]
            name = rest.lstrip()
            if name and name[0].isupper() and not name.startswith("(") \
                    and not any(p.search(name) for p in rules.kind_patterns.values()):
                # titles in a row: "Chief Constable Mark Hill", "Chief Superintendent Rachel Oduya"
                return _strip_title(text, end - len(name), end, rules)[:2] + (True,)
    return start, end, False


def _source_like(mention: str, rules: Rules) -> bool:
    return any(p.search(mention) for p in rules.kind_patterns.values()) or any(
        w in rules.titles for w in mention.split())


def _gap_ok(text: str, a: int, b: int, nps, rules: Rules) -> bool:
    """Only gap words (and other noun phrases, "in Seoul") between a subject and its verb."""
    gap = list(text[a:b])
    for x, y in nps:
        if x >= a and y <= b:
            gap[x - a:y - a] = " " * (y - x)
    # a prepositional phrase after the subject ("A spokeswoman for the hospital said")
    gap = rules.pp_gap.sub(" ", "".join(gap)) if rules.pp_gap is not None else "".join(gap)
    return all(w in rules.subject_gap or w.lower() in rules.prepositions or rules.det_word.match(w) for w in "".join(gap).split())


def _speech_frame_ok(text: str, s_start: int, s_end: int, frame: Frame, rules: Rules, anaphoric: bool) -> bool:
    """A reporting verb is a frame when it reports: it takes a figure as object (report_verbs),
    a complement follows it (comma, colon, "dass", a quote), it follows a comma or a quote
    ("..., sagte X"), or its sentence points back at figures ("Das teilte X mit")."""
    if anaphoric or frame.name != "speech":
        return True
    verb = text[frame.start:frame.end].lower()
    seg = text[s_start:frame.start]
    if verb in rules.participles and any(w.lower() in rules.passive_aux for w in re.findall(r"\w+", seg)):
        return False  # "Im Jahr wurden 3.400 Einbrüche gezählt": a passive names no source
    if rules.speech_complement is None:
        return True
    if verb in rules.report_verbs:
        return True
    if re.search(r"[" + re.escape(rules.inversion_marks) + r"]\s*$", text[s_start:frame.start]):
        return True
    return bool(rules.speech_complement.search(text, frame.end, s_end))


def _drop_recipient(text: str, src: tuple[int, int], rules: Rules) -> tuple[int, int]:
    """"Polizeisprecher der Deutschen Presse-Agentur" -> "Polizeisprecher" (the outlet was told)."""
    m = rules.recipient.search(text, src[0], src[1])
    if m is None:
        return src
    head = text[src[0]:m.start()].split()
    if head and _is_title(head[-1], rules) and rules.kind_patterns["media_report"].search(text, m.end(), src[1]):
        return src[0], m.start()
    return src


def _speech_subject(text: str, s_start: int, s_end: int, verb: tuple[int, int], rules: Rules):
    """The subject of a reporting verb: (src span, pronoun?)."""
    vs, ve = verb
    d = rules.dateline.match(text, s_start, vs)
    if d:
        s_start = d.end()
    seg = s_start
    for i in range(vs - 1, s_start - 1, -1):
        if text[i] in rules.inversion_marks and not (text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
            seg = i + 1  # a decimal comma ("2,4 Prozent") interrupts nothing
            break
    before = text[seg:vs]
    cands = []
    coordinated = False
    if before.strip():
        found = [(seg + m.start(), seg + m.end()) for m in rules.np.finditer(before)]
        cands = [c for c in found if _valid_subject(text, c[0], c[1], s_start, rules)]
        if rules.subject_position == "last":
            near = [c for c in cands if _gap_ok(text, c[1], vs, found, rules)]
            words = before.split()
            # "X blamed ... and said ...": a coordinated verb shares the clause's subject
            coordinated = bool(words) and words[-1] in rules.coordinators
            cands = near or (cands[:1] if coordinated else [])
    m = None if text[vs:ve].lower() in rules.recipient_verbs else rules.after_verb.match(text, ve, s_end)
    after = (m.start("src"), m.end("src")) if m and _valid_subject(text, m.start("src"), m.end("src"), s_start, rules) else None
    if before.strip():
        if cands:
            pick = cands[0] if rules.subject_position == "first" else cands[-1]
            # "Den Sachschaden schätzt die Polizei ...": an object before the verb, the source after it.
            if rules.subject_position == "first" and after and not _source_like(text[pick[0]:pick[1]], rules) \
                    and _source_like(text[after[0]:after[1]], rules):
                return after, False
            # "Dem Sender n-tv sagte Minister X": a dative before the verb is whom it was told
            if after and _word_before(text, pick[0], s_start)[0].lower() in rules.dative:
                return after, False
            return pick, False
        if any(w in rules.pronouns for w in before.split()):
            return None, True
    if not before.strip() and seg > s_start:
        app = rules.appositive_subject.fullmatch(text, s_start, seg)
        head = app.group("head").split() if app else []
        if app and head and head[0].lower() not in rules.prepositions and rules.np.search(app.group("head")) \
                and _valid_subject(text, app.start("name"), app.end("name"), s_start, rules):
            return (app.start("name"), app.end("name")), False
    if after and rules.subject_position == "last" and not before.strip() and seg > s_start:
        follow = text[after[1]:s_end].split(None, 1)
        word = follow[0] if follow else ""
        if word[:1].isalpha() and word.lower() not in rules.prepositions and not rules.det_word.match(word):
            # "U.S. officials, speaking ..., said Washington was weighing ...": the noun after the
            # verb opens the reported clause; the speaker opens the sentence
            opening = [(s_start + m.start(), s_start + m.end()) for m in rules.np.finditer(text[s_start:seg])]
            opening = [c for c in opening if _valid_subject(text, c[0], c[1], s_start, rules)]
            speaker = next((c for c in opening if _source_like(text[c[0]:c[1]], rules)), None)
            if speaker is not None:
                return speaker, False
    if after:
        return after, False
    nxt = text[ve:ve + 12].split()
    if nxt and nxt[0].strip(",") in rules.pronouns:
        return None, True  # "..., sagte er der Zeitung": not the noun phrase opening the sentence
    if (not before.strip() or coordinated) and seg > s_start:
        # "Yonhap, citing the NIS, reported ...", "X, a private group, says ...":
        # the subject opens the sentence, before the interruption.
        cands = [(s_start + m.start(), s_start + m.end()) for m in rules.np.finditer(text[s_start:seg])]
        cands = [c for c in cands if _valid_subject(text, c[0], c[1], s_start, rules)]
        if cands:
            if not any(ch.isupper() for ch in text[cands[0][0]:cands[0][1]]):
                # "A group linked to al-Qaeda, JNIM, claimed ...": the appositive names the subject
                for c in cands[1:]:
                    if text[c[0]:c[1]][:1].isupper() and text[c[1]:c[1] + 1] == "," \
                            and rules.appositive_open.search(text, s_start, c[0]):
                        return c, False
            return cands[0], False
    after = text[ve:ve + 12].split()
    return None, bool(after and after[0].strip(",") in rules.pronouns)


def _sentence_subject(text: str, s_start: int, frame_start: int, rules: Rules) -> tuple[int, int] | None:
    """The subject opening a sentence for a frame that refers back to it ("Die Armee hat nach
    eigenen Angaben ..."): the first noun phrase after a dateline; an appositive right after it
    names it ("Der Betreiber, die Rheinlog GmbH, ...")."""
    d = rules.dateline.match(text, s_start, frame_start)
    start = d.end() if d else s_start
    for m in rules.np.finditer(text, start, frame_start):
        a, b = m.start(), m.end()
        if not _valid_subject(text, a, b, start, rules):
            continue
        app = rules.appositive.match(text, b, frame_start)
        if app:
            n = rules.np.match(text, app.end(), frame_start)
            if n and text[n.end():n.end() + 1] == ",":
                return n.start(), n.end()
        return a, b
    return None


def find_frames(text: str, sentences: list[tuple[int, int]], rules: Rules, blocks: list[int] | None = None,
                persons: list[tuple[int, int]] | None = None) -> list[Frame]:
    """Frames of every sentence; ``blocks`` (a block index per sentence) keeps carried
    attribution inside its paragraph; ``persons`` (person name spans) name the speaker a
    pronoun subject refers to when no frame stands closer."""
    frames: list[Frame] = []
    # Frame patterns none of whose required strings occur in the whole text cannot match in any
    # of its sentences; the others run on each sentence as before (through a Scanner, which gives
    # exactly ``pattern.finditer(sent)``).
    whole = Folded(text)
    active = [f for f in rules.frame_scanners if f[3].pre.may_match(whole)]
    for si, (s_start, s_end) in enumerate(sentences):
        sent = text[s_start:s_end]
        anaphoric = bool(rules.anaphor.search(sent))
        taken: list[tuple[int, int]] = []
        here: list[Frame] = []
        for name, scope, pattern, scanner in active:
            for m in scanner.finditer_slice(whole, s_start, s_end, sent):
                a, b = s_start + m.start(), s_start + m.end()
                if any(a < y and x < b for x, y in taken):
                    continue
                fs, fe = (m.start("frame"), m.end("frame")) if "frame" in pattern.groupindex and m.group("frame") else (m.start(), m.end())
                frame = Frame(name, scope, si, s_start + fs, s_start + fe)
                if "src" in pattern.groupindex and m.group("src"):
                    frame.src = (s_start + m.start("src"), s_start + m.end("src"))
                elif name in rules.subject_frames:
                    frame.src = _sentence_subject(text, s_start, frame.start, rules)
                    if frame.src is None:
                        frame.pronoun = True
                elif scope == "speech":
                    if not _speech_frame_ok(text, s_start, s_end, frame, rules, anaphoric):
                        continue
                    frame.src, frame.pronoun = _speech_subject(text, s_start, s_end, (frame.start, frame.end), rules)
                    if frame.src and rules.recipient is not None:
                        frame.src = _drop_recipient(text, frame.src, rules)
                    if frame.src is None and not frame.pronoun:
                        continue
                    if frame.src:
                        a, b = min(a, frame.src[0]), max(b, frame.src[1])
                if frame.src:
                    x, y = frame.src
                    if y - x > 2 and text[x] in rules.quotes and text[y - 1] in rules.quotes.values():
                        x, y = x + 1, y - 1  # „Spiegel“ -> Spiegel
                    head = rules.info_head.match(text, x, y)
                    if head and head.end() < y:  # "Bericht der Denkfabrik RAND" -> "Denkfabrik RAND"
                        x = head.end()
                    x, y, frame.titled = _strip_title(text, x, y, rules)
                    frame.src = (x, y)
                    prev, _ = _word_before(text, x, s_start)
                    frame.determined = bool(prev) and bool(rules.det_word.match(prev))
                    first = text[x:y].split(None, 1)
                    frame.indefinite = prev.lower() in rules.indefinites or (len(first) == 2 and first[0].lower() in rules.indefinites)
                taken.append((a, b))
                here.append(frame)
        # chains: "X unter Berufung auf Y" -> Y is the origin, X the relay
        for m in rules.relay.finditer(sent):
            ra, rs = s_start + m.start(), (s_start + m.start("src"), s_start + m.end("src"))
            best = None
            for f in here:
                if f.src and f.src[1] <= ra and ra - f.src[1] <= RELAY_MAX_GAP and f.src != rs:
                    if best is None or f.src[1] > best.src[1]:
                        best = f
            # A relay is an outlet passing on another's figure ("Yonhap unter Berufung auf den
            # NIS"); an institution citing its own intelligence stays the source.
            # "unter Berufung auf ein internes Papier": an unnamed document names no origin.
            prev, _ = _word_before(text, rs[0], s_start)
            unnamed = prev.lower() in rules.indefinites and not _source_like(text[rs[0]:rs[1]], rules)
            if best is not None and CHAIN_TO_ORIGIN and not unnamed \
                    and rules.kind_patterns["media_report"].search(text[best.src[0]:best.src[1]]):
                x, y, titled = _strip_title(text, rs[0], rs[1], rules)
                best.relay, best.src, best.titled = best.src, (x, y), titled
        if anaphoric:
            for f in here:
                if f.src and f.scope != "prev":
                    f.link_next = True
        if not here:
            m = rules.reported_mood.search(sent)
            if m:
                here.append(Frame("carried", "sentence", si, s_start + m.start(), s_start + m.end(), pronoun=False))
        here.sort(key=lambda f: f.start)
        frames.extend(here)
    _resolve_links(frames, blocks, sentences, persons)
    return frames


def _resolve_links(frames: list[Frame], blocks: list[int] | None = None,
                   sentences: list[tuple[int, int]] | None = None, persons: list[tuple[int, int]] | None = None) -> None:
    """Give "Demnach ..." and pronoun subjects the source of the sentences before."""
    by_sentence: dict[int, list[Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    for f in frames:
        if f.src is not None:
            continue
        if f.scope == "prev":
            # "Demnach ...", "nach seiner Einschätzung": the source of the sentence before, or
            # of the last one before it in the paragraph that has one
            for back in range(1, PRONOUN_LOOKBACK + 1):
                if back > 1 and blocks is not None and (f.sentence - back < 0 or blocks[f.sentence - back] != blocks[f.sentence]):
                    break
                g = next((g for g in by_sentence.get(f.sentence - back, []) if g.src is not None), None)
                if g is not None:
                    f.src, f.relay, f.titled = g.src, g.relay, g.titled
                    break
        elif f.name == "carried":
            for back in range(1, CARRY_LOOKBACK + 1):
                if blocks is not None and f.sentence - back >= 0 and blocks[f.sentence - back] != blocks[f.sentence]:
                    break
                cands = [g for g in by_sentence.get(f.sentence - back, []) if g.src is not None]
                if cands:
                    f.src, f.relay, f.titled = cands[-1].src, cands[-1].relay, cands[-1].titled
                    break
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
    frames[:] = [f for f in frames if f.src is not None]


# ---------------------------------------------------------------- resolving

class Resolver:
    """Which frame governs a position in the text."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], frames: list[Frame], rules: Rules,
                 blocks: list[int] | None = None):
        self.text, self.sentences, self.frames, self.rules = text, sentences, frames, rules
        self.blocks = blocks
        self.by_sentence: dict[int, list[Frame]] = {}
        for f in frames:
            self.by_sentence.setdefault(f.sentence, []).append(f)
        self.bounds = [clause_bounds(text, s, e, rules.clause_breaks) for s, e in sentences]
        self.quotes = []
        for q in quote_spans(text, rules.quotes):
            speaker = self._speaker(q)
            if speaker is not None:
                self.quotes.append((q, speaker))

    def _speaker(self, q: tuple[int, int]) -> Frame | None:
        for f in self.frames:
            if not (0 <= f.first - q[1] <= QUOTE_SPEAKER_GAP + 4 or 0 <= q[0] - f.last <= QUOTE_COLON_GAP):
                continue
            gap_after = self.text[q[1]:f.first]
            words = [w for w in re.findall(r"\w+", gap_after) if not self.rules.det_word.match(w)]
            if f.first >= q[1] and len(gap_after) <= QUOTE_SPEAKER_GAP + 4 and not words:
                return f
            gap_before = self.text[f.last:q[0]]
            if f.last <= q[0] and len(gap_before) <= QUOTE_COLON_GAP and re.fullmatch(r"[^.!?]*:\s*", gap_before):
                return f
        return None

    def quote_frame(self, pos: int) -> Frame | None:
        for (a, b), f in self.quotes:
            if a <= pos < b:
                return f
        return None

    def at(self, pos: int, sentence: int, figures: list[int] | None = None) -> Frame | None:
        """The frame governing a figure at ``pos``; ``figures`` are the sentence's figure starts.

        A clause frame ("laut X", "according to X") governs its own clause. One standing in
        a clause of its own reaches forward when it opens the sentence ("Laut X, ...") and
        backward otherwise ("..., according to X, and ...").
        """
        f = self.quote_frame(pos)
        if f is not None:
            return f
        here = self.by_sentence.get(sentence, [])
        if here and all(f.name == "carried" for f in here):
            # a link back from the next sentence names the origin more directly than a carry
            return self.linked(sentence) or here[0]
        if here and all(f.name == "speech" and f.src is not None and not f.titled for f in here):
            # "Das Bamf registrierte 6.850 Anträge. Das teilte das Innenministerium mit.": the
            # next sentence names who released the figures; the subject only did the counting
            link = self.linked(sentence)
            if link is not None:
                return link
        if here:
            bounds = self.bounds[sentence]
            clause = clause_of(pos, bounds)
            local = [f for f in here if f.scope == "clause" and clause_of(f.start, bounds) == clause]
            if local:
                pool = local
            else:
                with_figures = {clause_of(p, bounds) for p in (figures or [pos])}

                def reaches(f: Frame) -> bool:
                    fc = clause_of(f.first, bounds)
                    if f.scope == "speech" and fc > clause and any(
                            clause_of(p, bounds) == fc and not (f.src and f.src[0] <= p < f.src[1]) for p in figures or []):
                        # "..., Analysten hatten mit 1,8 Milliarden gerechnet": a speech clause with
                        # figures of its own does not reach back into the clauses before it
                        return False
                    if f.scope != "clause" or fc in with_figures:
                        return True
                    if fc < clause and all(self.rules.continuation.match(self.text, bounds[c - 1]) for c in range(fc + 1, clause + 1)):
                        return True
                    return fc < clause if fc == 0 else fc > clause

                pool = [f for f in here if reaches(f) and not self._relative_elsewhere(f, sentence, clause, figures or [pos])
                        and not self._after_postposed(f, pos, sentence, clause, figures or [pos])]
            if pool:
                return min(pool, key=lambda f: min(abs(pos - f.first), abs(pos - f.last)))
            return None
        return self.linked(sentence)

    def _after_postposed(self, f: Frame, pos: int, sentence: int, clause: int, figures: list[int]) -> bool:
        """A figure in a clause after a postposed speech frame ("..., the Office said on Sunday,
        but it will need at least two partners", "..., the air force said, leaving hundreds of
        thousands ...") is the writer's, unless the clause goes on reporting ("adding that")."""
        if f.scope != "speech" or pos < f.last or f.src is None or not any(p < f.first for p in figures):
            return False  # postposed: after figures of its own ("Separately, the ONS said ..." is not)
        s_start = self.sentences[sentence][0]
        head = self.text[s_start:f.first].rstrip()
        last = head.rsplit(None, 1)[-1] if head else ""
        if last and self.rules.det_word.match(last):
            head = head[:len(head) - len(last)].rstrip()  # "..., the Office said"
        if not head or head[-1] not in ",;" + "".join(self.rules.quotes.values()):
            return False
        bounds = self.bounds[sentence]
        if clause_of(f.last, bounds) == clause:
            return False
        return not self.rules.speech_goes_on.match(self.text, bounds[clause - 1])

    def _relative_elsewhere(self, f: Frame, sentence: int, clause: int, figures: list[int]) -> bool:
        """A frame inside a relative clause with a figure of its own (", which officials
        estimate would cost 150 billion") that does not hold this figure. A relative clause
        without a figure ("Nach dem Ergebnis, das X bekanntgab, kommt ...") reaches on."""
        bounds = self.bounds[sentence]
        fc = clause_of(f.first, bounds)
        if fc == 0 or fc == clause or all(clause_of(p, bounds) != fc for p in figures):
            return False
        return bool(self.rules.relative.match(self.text, bounds[fc - 1]))

    def linked(self, sentence: int) -> Frame | None:
        if self.blocks is not None and sentence + 1 < len(self.blocks) and self.blocks[sentence + 1] != self.blocks[sentence]:
            return None  # "Die Bilanz ist verheerend: ..." opening the next paragraph points at its own figures
        for f in self.by_sentence.get(sentence + 1, []):
            if f.link_next:
                return f
        return None

    def for_sentence(self, sentence: int) -> Frame | None:
        """The source of a whole sentence (for its claim)."""
        s, e = self.sentences[sentence]
        f = self.quote_frame(s)
        if f is not None:
            return f
        here = self.by_sentence.get(sentence, [])
        if here:
            return here[0]
        return self.linked(sentence)


# ---------------------------------------------------------------- building Attribution

def _entity_in(span: tuple[int, int], entities: list[Entity]) -> Entity | None:
    best, best_key = None, None
    for e in entities:
        overlap = min(span[1], e.end) - max(span[0], e.start)
        if overlap <= 0:
            continue
        rank = ENTITY_PREFERENCE.index(e.kind) if e.kind in ENTITY_PREFERENCE else len(ENTITY_PREFERENCE)
        key = (bool(getattr(e, "generic", False)), rank, -overlap)
        if best_key is None or key < best_key:
            best, best_key = e, key
    return best


def classify(mention: str, entity: Entity | None, titled: bool, rules: Rules, determined: bool = False,
             indefinite: bool = False, geo: frozenset = frozenset()) -> str:
    """The source kind of a mention (ANNOTATION.md G), first that applies: an estimate; a
    titled person; the language's word patterns (anonymous, media, organisation, government
    or military); the entity's kind and subtype; the mention's shape (acronym, compound or
    long: organisation; a few capitalised words: a person)."""
    pats = rules.kind_patterns
    if pats["estimate_unattributed"].search(mention):
        return "estimate_unattributed"
    if titled:
        return "named_person"
    words = mention.split()
    if words and _is_title(words[-1], rules) and not pats["anonymous_officials"].search(mention):
        if words[-1][:1].islower() and rules.plural_head and rules.plural_head.search(words[-1]):
            return "anonymous_officials"  # "Ambulance chiefs", "party leaders": unnamed office holders
        # the body a spokesperson speaks for: "Polizeisprecher", "police spokesperson", "Pentagon-Sprecher"
        body = " ".join(words[:-1]) or _title_prefix(words[-1], rules)
        if body:
            inner = classify(body, None, False, rules, determined=True)
            if inner in ("named_organization", "government_or_military", "media_report"):
                return inner
        return "named_person"  # "des Bürgermeisters", "the spokesman"
    head_kind = any(p.search(words[0]) for k, p in pats.items() if k != "anonymous_officials") if words else False
    member = words and words[0] not in rules.anonymous_heads and not head_kind
    role = rules.role_of.match(mention) or (rules.member_of.match(mention) if member else None)
    if role and role.end() < len(mention):
        # "Sprecher der Wasserwacht", "Ökonomen des Instituts der deutschen Wirtschaft": the body speaks
        inner = classify(mention[role.end():], None, False, rules, determined=True)
        if inner in ("named_organization", "government_or_military", "media_report"):
            return inner
        if rules.role_of.match(mention):
            return inner
    if len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper():
        # a class noun before a name: "Nachrichtenagentur Yonhap", "Hilfsorganisation Ärzte ohne Grenzen"
        for kind in ("media_report", "named_organization", "government_or_military"):
            hit = [m for m in pats[kind].finditer(words[0])]
            if hit and (len(words[0]) - hit[-1].end() <= CLASS_NOUN_END
                        or words[0].lower().endswith(hit[-1].group(0).lower()[-4:]) and len(words[0]) - hit[-1].start() <= CLASS_NOUN_TAIL):
                return kind
    named = entity is not None and entity.kind in ("organization", "group") and not entity.generic
    # an acronym names a body; a country's code ("US officials") does not
    acronym = any(a not in geo for a in ACRONYM.findall(mention))
    sub = SUBTYPE_KIND.get(entity.subtype) if entity is not None and entity.subtype else None
    caps = [w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 and w.lower() in rules.indefinites)]
    if len(caps) >= 2 and words[-1][:1].isupper() and pats["named_organization"].search(words[-1]) \
            and not rules.capitalised_nouns:
        return "named_organization"  # a name ending in an organisation's head: "Sudan Doctors Network"
    if pats["anonymous_officials"].search(mention) and (not named and not acronym or indefinite and pats["anonymous_officials"].search(words[-1])):
        return "anonymous_officials"  # also "a UN official": one unnamed official of a named body
    unnamed = not named and not acronym and (entity is None or entity.kind not in ("person",)) and (
        len(caps) <= 1 if rules.capitalised_nouns else not caps)
    if indefinite and unnamed and not pats["media_report"].search(mention) and not any(_is_title(w, rules) for w in words):
        return "anonymous_officials"  # "a business group", "eine Hilfsorganisation": no one named
    if sub == "media_report" or pats["media_report"].search(mention):
        return "media_report"
    if pats["named_organization"].search(mention):
        return "named_organization"
    if pats["government_or_military"].search(mention):
        return "government_or_military"
    if entity is not None and entity.kind == "person" and not determined and not acronym and (entity.end - entity.start) >= PERSON_COVER * len(mention):
        return "named_person"
    if sub:
        return sub
    if entity is not None and entity.kind in ("country", "place") and (
            len(words) == 1 or (entity.end - entity.start) >= PLACE_COVER * len(mention)):
        # metonymy ("Kiew meldete", "Russia said"), not an adjective in a name ("Deutsche Bahn")
        return "government_or_military"
    if entity is not None and entity.kind in ("country", "place") and len(words) > 1 and entity.text == words[0]:
        return "named_organization"  # "Deutsche Bahn", "Deutscher Bahn": a country's adjective in a name
    if rules.plural_head and rules.plural_head.search(mention) and (words[-1][:1].islower() or (len(words) == 1 and not determined)):
        return "anonymous_officials"  # "Critics", "aid agencies"; not "opposition Conservatives"
    if named or acronym or determined or "-" in mention or len(words) > PERSON_MAX_WORDS \
            or any(w[:1].islower() for w in words[1:]):
        return "named_organization"
    return "named_person"


def canonical_name(mention: str, entity: Entity | None, entities_inside: list[Entity], rules: Rules) -> str:
    country = next((e.norm.name for e in entities_inside if e.kind == "country"), None)
    if entity is not None and entity.kind not in ("country", "place"):
        if getattr(entity, "generic", False) and country:
            return f"{country} {entity.norm.name}"
        return entity.norm.name
    body = next((e for e in entities_inside if e.kind not in ("country", "place")), None)
    if body is not None:  # "finnischen Grenzschutzes": the body, qualified by its country
        return f"{country} {body.norm.name}" if country and getattr(body, "generic", False) else body.norm.name
    acr = re.search(r"\(([^)]+)\)", mention)
    if acr and acr.group(1).strip() in rules.names:
        return rules.names[acr.group(1).strip()]
    for key in (mention, mention.split()[-1] if mention.split() else mention):
        if key in rules.names:
            head = rules.names[key]
            return f"{country} {head}" if country else head
    return entity.norm.name if entity is not None else mention


def _lone_name(mention: str) -> bool:
    """One capitalised word, not an acronym ("Siemens", "Benes")."""
    return len(mention.split()) == 1 and mention[:1].isupper() and not mention.isupper()


def _introduced_person(word: str, text: str, entities: list[Entity], rules: Rules) -> bool:
    """Whether a lone capitalised word is a person's surname introduced in the text: a person
    entity ending in it, or (where capitals mark names) a capitalised word before it inside a
    sentence ("... said Tomas Benes"). News introduce a person by full name before using the
    surname alone; an organisation ("Siemens", "Oxfam") stands alone from its first mention."""
    if any(e.kind == "person" and len(e.text.split()) > 1 and e.text.split()[-1] == word for e in entities):
        return True
    # an age after the name: "Rahimullah, a 35-year-old farmer", "Brenner (54)", "Benes, 51,"
    if re.search(re.escape(word) + r"(?:\s*\(\d{1,3}\)|,\s+(?:\w+\s+)?\d{1,3}(?:-year-old)?\b)", text):
        return True
    if rules.capitalised_nouns:
        return False
    for m in re.finditer(r"(?<=[a-z,;:]\s)(?:[A-Z][a-z]+\s+){1,2}" + re.escape(word) + r"\b", text):
        return True
    return False


def to_attribution(frame: Frame, text: str, entities: list[Entity], rules: Rules) -> Attribution:
    a, b = frame.src
    mention = text[a:b]
    entity = _entity_in((a, b), entities)
    inside = [e for e in entities if e.start >= a and e.end <= b]
    geo = frozenset(e.text for e in inside if e.kind in ("country", "place"))
    kind = classify(mention, entity, frame.titled, rules, frame.determined, frame.indefinite, geo)
    guessed = entity is None or (entity.kind == "person" and len(entity.text.split()) == 1)
    if kind == "named_person" and not frame.titled and guessed and _lone_name(mention) and not _is_title(mention, rules):
        kind = "named_person" if _introduced_person(mention, text, entities, rules) else "named_organization"
    relay = Span(text=text[frame.relay[0]:frame.relay[1]], start=frame.relay[0], end=frame.relay[1]) if frame.relay else None
    return Attribution(
        text=mention, start=a, end=b, name=canonical_name(mention, entity, inside, rules), kind=kind,
        entity=entity.id if entity is not None else None, relay=relay,
        frame=Span(text=text[frame.start:frame.end], start=frame.start, end=frame.end),
    )


def analyse(text: str, sentences: list[tuple[int, int]], code: str, blocks: list[int] | None = None,
            persons: list[tuple[int, int]] | None = None) -> tuple[Resolver, Rules]:
    rules = rules_for(code)
    frames = find_frames(text, sentences, rules, blocks, persons)
    return Resolver(text, sentences, frames, rules, blocks), rules


def carry_adjacent(sentences: list[tuple[int, int]], figures: list[tuple[int, str, Attribution | None]],
                   resolver: Resolver, text: str, rules: Rules, blocks: list[int] | None = None) -> dict[int, Attribution]:
    """Sources handed on to the unattributed figures of a sentence without frames of its own
    that compares with an earlier period ("Some 180,000 more people ... than a year earlier"),
    from the sentence right before it in the same paragraph when that one names its source in
    a frame of its own (the same category's source first). A mere list of further figures
    ("Die AfD erreicht 30,6 Prozent.") is not carried: the gold does not carry it either.
    ``figures``: (sentence, category, source) per figure, in order; returns index -> source."""
    by_sentence: dict[int, list[tuple[int, str, Attribution | None]]] = {}
    for i, (si, cat, src) in enumerate(figures):
        by_sentence.setdefault(si, []).append((i, cat, src))
    out: dict[int, Attribution] = {}
    for si, items in by_sentence.items():
        prev = si - 1
        if prev < 0 or resolver.by_sentence.get(si) or resolver.linked(si) is not None:
            continue
        if blocks is not None and blocks[prev] != blocks[si]:
            continue
        if not any(f.name != "carried" and not f.link_next for f in resolver.by_sentence.get(prev, [])):
            continue
        before = [(cat, src) for _, cat, src in by_sentence.get(prev, []) if src is not None]
        if not before:
            continue
        s, e = sentences[si]
        compares = bool(rules.carry_compare.search(text, s, e))
        for i, cat, src in items:
            if src is not None:
                continue
            if compares:
                same = [b for c, b in before if c == cat]
                out[i] = same[-1] if same else before[-1][1]
    return out


@Language.component("newsclaims_attribution", assigns=["doc.spans"])
def attribution(doc):
    found = findings(doc)
    text = doc_text(doc)
    sentences = [(s.start, s.end) for s in found.sentences]
    persons = [(e.start, e.end) for e in found.entities if e.kind == "person" and len(e.text.split()) > 1]
    resolver, rules = analyse(text, sentences, doc.lang_, [s.block for s in found.sentences], sorted(persons))
    cache: dict[int, Attribution] = {}

    def attr(frame: Frame | None) -> Attribution | None:
        if frame is None:
            return None
        if id(frame) not in cache:
            cache[id(frame)] = to_attribution(frame, text, found.entities, rules)
        return cache[id(frame)].model_copy(deep=True)

    starts: dict[int, list[int]] = {}
    for q in found.quantities:
        starts.setdefault(q.sentence, []).append(q.start)
    for q in found.quantities:
        a = attr(resolver.at(q.start, q.sentence, starts.get(q.sentence)))
        # a figure inside its own source mention ("Two officials said") is not attributed to it
        q.source = None if a is not None and a.start <= q.start and q.end <= a.end else a
    carried = carry_adjacent(sentences, [(q.sentence, q.category, q.source) for q in found.quantities], resolver,
                             text, rules, [s.block for s in found.sentences])
    for i, a in carried.items():
        found.quantities[i].source = a.model_copy(deep=True)
    per_sentence = {i: attr(resolver.for_sentence(i)) for i in range(len(sentences))}
    doc.user_data[USER_DATA_KEY] = {"resolver": resolver, "sentences": per_sentence}
    mirror_spans(doc, SPAN_KEY, [a for a in cache.values()])
    return doc
