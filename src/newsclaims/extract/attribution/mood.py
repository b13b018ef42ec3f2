"""Reported speech told by the form of a main clause's finite verb (``reported_form`` in
``lang/<code>/attribution.yaml``): Konjunktiv I and II by the verb's stem and its lemma's, a
reportive modal closing on the right words; HanTa reads the words, once per word."""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import Rules


# Words and marks of a clause, as the tagger takes them ("de.wikipedia.org" is one word).
_WORD = re.compile(r"\w+(?:[-.]\w+)*|[^\w\s]")


def reported_form(head: str, rules: Rules) -> bool:
    """The finite verb of the main clause ``head`` reports by its form (``reported_form``):
    "Der Zugriff funktioniere weiterhin", "Offen bliebe die Frage", "Dort sollen ... sein". A
    word list cannot hold every verb in Konjunktiv; the tagger tells the finite verb (the first
    one of a main clause) and its lemma, from which the indicative differs."""
    form = rules.reported_form
    if not form:
        return False
    words = _WORD.findall(head)
    verb = _finite(words, form)
    if verb is None:
        return False
    word, lemma = verb
    if word in form.get("reportive", []):
        # "soll" reports a past or a state ("soll ... gewesen sein", "sollen ... befragt
        # werden"), not a plan with a plain infinitive ("Der Rat soll im Mai entscheiden")
        closing = [w.lower() for w in words if w[:1].isalpha()][-1:]
        if not set(closing) & set(form.get("reportive_close") or []):
            return False
    elif not _subjunctive(word, lemma, form):
        return False
    if any(w.lower() in form["first_person"] for w in words):
        return False  # "ich nehme" is indicative
    return not re.match(form["subordinator_tag"], _analysis(form["model"], words[0])[1])  # "Wenn er käme, ..."


def _finite(words: list[str], form: dict) -> tuple[str, str] | None:
    """The first finite verb of a main clause and its lemma, each word read on its own: a
    lowercase word's likeliest reading (nouns are capitalised; a verb never opens a declarative
    main clause), kept per word, costs a look-up where tagging the clause in context would cost
    a millisecond for each sentence that goes on."""
    model, finite_tag = form["model"], form["finite_tag"]
    for k, word in enumerate(words):
        if k == 0 or not word.islower():
            continue
        lemma, finite, maybe = _finite_reading(model, word, finite_tag)
        if maybe:
            # a finite verb only in some readings ("schade"): the clause in context tells
            _, lemma, tag = _in_context(model, tuple(words))[k]
            finite = bool(re.match(finite_tag, tag))
        if finite:
            return word, str(lemma).lower()
    return None


@lru_cache(maxsize=8192)
def _finite_reading(model: str, word: str, finite_tag: str) -> tuple[str, bool, bool]:
    """(lemma, finite, finite in some other reading) of a word out of context, kept per word:
    ``_finite`` asks about every lowercase word of each main clause it reads."""
    lemma, tag = _analysis(model, word)
    finite = bool(re.match(finite_tag, tag))
    return lemma, finite, not finite and _may_be(model, word, finite_tag)


@lru_cache(maxsize=8192)
def _analysis(model: str, word: str) -> tuple[str, str]:
    """A word's likeliest lemma and tag, out of context."""
    from ...text.tagger import hanta

    found = hanta(model).analyze(word, taglevel=1)
    return (str(found[0]), str(found[1])) if isinstance(found, tuple) and len(found) == 2 else (word, "")


@lru_cache(maxsize=8192)
def _may_be(model: str, word: str, tag: str) -> bool:
    """Some reading of the word has the tag."""
    from ...text.tagger import hanta

    return any(re.match(tag, str(t[0])) for t in hanta(model).tag_word(word))


@lru_cache(maxsize=256)
def _in_context(model: str, words: tuple[str, ...]) -> list[tuple]:
    from ...text.tagger import hanta

    return hanta(model).tag_sent(list(words), taglevel=1)


def _subjunctive(word: str, lemma: str, form: dict) -> bool:
    """A finite verb form is in Konjunktiv I or II, by its lemma's stem."""
    stem = next((lemma[:-len(e)] for e in form["lemma_endings"] if lemma.endswith(e)), lemma)
    if word == stem + form["present_ending"]:
        return True  # "funktioniere" (indicative "funktioniert")
    umlauts = form.get("past_umlauts") or ""
    if umlauts and word.endswith(tuple(form.get("past_umlaut_endings") or [])) \
            and any(c in umlauts for c in word) and not any(c in umlauts for c in lemma):
        return True  # "wären", "hätten", "gäbe": an umlaut its lemma has not ("waren"; "rät" is no such form)
    past = form.get("past_ending")
    return bool(past) and word.endswith(past) and word not in form.get("past_indicative", []) \
        and word != stem + past and not any(word == stem + e for e in form.get("past_endings", []))
