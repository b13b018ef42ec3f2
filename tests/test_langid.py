"""Language identification (``ingest.langid``): common words decide clear cases without lingua's
models; a neighbouring language's text is never decided by them, and lingua names it. The
texts are written for these tests."""

from __future__ import annotations

import pytest

from newsclaims.errors import NewsclaimsError
from newsclaims.ingest import langid

GERMAN = ("Nach dem schweren Unwetter im Süden des Landes hat die Regierung am Montag weitere Hilfen "
          "zugesagt. Laut dem Innenministerium wurden mehr als 300 Häuser beschädigt, etwa 40 Menschen "
          "mussten ihre Wohnungen verlassen. Die Feuerwehr war die ganze Nacht im Einsatz und ist noch "
          "nicht fertig, sagte ein Sprecher der Stadt. Auch die Bahn meldete Ausfälle auf mehreren Strecken.")
ENGLISH = ("After the storm hit the south of the country, the government said on Monday that it would "
           "send more aid. According to the interior ministry, more than 300 homes have been damaged and "
           "about 40 people had to leave their flats. Firefighters were out all night and are not done yet, "
           "a city spokesman said. The railway also reported cancellations on several lines.")
# (code, text): languages lingua knows and newsclaims does not support
NEIGHBOURS = [
    ("nl", "De regering heeft dinsdag nieuwe maatregelen aangekondigd om de boeren te steunen. Volgens het "
           "ministerie zijn er meer dan duizend bedrijven getroffen door de droogte, en de schade loopt op tot "
           "honderden miljoenen euro. Een woordvoerder zei dat er snel geld komt voor wie het nodig heeft."),
    ("da", "Regeringen har tirsdag meldt nye tiltag for at støtte landmændene. Ifølge ministeriet er mere end "
           "tusind bedrifter ramt af tørken, og skaderne løber op i hundreder af millioner kroner. En talsmand "
           "sagde, at der snart kommer penge til dem, der har brug for det, men oppositionen er imod."),
    ("sv", "Regeringen meddelade på tisdagen nya åtgärder för att stödja jordbrukarna. Enligt departementet har "
           "fler än tusen gårdar drabbats av torkan, och skadorna uppgår till hundratals miljoner kronor. En "
           "talesperson sade att pengar snart kommer till dem som behöver det, men oppositionen är kritisk."),
    ("fr", "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs. Selon le "
           "ministère, plus de mille exploitations ont été touchées par la sécheresse, et les dégâts s'élèvent "
           "à des centaines de millions d'euros. Un porte-parole a déclaré que l'argent arrivera bientôt."),
    ("es", "El gobierno anunció el martes nuevas medidas para apoyar a los agricultores. Según el ministerio, "
           "más de mil explotaciones se han visto afectadas por la sequía, y los daños ascienden a cientos de "
           "millones de euros. Un portavoz dijo que el dinero llegará pronto a quienes lo necesiten."),
    ("pl", "Rząd ogłosił we wtorek nowe środki wsparcia dla rolników. Według ministerstwa ponad tysiąc "
           "gospodarstw ucierpiało z powodu suszy, a szkody sięgają setek milionów euro. Rzecznik powiedział, "
           "że pieniądze wkrótce trafią do potrzebujących, ale opozycja uważa, że to za mało i za późno."),
]


@pytest.mark.parametrize("text,code", [(GERMAN, "de"), (ENGLISH, "en")])
def test_a_clear_text_is_decided_by_common_words_as_lingua_decides_it(text, code):
    assert langid._by_common_words(text) == code
    assert langid._detector().detect_language_of(text).iso_code_639_1.name.lower() == code
    assert langid.detect(text) == code


@pytest.mark.parametrize("code,text", NEIGHBOURS, ids=[c for c, _ in NEIGHBOURS])
def test_a_neighbouring_language_is_left_to_lingua_and_named(code, text):
    assert langid._by_common_words(text) is None
    with pytest.raises(NewsclaimsError) as exc:
        langid.detect(text)
    assert exc.value.code == "E201"


def test_few_words_or_a_mixed_text_are_left_to_lingua():
    assert langid._by_common_words(" ".join(GERMAN.split()[:20])) is None  # under COMMON_MIN_WORDS
    half = " ".join(GERMAN.split()[:30] + ENGLISH.split()[:30])
    assert langid._by_common_words(half) is None  # neither language's share is five times the other's
