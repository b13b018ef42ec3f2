"""Tone calibration on the register examples (the same facts written three ways) and the pure finder."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclaims import analyze
from newsclaims.extract.tone import find_signals, saturate
from newsclaims.lang import supported

REGISTERS = Path(__file__).parent.parent / "examples" / "registers"
# Bands the article score must fall into (docs/tone.md states the measured values).
BANDS = {"wire": (0, 15), "quality": (20, 50), "tabloid": (80, 100)}


@pytest.mark.parametrize("lang", supported())
def test_registers_are_ordered_and_in_their_bands(lang):
    scores = {}
    for register, (low, high) in BANDS.items():
        report = analyze(REGISTERS / lang / f"{register}.txt", lang=lang)
        scores[register] = report.tone.score
        assert low <= report.tone.score <= high, (register, report.tone.score)
        assert len(report.tone.sentences) == len(report.document.sentences)
    assert scores["wire"] < scores["quality"] < scores["tabloid"]


def test_find_signals_is_pure_and_respects_priority():
    text = "Doch das ist noch nicht alles! Ein gefährliches Spiel mit dem Feuer."
    got = [(s.kind, s.text) for s in find_signals("de", text)]
    assert got == [("clickbait", "Doch das ist noch nicht alles"), ("exclamation", "!"),
                   ("emotive", "gefährliches"), ("danger_metaphor", "Spiel mit dem Feuer")]


def test_saturation():
    assert saturate(0, 20) == 0.0
    assert 60 < saturate(20, 20) < 65
    assert saturate(1000, 20) == 100.0


def test_sentence_role_without_a_claim():
    from newsclaims.extract.tone import sentence_role

    assert sentence_role("claim", checkable=False, score=90) == "claim"
    assert sentence_role(None, checkable=False, score=70) == "filler"
    assert sentence_role(None, checkable=True, score=70) == "opinion"
    assert sentence_role(None, checkable=False, score=10) == "opinion"
