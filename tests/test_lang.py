"""Language data: every language provides the same files and keys; the pipeline is well formed."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from newsclaims.lang import load, supported
from newsclaims.pipeline import get_nlp

LANGS = supported()


def _keys(code: str) -> dict[str, set[str]]:
    root = resources.files("newsclaims.lang").joinpath(code)
    return {f.name: set(yaml.safe_load(f.read_text(encoding="utf-8")) or {})
            for f in root.iterdir() if f.name.endswith(".yaml")}


def test_supported_languages():
    assert LANGS == ["de", "en"]


@pytest.mark.parametrize("code", LANGS[1:])
def test_same_files_and_keys(code):
    ref, other = _keys(LANGS[0]), _keys(code)
    assert sorted(ref) == sorted(other), "both languages must ship the same data files"
    for name in ref:
        assert ref[name] == other[name], f"{name}: keys differ: {sorted(ref[name] ^ other[name])}"


@pytest.mark.parametrize("code", LANGS)
def test_patterns_compile(code):
    data = load(code)
    for name in _keys(code):
        if "patterns" in data.file(name.removesuffix(".yaml")):
            patterns = data.patterns(name.removesuffix(".yaml"))
            assert all(patterns[frag].pattern for frag in patterns)  # every fragment compiles


@pytest.mark.parametrize("code", LANGS)
def test_pipeline_analysis_has_no_problems(code):
    nlp = get_nlp(code)
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    assert [n for n in nlp.pipe_names if n.startswith("newsclaims_")][0] == "newsclaims_structure"


def test_language_error_names_language_file_and_key():
    from newsclaims.errors import NewsclaimsError

    with pytest.raises(NewsclaimsError, match=r"E202: language 'de': layout.yaml lacks key 'nope'"):
        load("de").get("layout", "nope")
    with pytest.raises(NewsclaimsError, match="E201"):
        load("xx")
