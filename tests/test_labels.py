"""The one formatter for figures and labels (render.labels), in each language's words."""

from __future__ import annotations

import pytest

from newsclaims.lang import load, supported
from newsclaims.render import labels
from newsclaims.report import Approx, Category, SourceKind

# (lang, low, high, approx, unit, words)
FIGURES = [
    ("en", 12, None, "at_least", None, "at least 12"),
    ("en", 1000, None, "more_than", None, "more than 1,000"),
    ("en", 300, 300, "about", None, "about 300"),
    ("en", None, 15000, "at_most", None, "up to 15,000"),
    ("en", None, 20000, "almost", None, "almost 20,000"),
    ("en", None, 50, "less_than", None, "less than 50"),
    ("en", 10, 20, "range", None, "between 10 and 20"),
    ("en", 600, 600, "exact", None, "600"),
    ("en", 200, 999, "vague", None, "roughly 200 to 999"),
    ("en", 2.5, 2.5, "exact", "percent", "2.5 %"),
    ("en", 1.2e9, 1.2e9, "exact", "EUR", "1,200,000,000 euros"),
    ("en", 100.0, 100.0, "exact", None, "100"),
    ("en", 10, None, "range", None, "at least 10"),  # the wording does not fit the bounds: the bounds win
    ("en", 5, 5, "at_most", None, "5"),
    ("en", None, None, "exact", None, "no value"),
    ("de", 12, None, "at_least", None, "mindestens 12"),
    ("de", 1000, None, "more_than", None, "mehr als 1.000"),
    ("de", 300, 300, "about", None, "etwa 300"),
    ("de", None, 15000, "at_most", None, "bis zu 15.000"),
    ("de", 10, 20, "range", None, "zwischen 10 und 20"),
    ("de", 27.5, 27.5, "exact", "percent", "27,5 %"),
    ("de", 1234.5, 1234.5, "exact", None, "1.234,5"),
    ("xx", 12, None, "at_least", None, "at least 12"),  # no such language: English
    (None, 12, None, "at_least", None, "at least 12"),
]


@pytest.mark.parametrize("lang, low, high, approx, unit, words", FIGURES)
def test_figures_in_words(lang, low, high, approx, unit, words):
    assert labels.figure(low, high, approx, lang, unit) == words


@pytest.mark.parametrize("lang", supported())
def test_every_value_has_a_label_in_words(lang):
    """Every category, wording and source kind of the Report schema is labelled in each language."""
    from typing import get_args

    data = load(lang).file("labels")
    for section, values in (("categories", Category), ("approx", Approx), ("source_kinds", SourceKind)):
        assert set(data[section]) == set(get_args(values)), (lang, section)
        assert all("_" not in str(v) and v for v in data[section].values()), (lang, section)
    assert set(get_args(Approx)) <= set(data["figure"])


def test_labels_follow_the_language():
    assert labels.category("civilians_displaced", "en") == "displaced civilians"
    assert labels.category("civilians_displaced", "de") == "vertriebene Zivilisten"
    assert labels.source_kind("government_or_military", "de") == "Regierung oder Militär"
    assert labels.approx("at_least", "en") == "at least"
    assert labels.number(float("inf")) == "∞" and labels.number(None) == "–"


def test_language_codes_are_named():
    assert labels.language_name("de") == "German" and labels.language_name("en") == "English"
    assert labels.language_name(None) == "unknown"
