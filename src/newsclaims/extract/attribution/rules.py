"""A language's attribution data (``lang/<code>/attribution.yaml``), compiled once."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache, partial

from ...lang import alternation, load
from ...text import regexes
from ...text.patterns import case_sensitive_patterns
from ...text.factoring import factored
from ...text.letters import lowercase_letter
from ...text.prefilter import Gated, Scanner

# A word ending in a title this long counts as the title ("Kremlsprecher", "Pentagon-Sprecher").
TITLE_SUFFIX_MIN = 5


class Rules:
    """A language's attribution data, compiled: each regex with its word lists as trees
    (``_factored``: the same matches, tried sooner); a Gated or Scanner reads its strings from
    the pattern as written."""

    def __init__(self, code: str):
        data = load(code)
        self.code = code
        pats = case_sensitive_patterns(code, "attribution")
        settings = data.mapping("attribution", "settings")
        specs = {name: spec if isinstance(spec, dict) else {"scope": spec}
                 for name, spec in data.mapping("attribution", "frames").items()}
        # Each frame with a Scanner (exactly ``rx.finditer``, tried only where it can match),
        # its regex compiled when a text first holds one of its required strings.
        # The regex is the pattern with its word lists as trees (text/factoring.py: the same matches).
        self.frame_scanners = [(name, spec["scope"], Scanner.deferred(pats.source(name), pats.flags, partial(_factored, pats.source(name), pats.flags)))
                               for name, spec in specs.items()]
        # Declared frame flags (lang/schema.py AttributionFrame): bare reporting verbs, and frames
        # whose source is the subject opening the sentence.
        self.reporting_verb_frames = {name for name, spec in specs.items() if spec.get("reporting_verb")}
        self.subject_frames = {name for name, spec in specs.items() if spec.get("sentence_subject")}
        self.announcing_frames = {name for name, spec in specs.items() if spec.get("announces")}
        self._subjects(pats, settings)
        self._speech(data, settings, pats["det"].pattern)
        self._titles(data)
        self._kinds(data, pats["det"].pattern)
        self._carrying(data)
        self._claim_speech(data, pats, settings)

    @property
    def frames(self) -> list[tuple[str, str, re.Pattern]]:
        """(name, scope, compiled regex) of every frame."""
        return [(name, scope, scanner.rx) for name, scope, scanner in self.frame_scanners]

    def _subjects(self, pats: dict, settings: dict) -> None:
        """Noun phrases, articles and appositives: where a frame's source mention stands."""
        det, np_pattern = pats["det"].pattern, pats["np"].pattern
        self.relay = pats["relay"]
        self.anaphor = pats["anaphor"]
        # the noun phrase's word lists as trees (text/factoring.py): the same matches, ~0.1 ms a report less
        self.np = _factored(np_pattern, pats["np"].flags)
        np_pattern = self.np.pattern
        adverbs = [str(w) for w in settings.get("verb_adverbs") or []]
        self.verb_adverbs = {w.lower() for w in adverbs}
        # ... and phrases of the middle field ("sah es Meier an", "hatte im März der Landrat ...")
        phrases = [r"(?i:" + "|".join(map(re.escape, adverbs)) + r")"] if adverbs else []
        if settings.get("verb_skip"):
            phrases.append(r"(?:" + str(settings["verb_skip"]) + r")")
        self.middle_field = _factored(str(settings["verb_skip"])) if settings.get("verb_skip") else None
        skip = r"(?:(?:" + "|".join(phrases) + r")\s+){0,3}" if phrases else ""
        self.after_verb = _factored(r"\s+" + skip + r"(?:" + det + r"\s+)?(?P<src>" + np_pattern + ")")
        self.det_word = _factored(r"^(?:" + det + r")$")
        self.appositive = _factored(r",\s*(?:(?:" + det + r")\s+)?")
        # A subject with an appositive filling the sentence up to its verb ("Der Vorsitzende des
        # Verbands, Hans Müller, schätzt ...", "Der Betreiber, die X GmbH, beschäftigt ...").
        self.appositive_subject = _factored(r"\s*(?P<head>[^,.;:!?\"“”„»«]{1,80}?)\s*,\s*(?:(?:" + det
                                             + r")\s+)?(?P<name>" + np_pattern + r")\s*,\s*$")
        self.appositive_open = _factored(r",\s*(?:(?:" + det + r")\s+)?$")
        # A name set off after a title ("sagte der Vize-Minister der Region, Max Muster, am ...",
        # "said the deputy minister of the region, John Smith"): two to four capitalised words
        # closed by a comma or the sentence end, at most 50 characters after the mention.
        self.apposed_name = _factored(r"[^,.;:!?\"“”„»«]{0,50}?,\s*(?P<name>(?:[A-ZÄÖÜ][\w'’.-]*\s+){1,3}[A-ZÄÖÜ][\w'’-]+)\s*(?=[,.;:!?]|$)")
        self.subject_position = settings.get("subject_position", "first")
        # An unnamed information source filling a postposed clause ("..., a new report claims"; optional).
        self.postposed_info = pats["postposed_info"] if "postposed_info" in pats else None
        # A dateline opening a sentence ("Tel Aviv (dpa) - "): never the subject of its verb.
        self.dateline = _factored(str(settings.get("dateline") or "(?!)"))
        self.subject_gap = {str(w) for w in settings.get("subject_gap") or []}

    def _speech(self, data, settings: dict, det: str) -> None:
        """Reporting verbs: their listeners, objects and complements."""
        # "sagte ein Polizeisprecher der Deutschen Presse-Agentur": a dative after a speaker's title
        # names whom it was told, not whom the speaker speaks for, when it is an outlet.
        connectors = [str(w) for w in settings.get("recipient_connectors") or []]
        self.recipient = _factored(r"\s+(?:" + "|".join(map(re.escape, connectors)) + r")\s+") if connectors else None
        subject_pps = [str(w) for w in settings.get("subject_pp") or []]
        self.pp_gap = None
        if subject_pps:
            coordinators = sorted(str(w) for w in settings.get("verb_coordinators") or []) or ["(?!)"]
            word = r"(?!(?:" + "|".join(map(re.escape, coordinators)) + r")\b)" + lowercase_letter() + r"[\w-]*"
            self.pp_gap = _factored(r"\b(?:" + "|".join(map(re.escape, subject_pps)) + r")\s+(?:(?:" + det
                                     + r")\s+)?(?:" + word + r"\s+){0,2}" + word + r"\b")
        self.recipient_verbs = {str(w).lower() for w in settings.get("recipient_verbs") or []}
        self.dative = {str(w).lower() for w in settings.get("dative_articles") or []}
        self.subject_articles = {str(w).lower() for w in settings.get("subject_articles") or []}
        # Words marking an unnamed, indefinite source ("a business group", "eine Hilfsorganisation").
        self.indefinites = {str(w).lower() for w in settings.get("indefinites") or []}
        # Whether the language capitalises every noun (then capitals do not mark a name).
        self.capitalised_nouns = bool(settings.get("capitalised_nouns", False))
        self.coordinators = {str(w) for w in settings.get("verb_coordinators") or []}
        complement = str(settings.get("speech_complement") or "")
        self.speech_complement = _factored(complement) if complement else None
        self.report_verbs = {w.lower() for w in data.words("attribution", "report_verbs")}
        self.verb_particles = {str(v).lower(): {str(p).lower() for p in ps}
                               for v, ps in (settings.get("verb_particles") or {}).items()}
        self.figure_actions = {str(w).lower() for w in settings.get("figure_actions") or []}
        self.participles = {w.lower() for w in data.words("attribution", "publish_participles")}
        self.passive_aux = {w.lower() for w in data.words("attribution", "passive_auxiliaries")}
        self.inversion_marks = str(settings.get("inversion_marks", ","))
        self.prepositions = {w.lower() for w in data.words("attribution", "prepositions")}

    def _titles(self, data) -> None:
        """Person titles ("Sprecher", "spokeswoman") and words that never name a source."""
        self.non_source = set(data.words("attribution", "non_source_nouns"))
        self.titles = set(data.words("attribution", "person_titles"))
        self.title_cache: dict[str, bool] = {}
        self.kind_word_cache: dict[str, bool] = {}  # a word -> a kind pattern but the anonymous one finds it
        # Lowercased once: the titles a word may end in, and all titles longest first.
        self.title_suffixes = tuple(t.lower() for t in self.titles if len(t) >= TITLE_SUFFIX_MIN)
        self.titles_by_length = sorted(self.titles, key=len, reverse=True)
        self.titles_low = {t.lower() for t in self.titles}
        self.pronouns = set(data.words("attribution", "pronouns"))
        self.pronoun_articles = {str(p).lower(): {str(a).lower() for a in arts} for p, arts
                                 in (data.get("attribution", "pronoun_articles", dict) or {}).items()}
        self.pronoun_excludes = {str(p).lower(): {str(a).lower() for a in arts} for p, arts
                                 in (data.get("attribution", "pronoun_excludes", dict) or {}).items()}
        self.nominative_pronouns = {str(w).lower() for w in data.get("attribution", "nominative_pronouns", list) or []}

    def _kinds(self, data, det: str) -> None:
        """Quotes, clauses and what tells the kind of a source."""
        self.quotes = {str(k): str(v) for k, v in data.mapping("attribution", "quotes").items()}
        self.paragraph_quotes = {str(k): str(v) for k, v in (data.get("attribution", "paragraph_quotes", dict) or {}).items()}
        self.clause_breaks = data.words("attribution", "clause_breaks")
        # searched in source mentions and single words: gated by their required strings
        self.kind_patterns = {k: _gated(str(v)) for k, v in data.mapping("attribution", "kind_patterns").items()}
        self.names = {str(k): str(v) for k, v in data.mapping("attribution", "names").items()}
        self.speech_verbs = {w.lower() for w in data.words("attribution", "speech_verbs")}
        self.anonymous_heads = set(data.words("attribution", "anonymous_heads"))
        self.anaphoric_bodies = set(data.words("attribution", "anaphoric_bodies"))
        plural_head = data.get("attribution", "plural_head", str)  # optional
        self.plural_head = _factored(plural_head) if plural_head else None
        person_head = data.get("attribution", "person_head", str)  # optional
        self.person_head = _factored(person_head) if person_head else None
        first_person = data.get("attribution", "first_person", str)  # optional: "wir", "our" (first_person.py)
        # read by a Scanner (first_person.py), whose leading strings come from the pattern as written
        self.first_person = regexes.compile(first_person) if first_person else None
        verbs = data.get("attribution", "first_person_verbs", str)  # optional: "verzeichnen" before "wir"
        self.first_person_verbs = _factored(verbs) if verbs else None
        self.member_of = _factored(r"\S+\s+(?:" + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:"
                                    + det + r"\s+)?")
        self.role_of = _factored(r"(?:\S+-)?(?:" + alternation(data.words("attribution", "person_titles")) + r")\s+(?:"
                                  + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:" + det + r"\s+)?")
        info = data.words("attribution", "info_nouns")
        # An information word alone ("Angaben", "vorläufigen Zahlen") names no origin.
        self.info_words = {w.lower() for w in info}
        self.info_word = _factored(r"\b(?:" + alternation(info) + r")\b", re.IGNORECASE)
        self.info_head = _factored(r"(?:" + det + r"\s+)?(?:[\w-]*" + alternation(data.words("attribution", "info_nouns"))
                                    + r")\s+(?:" + alternation(data.words("attribution", "info_connectors")) + r")\s+(?:"
                                    + det + r"\s+)?(?=\w)", re.IGNORECASE)

    def _carrying(self, data) -> None:
        """What hands a source on to the next sentence or clause."""
        # Reportive mood (German Konjunktiv I, "sollen"): a sentence in it continues the source before.
        self.reported_mood = regexes.compile(str(data.get("attribution", "carry_mood", str)))  # a Scanner's, as first_person
        # ... and, for claim speakers, the form of the main clause's finite verb (optional)
        form = data.file("attribution").get("reported_form")
        self.reported_form = dict(form) if form else None
        # A sentence comparing its figures with an earlier period ("... more than a year earlier")
        # continues the statistic of the sentence before.
        self.carry_compare = _factored(str(data.get("attribution", "carry_compare", str)))
        # A sentence adding to the figures right before ("Another 40 ..."), and whether a sentence
        # counting what the sentence before counts continues its source (optional).
        carry_continue = data.get("attribution", "carry_continue", str)
        self.carry_continue = _factored(r"\s*(?:" + carry_continue + r")") if carry_continue else None
        not_after = data.get("attribution", "carry_not_after", str)
        self.carry_not_after = _factored(not_after) if not_after else None
        hedged = data.get("attribution", "carry_hedged", str)
        self.carry_hedged = _factored(hedged) if hedged else None
        self.carry_same_counted = bool((data.mapping("attribution", "settings") or {}).get("carry_same_counted"))
        # A clause opening with this continues the clause before ("..., compared with 3,540 a
        # year earlier"): a frame of that clause reaches into it.
        self.continuation = _factored(r"\s*(?:" + str(data.get("attribution", "clause_continuation", str)) + r")")
        # A clause after a postposed speech frame that goes on reporting ("..., police said, adding
        # that 30 were hurt").
        self.speech_goes_on = _factored(r"\s*(?:" + str(data.get("attribution", "speech_goes_on", str)) + r")")
        # A clause opening with one of these is a relative clause (see Resolver._relative_elsewhere).
        self.relative = _factored(r"\s*(?:" + alternation(data.words("attribution", "relative_openers")) + r")\b")

    def _claim_speech(self, data, pats: dict, settings: dict) -> None:
        """Speech events that name the speaker of a claim sentence (speakers.py), and the
        listener before a verb of telling ("Der Zeitung sagte X")."""
        # compiled on first use, like the frames: a cold start that never needs them skips them
        self._claim_kinds, self._claim_pats = dict(data.mapping("attribution", "claim_frames")), pats
        self.listener_articles = {str(w).lower() for w in settings.get("listener_articles") or []}
        self.listener_verbs = {str(w).lower() for w in settings.get("listener_verbs") or []}
        self.object_articles = {str(w).lower() for w in settings.get("object_articles") or []}
        self.infinitive_markers = {str(w).lower() for w in settings.get("infinitive_markers") or []}
        self.article_pronouns = {str(w).lower() for w in settings.get("article_pronouns") or []}
        self.impersonal_subjects = {str(w).lower() for w in settings.get("impersonal_subjects") or []}
        self.subordinators = {str(w).lower() for w in settings.get("subordinators") or []}
        self.reported_auxiliaries = {str(w).lower() for w in settings.get("reported_auxiliaries") or []}
        self.clause_dashes = [str(w) for w in settings.get("clause_dashes") or []]
        # separable verbs of saying: stem -> the particles one of which must close a clause after it
        self.claim_particles = {str(v).lower(): [str(p).lower() for p in ps]
                                for v, ps in (data.get("attribution", "claim_particles", dict) or {}).items()}
        self._particle_closing: dict[str, re.Pattern] = {}

    def particle_closing(self, verb: str) -> re.Pattern | None:
        """For a separable verb of saying, a regex finding one of its particles closing a clause
        (before a clause or sentence mark, a verb coordinator, or the end); None for any other verb."""
        particles = self.claim_particles.get(verb)
        if not particles:
            return None
        rx = self._particle_closing.get(verb)
        if rx is None:
            marks = re.escape(self.inversion_marks + ".!?;")
            # a coordinated verb also closes the clause ("spielte ... herunter und ist der Meinung")
            joins = "".join(r"|\s" + re.escape(w) + r"\b" for w in sorted(self.coordinators))
            rx = self._particle_closing[verb] = _factored(
                r"\b(?:" + "|".join(map(re.escape, particles)) + r")\s*(?:[" + marks + r"]|$" + joins + r")")
        return rx

    @cached_property
    def main_clause_marks(self) -> tuple[re.Pattern, re.Pattern]:
        """A relative clause inside the main clause, which does not end it ("Nur Kinder, die ...
        hätten, seien ..."), and the marks that end it: not a quote inside it ("Eine „offene Frage“
        sei der Grund"), nor a mark between digits, a decimal comma ("1,80 Meter")."""
        quotes = set(self.quotes) | set(self.quotes.values())
        marks = "[" + re.escape("".join(m for m in self.inversion_marks if m not in quotes)) + "]"
        return (regexes.compile(r",(?=" + self.relative.pattern + r")[^,]*,"),
                regexes.compile(f"(?<!\\d){marks}|{marks}(?!\\d)"))

    @cached_property
    def claim_frames(self) -> list[tuple[str, str, Scanner]]:
        """(name, kind, Scanner) of every claim speech event, in order: a Scanner gives exactly
        its regex's ``finditer`` and tries it only where it can match."""
        pats = self._claim_pats
        return [(name, str(kind), Scanner.deferred(pats.source(name), pats.flags, partial(_factored, pats.source(name), pats.flags)))
                for name, kind in self._claim_kinds.items()]


def _factored(pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern`` compiled with its word lists as trees (``factoring.factored``)."""
    return regexes.compile(factored(pattern, flags), flags)


def _gated(pattern: str) -> Gated:
    """A Gated pattern whose required strings are read from ``pattern`` as written and whose
    regex has its word lists as trees (the same matches)."""
    return Gated(_factored(pattern), written=pattern)


@lru_cache(maxsize=None)
def rules_for(code: str) -> Rules:
    return Rules(code)

