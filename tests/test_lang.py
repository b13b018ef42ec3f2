"""Language data: the registry, the schema every data file is checked against, the YAML loader."""

from __future__ import annotations

import pytest

from newsclaims.errors import NewsclaimsError
from newsclaims.lang import PATH_ENV, languages, load, read_yaml, supported
from newsclaims.lang.schema import MODELS
from newsclaims.pipeline import get_nlp

LANGS = supported()


def test_registry_names_each_language():
    assert {code: lang.name for code, lang in languages().items()} == {"de": "Deutsch", "en": "English"}


@pytest.mark.parametrize("code", LANGS)
def test_every_data_file_has_a_schema_and_passes_it(code):
    names = sorted(f.name.removesuffix(".yaml") for f in languages()[code].folder.iterdir() if f.name.endswith(".yaml"))
    assert names == sorted(MODELS)
    for name in names:
        assert load(code).file(name), name


@pytest.mark.parametrize("code", LANGS)
def test_patterns_compile(code):
    data = load(code)
    for name in MODELS:
        for block in ("patterns", "patterns_cased"):
            if block in data.file(name):
                patterns = data.patterns(name, block)
                assert all(patterns[frag].pattern for frag in patterns)  # every fragment compiles


def test_optional_keys_left_out_read_as_their_default():
    assert load("de").get("quantities", "unit_links") == []  # German needs no "of" between number and unit
    assert load("en").get("quantities", "number_word_forms") == {}
    assert load("en").get("quantities", "alt_locale", str) is None
    assert load("de").get("attribution", "plural_head", str) is None
    assert "baseline" not in load("de").patterns("certainty")


@pytest.mark.parametrize("code", LANGS)
def test_pipeline_analysis_has_no_problems(code):
    nlp = get_nlp(code)
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    assert [n for n in nlp.pipe_names if n.startswith("newsclaims_")][0] == "newsclaims_structure"


def test_yaml_keeps_words_that_yaml_1_1_turns_into_values():
    # The "Norway problem": NO, on, off, yes, y, n as booleans, 010 as octal 8, 1:30 as 90.
    assert read_yaml("[NO, no, on, Off, yes, y, n, 010, '1:30', 1:30, 2025-01-14, true, false, 12, 0x1F, 1.5]") == [
        "NO", "no", "on", "Off", "yes", "y", "n", "010", "1:30", "1:30", "2025-01-14", True, False, 12, 31, 1.5]
    assert read_yaml("{NO: {name: Norway}}") == {"NO": {"name": "Norway"}}


# A file in a language folder of its own (from NEWSCLAIMS_LANG_PATH) -> the E202 it must raise.
BAD_FILES = [
    ("countries", "countries: {NOR: {name: Norway, names: [Norge]}}",
     r"countries.yaml key 'countries.NOR.\[key\]': String should match pattern"),
    ("countries", "countries: {\"NO\": {name: Norway, names: [Norge], capital: [Oslo]}}",
     r"countries.yaml key 'countries.NO.capital': Extra inputs are not permitted"),
    ("layout", "function_word: [the]", r"layout.yaml: key 'function_word' is not in the schema and no pattern refers to it"),
    ("tone", "emotive: yes\nloaded: []\nintensifier: []\nsuperlative: []\nclickbait: []\ndanger_metaphor: []\n"
             "patterns: {exclamation: '!', question: '\\?', shouting: '[A-Z]{5}', second_person: you}",
     r"tone.yaml key 'emotive': Input should be a valid list"),
    ("claims", "patterns: {filler: '\\bwell\\b'}", r"claims.yaml key 'patterns.opinion': Field required"),
    ("times", "months: {Jan: 2025-01-14}", r"times.yaml key 'months.Jan': Input should be a valid integer"),
    ("organizations", "organizations: [{name: Pentagon, forms: [Pentagon], generic: maybe}]",
     r"organizations.yaml key 'organizations.0.generic': Input should be a valid boolean"),
    ("layout", "- a list", r"layout.yaml must be a mapping"),
    ("language", "name: Toy\nscript: Latin", r"language.yaml key 'script': Extra inputs are not permitted"),
]


@pytest.mark.parametrize("name,text,error", BAD_FILES, ids=[f"{n}:{e.split(':')[-1].strip()[:30]}" for n, _, e in BAD_FILES])
def test_bad_data_file_names_language_file_and_key(tmp_path, monkeypatch, name, text, error):
    folder = tmp_path / "qx"
    folder.mkdir()
    (folder / "language.yaml").write_text("name: Bad\n" if name != "language" else "", encoding="utf-8")
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(PATH_ENV, str(tmp_path))
    with pytest.raises(NewsclaimsError, match=r"^E202: language 'qx': " + error):
        assert languages()["qx"].name == "Bad"  # the registry lists a folder without reading it
        load("qx").file(name)


def test_unknown_language_and_missing_key():
    with pytest.raises(NewsclaimsError, match=r"E202: language 'de': layout.yaml lacks key 'nope'"):
        load("de").get("layout", "nope")
    with pytest.raises(NewsclaimsError, match=r"E201: unsupported language 'qq' \(supported: de, en\)"):
        load("qq")
