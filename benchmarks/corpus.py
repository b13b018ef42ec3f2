"""The benchmark's report generator: seed-sized reports built from template sentences written
for this purpose (randomised figures, sources and times; no third-party text). Used by the
benchmarks and by tests/test_pipeline_equivalence.py."""

from __future__ import annotations

import random

# Template sentences written for the benchmark. {n*} are figures, {src} a source, {when} a time.
TEMPLATES = {
    "de": {
        "headline": ["{place}: Lage an der Front spitzt sich zu", "Neue Zahlen aus {place} alarmieren Europa",
                     "Streit um Hilfsgelder für {place}", "Krisengipfel nach Angriffen in {place}"],
        "body": [
            "Mehr als {n3} Soldaten sollen {when} getötet oder verwundet worden sein.",
            "Nach Angaben {src} wurden {when} mindestens {n2} Drohnen abgeschossen.",
            "{Src} zufolge befinden sich derzeit etwa {n4} Soldaten in der Region.",
            "Schätzungen zufolge mussten rund {n4} Menschen ihre Häuser verlassen.",
            "Die Regierung stellte {when} zusätzliche {d},{d} Milliarden Euro für den Wiederaufbau bereit.",
            "Wie {src} mitteilte, stieg die Zahl der Verletzten auf {n2}.",
            "Dutzende Fahrzeuge wurden nach Augenzeugenberichten zerstört.",
            "Die Inflation lag {when} bei {d},{d} Prozent, knapp {d} Prozentpunkte höher als im Vorjahr.",
            "Doch das ist erst der Anfang!",
            "Experten warnen vor einer weiteren Eskalation des Konflikts.",
            "Die Zahlen lassen sich unabhängig nicht überprüfen.",
            "Laut {src} könnten bis zu {n4} weitere Soldaten in das Gebiet verlegt werden.",
            "Zwischen {n2} und {n3} Gefangene wurden {when} ausgetauscht.",
            "Ein Sprecher sagte, man beobachte die Lage sehr genau.",
        ],
        "src": ["des Verteidigungsministeriums", "des Generalstabs", "der Vereinten Nationen", "der Polizei",
                "des Geheimdienstes", "der Nachrichtenagentur Reuters", "des Roten Kreuzes"],
        "Src": ["Dem Generalstab", "Den Behörden", "Westlichen Geheimdiensten", "Dem Ministerium"],
        "when": ["am Montag", "in der vergangenen Woche", "seit Oktober", "im Dezember", "am Wochenende", "im Juni"],
        "place": ["Kursk", "Charkiw", "Gaza", "Darfur", "Karelien", "Cherson"],
    },
    "en": {
        "headline": ["Fighting intensifies near {place}", "New figures from {place} alarm allies",
                     "Row over aid for {place}", "Emergency summit after strikes on {place}"],
        "body": [
            "More than {n3} soldiers are said to have been killed or wounded {when}.",
            "According to {src}, at least {n2} drones were shot down {when}.",
            "About {n4} troops are currently deployed in the region, {src} said.",
            "An estimated {n4} people have been forced to leave their homes.",
            "The government pledged another {d}.{d} billion dollars for reconstruction {when}.",
            "The number of wounded rose to {n2}, {src} said.",
            "Dozens of vehicles were destroyed, according to witnesses.",
            "Inflation stood at {d}.{d} percent {when}, nearly {d} points higher than a year earlier.",
            "Analysts warned of a further escalation.",
            "The figures could not be independently verified.",
            "Up to {n4} more soldiers could be sent to the area, {src} said.",
            "Between {n2} and {n3} prisoners were exchanged {when}.",
        ],
        "src": ["the defence ministry", "the general staff", "the United Nations", "police officials",
                "intelligence officials", "Reuters", "the Red Cross"],
        "Src": ["The general staff", "Officials", "Western intelligence", "The ministry"],
        "when": ["on Monday", "last week", "since October", "in December", "over the weekend", "in June"],
        "place": ["Kursk", "Kharkiv", "Gaza", "Darfur", "Karelia", "Kherson"],
    },
}
WORDS_PER_REPORT = 320  # the seed report is about 320 words


def _fill(template: str, t: dict, rnd: random.Random) -> str:
    def de_num(n: int, lang: str) -> str:
        return f"{n:,}".replace(",", "." if lang == "de" else ",")

    lang = t["_lang"]
    values = {
        "n2": de_num(rnd.randint(11, 99), lang), "n3": de_num(rnd.randint(100, 999), lang),
        "n4": de_num(rnd.randint(1, 60) * 500, lang), "d": str(rnd.randint(1, 9)),
        "src": rnd.choice(t["src"]), "Src": rnd.choice(t["Src"]), "when": rnd.choice(t["when"]),
        "place": rnd.choice(t["place"]),
    }
    out, i = [], 0
    while i < len(template):  # format each {d} independently
        if template[i] == "{":
            j = template.index("}", i)
            key = template[i + 1:j]
            out.append(str(rnd.randint(1, 9)) if key == "d" else values[key])
            i = j + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def make_report(i: int, lang: str = "de", seed: int = 7) -> str:
    """The i-th generated report: a headline and paragraphs, about WORDS_PER_REPORT words."""
    rnd = random.Random(seed * 100003 + i)
    t = dict(TEMPLATES[lang], _lang=lang)
    paras, words = [], 0
    while words < WORDS_PER_REPORT:
        sents = [_fill(x, t, rnd) for x in rnd.sample(t["body"], rnd.randint(3, 5))]
        para = " ".join(sents)
        paras.append(para)
        words += len(para.split())
    return _fill(rnd.choice(t["headline"]), t, rnd) + "\n\n" + "\n\n".join(paras) + "\n"


def make_corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (lang, text) pairs, four German reports to one English."""
    return [("en" if i % 5 == 4 else "de", make_report(i, "en" if i % 5 == 4 else "de", seed)) for i in range(n)]


