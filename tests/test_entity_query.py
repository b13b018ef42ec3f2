"""Corpus search by what people type for a country: a code, a name, an adjective or a demonym,
in English or German, in any case (the entity gazetteer's forms)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsclaims.cli import cli
from newsclaims.corpus.entity_query import resolve
from newsclaims.errors import NewsclaimsError

CASES = [
    ("KP", "KP"), ("kp", "KP"), ("North Korea", "KP"), ("north  korea", "KP"), ("North Korean", "KP"),
    ("North Koreans", "KP"), ("DPRK", "KP"), ("Nordkorea", "KP"), ("Nordkoreas", "KP"), ("nordkoreanisch", "KP"),
    ("nordkoreanischen", "KP"), ("Nordkoreaner", "KP"), ("Pjöngjang", "KP"),
    ("Russland", "RU"), ("russisch", "RU"), ("Russians", "RU"), ("Ukrainian", "UA"), ("ukrainische", "UA"),
    ("Vereinigte Staaten", "US"), ("United States", "US"), ("Südkorea", "KR"), ("South Korean", "KR"),
]


@pytest.mark.parametrize("typed, code", CASES)
def test_country_forms_resolve_to_their_code(typed, code):
    assert resolve(typed)[0] == code


@pytest.mark.parametrize("typed", ["Atlantis", "Korea Nord", "NIS", "Kursk", ""])
def test_unknown_names_are_said(typed):
    with pytest.raises(NewsclaimsError) as err:
        resolve(typed)
    assert err.value.code == "E301" and "no country known as" in err.value.message


def test_cli_search_takes_names_and_says_when_none_match(tmp_path):
    db = tmp_path / "c.db"
    report = tmp_path / "r.txt"
    report.write_text("Neue Zahlen aus Seoul\n\nMehr als 1.000 nordkoreanische Soldaten wurden nach Angaben "
                      "des Generalstabs JCS getötet oder verwundet.", encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(cli, ["corpus", "add", str(report), "--db", str(db), "--lang", "de", "--published", "2024-12-02"])
    assert added.exit_code == 0, added.output
    by_code = runner.invoke(cli, ["corpus", "search", "--db", str(db), "--entity", "KP", "--format", "json"])
    assert by_code.exit_code == 0 and "Mehr als 1.000" in by_code.output
    for name in ("North Korea", "Nordkorea", "nordkoreanisch"):
        found = runner.invoke(cli, ["corpus", "search", "--db", str(db), "--entity", name, "--format", "json"])
        assert found.exit_code == 0 and found.output == by_code.output, name
    missing = runner.invoke(cli, ["corpus", "search", "--db", str(db), "--entity", "Atlantis"])
    assert missing.exit_code == 1 and "E301: no country known as 'Atlantis'" in missing.output
