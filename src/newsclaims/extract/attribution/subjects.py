"""The source mention of a frame: the subject of a reporting verb or of the sentence, titles stripped."""

from __future__ import annotations

import re

from .rules import TITLE_SUFFIX_MIN, Rules

# How far back the word before a position is looked for: a word with its trailing punctuation
# is shorter, and a bounded window keeps the search from scanning the sentence each time.
WORD_BEFORE_WINDOW = 120


# Besides word characters, what a word before a position may hold ("U.S.", "Al-Masri", "O’Neill").
_WORD_MARKS = ".’'-"


def word_before(text: str, pos: int, floor: int) -> tuple[str, int]:
    """The last word before ``pos`` (not before ``floor``) and its start: what
    ``re.compile(r"([\\w.’'-]+)\\W*$").search(text, lo, pos)`` finds (group 1), found by walking
    back from ``pos`` (the search tried every offset of the window; ~40 calls a report). Its
    match ends in a run of non-word characters, so it is the run of word characters and marks
    that holds the last word character (else, with none, that starts with the first mark)."""
    lo, stop = max(floor, pos - WORD_BEFORE_WINDOW), min(pos, len(text))
    end = stop  # past the last word character
    while end > lo and not _is_word(text[end - 1]):
        end -= 1
    if end > lo:
        start = end - 1
        while start > lo and _in_word(text[start - 1]):
            start -= 1
    else:
        start = next((i for i in range(lo, stop) if text[i] in _WORD_MARKS), -1)
        if start < 0:
            return "", pos
        end = start + 1
    while end < stop and _in_word(text[end]):
        end += 1
    return text[start:end], start


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # the regex's \w


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch in _WORD_MARKS


def valid_subject(text: str, start: int, end: int, floor: int, rules: Rules) -> bool:
    words = text[start:end].split()
    if not words or (words[-1] in rules.non_source and not _named_origin(words, rules)):
        return False
    if words[0] in rules.non_source and not rules.info_head.match(text, start, end):
        return False  # "Zahlen", "Bericht" alone; "Ein Bericht des Spiegel beziffert ..." names the outlet
    if words[0].lower() in rules.prepositions:
        return False  # "Bezüglich der Kosten teilte ... mit": a capitalised preposition opening the sentence
    return not _governed(text, start, floor, rules)


def _governed(text: str, start: int, floor: int, rules: Rules) -> bool:
    """A noun phrase at ``start`` counted by a number or governed by a preposition (past its article)."""
    prev, at = word_before(text, start, floor)
    if prev and any(c.isdigit() for c in prev) and not text[at + len(prev):start].strip() \
            and not re.fullmatch(r"\d+-[^\W\d_]+", prev) and not _dated(text, at, start, floor, rules):
        return True  # "mit 2,4 Prozent", "17 Tote": a unit or a counted noun, not a speaker ("45-jährige" is an adjective)
    if prev and rules.det_word.match(prev):
        prev, at = word_before(text, at, floor)
    return prev.lower() in rules.prepositions


def _dated(text: str, year_at: int, start: int, floor: int, rules: Rules) -> bool:
    """"der 2010 gestorbene Bürgermeister": a year between an article and the participle it dates,
    no count of the noun."""
    year = text[year_at:start].strip()
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", year)) and text[start:start + 1].islower() \
        and bool(rules.det_word.match(word_before(text, year_at, floor)[0]))


def _named_origin(words: list[str], rules: Rules) -> bool:
    """"Home Office figures", "Kent Council report": capitalised words before a word that alone
    names no source name its origin (only where capitals mark names, not every noun)."""
    return not rules.capitalised_nouns and len(words) > 1 and all(w[:1].isupper() for w in words[:-1])


def is_title(word: str, rules: Rules) -> bool:
    hit = rules.title_cache.get(word)
    if hit is None:
        hit = rules.title_cache[word] = _is_title_uncached(word, rules)
    return hit


def _is_title_uncached(word: str, rules: Rules) -> bool:
    low = word.lower()
    return any(low == t.lower() or (len(t) >= TITLE_SUFFIX_MIN and low.rstrip("s").endswith(t.lower())) or low == t.lower() + "s"
               for t in rules.titles)


def title_prefix(word: str, rules: Rules) -> str:
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


def strip_title(text: str, start: int, end: int, rules: Rules) -> tuple[int, int, bool]:
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
                return strip_title(text, end - len(name), end, rules)[:2] + (True,)
    return start, end, False


def source_like(mention: str, rules: Rules) -> bool:
    # a title, also after a hyphen ("SPD-Vorsitzende")
    return any(p.search(mention) for p in rules.kind_patterns.values()) or any(
        w in rules.titles or w.rsplit("-", 1)[-1] in rules.titles for w in mention.split())


def gap_ok(text: str, a: int, b: int, nps, rules: Rules) -> bool:
    """Only gap words (and other noun phrases, "in Seoul") between a subject and its verb."""
    gap = list(text[a:b])
    for x, y in nps:
        if x >= a and y <= b:
            gap[x - a:y - a] = " " * (y - x)
    # a prepositional phrase after the subject ("A spokeswoman for the hospital said")
    gap = rules.pp_gap.sub(" ", "".join(gap)) if rules.pp_gap is not None else "".join(gap)
    return all(w in rules.subject_gap or w.lower() in rules.prepositions or rules.det_word.match(w) for w in "".join(gap).split())


def verb_reports(text: str, s_start: int, s_end: int, span: tuple[int, int], rules: Rules, anaphoric: bool) -> bool:
    """A bare reporting verb (frames flagged ``reporting_verb``) reports when it takes a figure as
    object (report_verbs), a complement follows it (comma, colon, "dass", a quote), it follows a
    comma or a quote ("..., sagte X"), or its sentence points back at figures ("Das teilte X mit")."""
    start, end = span
    verb = text[start:end].lower()
    particles = rules.verb_particles.get(verb)
    if particles and not any(w.lower() in particles for w in re.findall(r"\w+", text[end:s_end])):
        return False  # "Damals gab es 500 mehr": "gab" reports only with "an" / "bekannt"
    if verb in rules.figure_actions and re.match(r"\s+\W?\d", text[end:s_end]):
        return False  # "Businesses added 120,000 jobs": an action on the figure, no report
    if anaphoric:
        return True
    # the passive of the verb's own clause ("..., the fire service has confirmed" is active)
    seg = text[_verb_clause_start(text, s_start, start, rules):start]
    next_word = re.match(r"\s+(\w+)", text[end:s_end])
    if verb in rules.participles and (any(w.lower() in rules.passive_aux for w in re.findall(r"\w+", seg))
                                      or (next_word and next_word.group(1).lower() in rules.passive_aux)):
        return False  # "Im Jahr wurden 3.400 Einbrüche gezählt", "seien 12 Tote bestätigt worden": passives name no source
    if rules.speech_complement is None:
        return True
    if verb in rules.report_verbs:
        return True
    if re.search(r"[" + re.escape(rules.inversion_marks) + r"]\s*$", text[s_start:start]):
        return True
    return bool(rules.speech_complement.search(text, end, s_end))


def drop_recipient(text: str, src: tuple[int, int], rules: Rules) -> tuple[int, int]:
    """"Polizeisprecher der Deutschen Presse-Agentur" -> "Polizeisprecher" (the outlet was told)."""
    m = rules.recipient.search(text, src[0], src[1])
    if m is None:
        return src
    head = text[src[0]:m.start()].split()
    if head and is_title(head[-1], rules) and rules.kind_patterns["media_report"].search(text, m.end(), src[1]):
        return src[0], m.start()
    return src


def speech_subject(text: str, s_start: int, s_end: int, verb: tuple[int, int], rules: Rules):
    """The subject of a reporting verb: (src span, pronoun?)."""
    verb_start, verb_end = verb
    dateline = rules.dateline.match(text, s_start, verb_start)
    if dateline:
        s_start = dateline.end()
    clause_start = _verb_clause_start(text, s_start, verb_start, rules)
    before = text[clause_start:verb_start].strip()
    interrupted = clause_start > s_start  # "Yonhap, citing the NIS, reported"
    candidates, coordinated = _subjects_before(text, s_start, clause_start, verb_start, rules)
    after = _subject_after(text, s_start, s_end, verb, rules)
    if before:
        placed = _clause_subject(text, s_start, clause_start, before, verb_end, candidates, after, rules)
        if placed is not None:
            return placed
        if candidates:
            best = _pick_before(text, s_start, candidates, after, rules, text[verb_start:verb_end].lower())
            return (None, True) if _pronoun_after_verb(text, best[1], verb_start, rules) else (best, False)
        unnamed = _postposed_info(text, clause_start, verb_start, rules) if interrupted else None
        if unnamed is not None:
            return unnamed, False
        if any(w in rules.pronouns for w in before.split()):
            return None, True
    elif interrupted:
        appositive = _appositive_subject(text, s_start, clause_start, rules)
        if appositive is not None:
            return appositive, False
        relative = _relative_subject(text, s_start, clause_start, after, rules)
        if relative is not None:
            return relative, False
        if after and rules.subject_position == "last":
            speaker = _speaker_opening(text, s_start, s_end, clause_start, after, rules)
            if speaker is not None:
                return speaker, False
    if after:
        return after, False
    following = text[verb_end:verb_end + 12].split()
    if following and following[0].strip(",") in rules.pronouns:
        return None, True  # "..., sagte er der Zeitung": not the noun phrase opening the sentence
    if (not before or coordinated) and interrupted:
        if rules.subject_position == "first" and text[s_start:clause_start].split()[:1] in ([p] for p in rules.pronouns):
            return None, True  # "Er trat dem Vorwurf ..., mit den Worten entgegen": the pronoun opening the sentence
        opening = _opening_subject(text, s_start, clause_start, rules)
        if opening is not None and _pronoun_after_verb(text, opening[1], clause_start, rules):
            return None, True
        if opening is not None:
            return opening, False
    return None, False


def _clause_subject(text: str, s_start: int, clause_start: int, before: str, verb_end: int, candidates, after,
                    rules: Rules):
    """The subject where the words before the verb place it (verb-second, a conjunction, a
    relative pronoun): (src, pronoun?), or None to pick among ``candidates``."""
    words = before.split()
    first = rules.subject_position == "first"
    # verb-second: a pronoun opening the clause is its subject ("Sie habe den Tod von 300
    # dokumentiert, erklärte sie"), not the object noun after it
    if first and words[0] in rules.pronouns:
        return None, True
    if len(words) > 1 and words[0].lower() in rules.subordinators and words[1] in rules.pronouns:
        return None, True  # "..., indem er die Regierung zum Handeln aufforderte": the pronoun after the conjunction
    if candidates and first and _nominative_next(text, verb_end, rules):
        return None, True  # "Die Pläne kritisierte er scharf": the object opens the clause
    interrupted = clause_start > s_start
    if after and first and not interrupted and words[0].lower() in rules.prepositions:
        # verb-second: one phrase before the finite verb; a prepositional one ("Nach einem
        # Treffen zwischen Vorstand und Betriebsrat hält die Bank ... fest") leaves the subject after it
        return after, False
    if candidates and interrupted and all(_object_marked(text, c, s_start, rules) for c in candidates):
        head = _relative_head(text, s_start, clause_start, rules)
        if head is not None:
            return head, False  # "..., der darin einen Angriff sah": the relative pronoun is the subject
    return None


def _object_marked(text: str, c: tuple[int, int], s_start: int, rules: Rules) -> bool:
    """A noun phrase after an article of an object ("einen Angriff"): never the subject."""
    return word_before(text, c[0], s_start)[0].lower() in rules.object_articles


def _relative_head(text: str, s_start: int, clause_start: int, rules: Rules) -> tuple[int, int] | None:
    """"Dagegen protestierte der Verband (V), der darin einen Angriff sah": a clause opened by a
    relative pronoun, with no other noun phrase that may be its subject, has the pronoun as
    subject; the noun phrase right before the comma is the speaker."""
    opener = re.match(r"\s*(\w+)\s+(\w+)", text[clause_start:clause_start + 60])
    if opener is None or not rules.relative.fullmatch(opener.group(1)) or opener.group(2)[:1].isupper() \
            or rules.det_word.match(opener.group(2)):
        return None  # "..., die neue Regel ...": an article, not a relative pronoun
    last = np_ending(text, s_start, s_start + len(text[s_start:clause_start - 1].rstrip()), rules)
    return last if last is not None and valid_subject(text, *last, s_start, rules) else None


def np_ending(text: str, start: int, end: int, rules: Rules) -> tuple[int, int] | None:
    """The last noun phrase in text[start:end] when only spaces follow it there (the one before
    a relative clause's comma)."""
    last = None
    for m in rules.np.finditer(text, start, end):
        last = m
    return last.span() if last is not None and not text[last.end():end].strip() else None


def _postposed_info(text: str, clause_start: int, verb_start: int, rules: Rules) -> tuple[int, int] | None:
    """"..., a shock report claims", "..., stats revealed": an information word alone, which names
    no source elsewhere, is the unnamed source of a postposed clause it fills."""
    if rules.postposed_info is None:
        return None
    m = rules.postposed_info.fullmatch(text[clause_start:verb_start].strip())
    if m is None:
        return None
    lead = len(text[clause_start:verb_start]) - len(text[clause_start:verb_start].lstrip())
    return clause_start + lead + m.start("src"), clause_start + lead + m.end("src")


def _verb_clause_start(text: str, s_start: int, verb_start: int, rules: Rules) -> int:
    """Where the reporting verb's clause starts: after the last inversion mark before it."""
    for i in range(verb_start - 1, s_start - 1, -1):
        if text[i] in rules.inversion_marks and not (text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()) \
                and not (text[i + 1:i + 2] == "-" or text[i + 1:i + 2].isalnum()):
            return i + 1  # a decimal comma ("2,4 Prozent"), a quote in a compound ("„Bild“-Zeitung") interrupt nothing
    return s_start


def _noun_phrases(text: str, start: int, end: int, floor: int, rules: Rules) -> list[tuple[int, int]]:
    """Noun phrases in text[start:end] that may be a subject (``floor``: the sentence start)."""
    found = [(start + m.start(), start + m.end()) for m in rules.np.finditer(text[start:end])]
    return [v for c in found if (v := _valid_part(text, c, floor, rules)) is not None]


def _valid_part(text: str, c: tuple[int, int], floor: int, rules: Rules) -> tuple[int, int] | None:
    """``c`` when it may be a subject, else a noun phrase inside it that may: "im März der Landrat"
    is matched as one phrase (a genitive "März der ..."), but its time phrase stands apart."""
    if valid_subject(text, c[0], c[1], floor, rules):
        return c
    first = re.match(r"\S+\s+", text[c[0]:c[1]])
    prev, at = word_before(text, c[0], floor)
    # only a time phrase of the middle field (verb_skip): "Nach dem Bericht der Polizei", "Die
    # Zahl der Anträge" stay one phrase
    if first is None or rules.middle_field is None or not prev \
            or not rules.middle_field.fullmatch(text, at, c[0] + len(first.group(0).rstrip())):
        return None
    m = rules.np.search(text, c[0] + first.end(), c[1])
    return _valid_part(text, m.span(), floor, rules) if m else None


def _subjects_before(text: str, s_start: int, clause_start: int, verb_start: int, rules: Rules):
    """Subject candidates between the clause start and the verb; whether the verb is coordinated."""
    before = text[clause_start:verb_start]
    if not before.strip():
        return [], False
    found = [(clause_start + m.start(), clause_start + m.end()) for m in rules.np.finditer(before)]
    candidates = [v for c in found if (v := _valid_part(text, c, s_start, rules)) is not None]
    if rules.subject_position != "last":
        return candidates, False
    near = [c for c in candidates if gap_ok(text, c[1], verb_start, found, rules)]
    words = before.split()
    # "X blamed ... and said ...": a coordinated verb shares the clause's subject
    coordinated = bool(words) and words[-1] in rules.coordinators
    return near or (candidates[:1] if coordinated else []), coordinated


def _subject_after(text: str, s_start: int, s_end: int, verb: tuple[int, int], rules: Rules):
    """The noun phrase right after the verb ("..., sagte Kirby"), unless the verb's object is its listener."""
    if text[verb[0]:verb[1]].lower() in rules.recipient_verbs:
        return None
    m = rules.after_verb.match(text, verb[1], s_end)
    if m and text[verb[1]:m.start("src")].strip().lower() in rules.dative:
        return None  # "teilte dem Sender mit": the dative after the verb is whom it was told
    if m and word_before(text, m.start("src"), s_start)[0].lower() in rules.object_articles:
        return None  # "X, Titel von Y, nennt den Vorgang ...": an object after the verb, never its subject
    if m and valid_subject(text, m.start("src"), m.end("src"), s_start, rules):
        return _apposed_name(text, (m.start("src"), m.end("src")), s_end, rules)
    return None


def _apposed_name(text: str, src: tuple[int, int], s_end: int, rules: Rules) -> tuple[int, int]:
    """"sagte der stellvertretende Minister der Region, Max Muster, am Mittwoch": a name in
    apposition to a title names the speaker."""
    app = rules.apposed_name.match(text, src[1], s_end)
    if app is None or not any(is_title(w.strip('"“”„»«').rsplit("-", 1)[-1], rules) or is_title(w.strip('"“”„»«'), rules)
                              for w in text[src[0]:src[1]].split()):
        return src
    return app.start("name"), app.end("name")


def _pick_before(text: str, s_start: int, candidates, after, rules: Rules, verb: str = "") -> tuple[int, int]:
    pick = candidates[0] if rules.subject_position == "first" else candidates[-1]
    article = word_before(text, pick[0], s_start)[0].lower()
    # "Den Sachschaden schätzt die Polizei ...": an object before the verb, the source after it
    # (not a bare name opening the sentence: "Lammert würdigte die Bundeswehr")
    if rules.subject_position == "first" and after and not source_like(text[pick[0]:pick[1]], rules) \
            and source_like(text[after[0]:after[1]], rules) and article:
        return after
    # "Dem Sender n-tv sagte Minister X": a dative before the verb is whom it was told
    if after and (article in rules.dative or article in rules.object_articles):
        return after  # ... or an object ("Seinen Ärger brachte der Anwalt zum Ausdruck")
    # "Der Zeitung sagte Müller": an outlet told, before a verb of telling (listener_articles)
    if after and article in rules.listener_articles and verb in rules.listener_verbs \
            and rules.kind_patterns["media_report"].search(text, pick[0], pick[1]):
        return after
    return pick


def _appositive_subject(text: str, s_start: int, clause_start: int, rules: Rules):
    """"Der Vorsitzende des Verbands, Hans Müller, schätzt ...": the name in the appositive."""
    app = rules.appositive_subject.fullmatch(text, s_start, clause_start)
    head = app.group("head").split() if app else []
    if app and head and head[0].lower() not in rules.prepositions and rules.np.search(app.group("head")) \
            and valid_subject(text, app.start("name"), app.end("name"), s_start, rules):
        return app.start("name"), app.end("name")
    return None


def _relative_subject(text: str, s_start: int, clause_start: int, after, rules: Rules):
    """"Der Verband, der die Liste führt, begründete die Streichung damit, ...": the noun phrase
    before a relative clause opening the sentence is the subject, not the object after the verb
    (unless only the noun after the verb can speak: "Die Zahl, die ..., bestätigte der Minister")."""
    lead = re.match(r"(\S+)\s+", text[s_start:clause_start])
    start = s_start + (lead.end() if lead and rules.det_word.match(lead.group(1)) else 0)
    m = rules.np.match(text, start, clause_start)
    if m is None or not rules.relative.match(text, m.end() + 1) or text[m.end():m.end() + 1] != ",":
        return None
    article = text[s_start:m.start()].strip().lower()
    if article in rules.object_articles or article in rules.dative or not valid_subject(text, m.start(), m.end(), s_start, rules):
        return None
    if after and source_like(text[after[0]:after[1]], rules) and not source_like(m.group(0), rules):
        return None
    if after and article not in rules.subject_articles and word_before(text, after[0], s_start)[0].lower() in rules.subject_articles:
        return None  # "Die Summe, die ..., bestätigte der Kassenwart"
    return m.start(), m.end()


def _speaker_opening(text: str, s_start: int, s_end: int, clause_start: int, after, rules: Rules):
    """"U.S. officials, speaking ..., said Washington was weighing ...": the noun after the verb
    opens the reported clause; the speaker opens the sentence."""
    follow = text[after[1]:s_end].split(None, 1)
    word = follow[0] if follow else ""
    if not word[:1].isalpha() or word.lower() in rules.prepositions or rules.det_word.match(word):
        return None
    opening = _noun_phrases(text, s_start, clause_start, s_start, rules)
    return next((c for c in opening if source_like(text[c[0]:c[1]], rules)), None)


def _pronoun_after_verb(text: str, end: int, limit: int, rules: Rules) -> bool:
    """"Zusammen mit X lenkte er ...": a pronoun that is only ever a subject, right after the word
    after a noun phrase, is the subject; the noun phrase belongs to what opens the sentence."""
    m = re.match(r"\s+(\w+)\s+(\w+)\b", text[end:limit])
    if m is None or f" {m.group(1)} " in rules.clause_breaks:
        return False  # "Anna und er sagten": coordinated subjects
    return m.group(2).lower() in rules.nominative_pronouns or _inverted_pronoun(text, end, limit, rules)


def _nominative_next(text: str, verb_end: int, rules: Rules) -> bool:
    """A pronoun that is only ever a subject right after the verb (verb-second: the phrase before
    the verb is then not the subject)."""
    m = re.match(r"\s+(\w+)\b", text[verb_end:verb_end + 20])
    return m is not None and m.group(1).lower() in rules.nominative_pronouns


def _inverted_pronoun(text: str, end: int, limit: int, rules: Rules) -> bool:
    """"Die Pläne der Regierung zur Rente kritisierte er mit den Worten: ...": further on,
    a nominative pronoun right after a lowercase word that joins nothing (the finite verb, not
    "und", "mit", "der") is the subject; the noun phrase opening the clause is its object."""
    for m in re.finditer(r"(?<!\S)([^\W\d_]+)\s+(?=(\w+)\b)", text[end:limit]):
        word, pronoun = m.group(1), m.group(2)
        if pronoun.lower() not in rules.nominative_pronouns or not word[:1].islower():
            continue
        if word in rules.prepositions or f" {word} " in rules.clause_breaks or rules.det_word.match(word) \
                or word in rules.coordinators or word in rules.verb_adverbs:
            continue  # "Die Ministerin und auch er sagten": no verb before the pronoun
        return True
    return False


def _opening_subject(text: str, s_start: int, clause_start: int, rules: Rules):
    """"Yonhap, citing the NIS, reported ...", "X, a private group, says ...": the subject opens
    the sentence, before the interruption."""
    candidates = _noun_phrases(text, s_start, clause_start, s_start, rules)
    if not candidates:
        return None
    if not any(ch.isupper() for ch in text[candidates[0][0]:candidates[0][1]]):
        # "A group linked to al-Qaeda, JNIM, claimed ...": the appositive names the subject
        for c in candidates[1:]:
            if text[c[0]:c[1]][:1].isupper() and text[c[1]:c[1] + 1] == "," \
                    and rules.appositive_open.search(text, s_start, c[0]):
                return c
    return candidates[0]


def rival_subject(text: str, sentences: list[tuple[int, int]], i: int, src: tuple[int, int], rules: Rules) -> bool:
    """"Nach Angaben der Polizei ... . Dann verschanzte sich der Mann ... . Er erklärte ...": a
    pronoun subject of sentence ``i`` refers to the subject of the sentence right before it when that
    agrees with it (``pronoun_articles``), not to the source ``src`` named further back; True
    when that subject cannot speak, so the pronoun has no source."""
    if i == 0 or not rules.pronoun_articles:
        return False
    s, e = sentences[i]
    word = next((w for w in re.findall(r"\w+", text[s:e]) if w in rules.pronouns), "")
    articles = rules.pronoun_articles.get(word.lower())
    prev = sentence_subject(text, *sentences[i - 1], rules)
    if not articles or prev is None or prev[0] < src[1] or source_like(text[prev[0]:prev[1]], rules):
        return False
    return word_before(text, prev[0], sentences[i - 1][0])[0].lower() in articles


def sentence_subject(text: str, s_start: int, frame_start: int, rules: Rules) -> tuple[int, int] | None:
    """The subject opening a sentence for a frame that refers back to it ("Die Armee hat nach
    eigenen Angaben ..."): the first noun phrase after a dateline; an appositive right after it
    names it ("Der Betreiber, die Rheinlog GmbH, ...")."""
    d = rules.dateline.match(text, s_start, frame_start)
    start = d.end() if d else s_start
    for m in rules.np.finditer(text, start, frame_start):
        a, b = m.start(), m.end()
        if not valid_subject(text, a, b, start, rules):
            continue
        app = rules.appositive.match(text, b, frame_start)
        if app:
            n = rules.np.match(text, app.end(), frame_start)
            if n and text[n.end():n.end() + 1] == ",":
                return n.start(), n.end()
        return a, b
    return None

