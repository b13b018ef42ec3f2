"""The public face: analyze(), the Report, the schema, and the CLI printing exactly the model's JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsclaims
from newsclaims.cli import cli
from newsclaims.errors import NewsclaimsError

EXAMPLE = Path(__file__).parents[1] / "examples" / "grenzkrise.txt"


@pytest.fixture(scope="module")
def report():
    return newsclaims.analyze(EXAMPLE, published=dt.date(2025, 11, 14))


def test_example_structure(report):
    doc = report.document
    assert doc.lang == "de"
    assert doc.title == "Russland verlegt neue Truppen an die finnische Grenze: Die Lage eskaliert!"
    assert doc.standfirst.startswith("Rund 8.000 russische Soldaten sollen")
    assert [b.text for b in doc.blocks if b.kind == "subheading"] == [
        "Droht jetzt ein neuer Konflikt?", "Alte Feinde, neue Ängste"]
    sentences = [s.text for s in doc.sentences]
    assert "Doch das ist erst der Anfang einer gefährlichen Entwicklung!" in sentences
    assert any("Verteidigungsbereitschaft" in s for s in sentences)
    for s in doc.sentences:  # no sentence crosses a block boundary
        block = doc.blocks[s.block]
        assert block.start <= s.start and s.end <= block.end


def test_every_span_points_at_its_text(report):
    text = report.document.text
    spans = list(report.spans())
    assert len(spans) > 20
    for path, span in spans:
        assert text[span.start:span.end] == span.text, path


def test_cli_json_is_model_dump(report):
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "--published", "2025-11-14"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    expected = report.model_dump(mode="json")
    assert printed == expected


def test_schema_command():
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Report"
    assert "quantities" in schema["properties"]
    assert schema["properties"]["schema_version"]["default"] == newsclaims.report.SCHEMA_VERSION


def test_text_and_path_give_the_same_document(report):
    same = newsclaims.analyze(EXAMPLE.read_text(encoding="utf-8"), published=dt.date(2025, 11, 14))
    assert same.document.text == report.document.text
    assert same.document.id == report.document.id


@pytest.mark.parametrize("source,code", [
    ("   \n\t ", "E102"),
    ("Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs.", "E201"),
    (Path("does-not-exist.txt"), "E101"),
    (b"\x00\x01\x02binary\xff\xfe", "E104"),
])
def test_bad_input_is_a_numbered_error(source, code):
    with pytest.raises(NewsclaimsError) as exc:
        newsclaims.analyze(source)
    assert exc.value.code == code
    assert "\n" not in str(exc.value)


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes("Die Behörde meldete 40 Verletzte in Köln, darunter Kinder und ältere Menschen.".encode("cp1252"))
    report = newsclaims.analyze(path, lang="de")
    assert "Behörde" in report.document.text
    assert any("cp1252" in w for w in report.warnings)


def test_lang_override_and_unsupported_lang():
    text = "Die Polizei meldete am Abend 12 Festnahmen nach den Protesten in der Innenstadt."
    assert newsclaims.analyze(text, lang="en").document.lang == "en"
    with pytest.raises(NewsclaimsError, match="E201"):
        newsclaims.analyze(text, lang="fr")


def test_cli_html_escapes_article_text(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text('Die Polizei meldete <script>alert(1)</script> 12 Festnahmen. "><img src=x onerror=alert(1)> '
                    "Die Behörden sprachen von mehr als 300 Demonstranten in der Innenstadt.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--lang", "de", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<script>alert(1)</script>" not in result.output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.output
    assert "<img src=x" not in result.output
    assert "mehr als 300" in result.output


def test_cli_text_summary_lists_figures_with_intervals():
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "--published", "2025-11-14", "--format", "text"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Russland verlegt neue Truppen an die finnische Grenze: Die Lage eskaliert!"
    assert any("'mehr als 2.500' = mehr als 2.500, " in line for line in lines)
    assert any("'Rund 8.000' = etwa 8.000, Truppen: " in line for line in lines)


def test_a_string_is_text_never_a_path_or_a_url(tmp_path, monkeypatch):
    """A one-line text that looks like a file name or a URL is analysed as text: nothing is
    opened or fetched."""
    import newsclaims.ingest as ingest

    def no_fetch(*a, **kw):
        raise AssertionError("fetched")

    monkeypatch.setattr(ingest, "load_url", no_fetch)
    monkeypatch.setattr(ingest, "load_path", no_fetch)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bericht.txt").write_text("Die Polizei meldete 99 Festnahmen.", encoding="utf-8")
    headline = "Die Polizei meldete am Abend 12 Festnahmen, mehr unter bericht.txt"
    assert newsclaims.analyze(headline).document.text == headline
    for text in ("bericht.txt", "https://example.org/die-polizei-meldete-12-festnahmen"):
        report = newsclaims.analyze(text, lang="de")
        assert report.document.text == text and report.document.source.kind == "text"


def test_explicit_path_url_and_data(tmp_path, inputs_http_server):
    path = tmp_path / "2024-12-09-bericht.txt"
    path.write_text("Die Polizei meldete am Abend 12 Festnahmen nach den Protesten.", encoding="utf-8")
    by_path = newsclaims.analyze(path=str(path))
    assert by_path.document.source.path == str(path)
    assert by_path.document.published == dt.date(2024, 12, 9)  # the date in the file name
    assert newsclaims.analyze(Path(path)).document.id == by_path.document.id
    assert newsclaims.analyze(data=path.read_bytes()).document.id == by_path.document.id
    inputs_http_server.routes["/meldung"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, path.read_bytes(), 0)
    by_url = newsclaims.analyze(url=inputs_http_server.base + "/meldung")
    assert by_url.document.source.kind == "url" and by_url.document.id == by_path.document.id
    with pytest.raises(NewsclaimsError, match="E301: give exactly one of text, path, url, data"):
        newsclaims.analyze("Ein Text", path=str(path))
    with pytest.raises(NewsclaimsError, match="E301"):
        newsclaims.analyze()


@pytest.mark.parametrize("text", ["OK", "Ja", "Hallo Welt"])
def test_short_text_needs_a_language(text, monkeypatch):
    monkeypatch.delenv("NEWSCLAIMS_DEFAULT_LANG", raising=False)
    with pytest.raises(NewsclaimsError) as exc:
        newsclaims.analyze(text)
    assert exc.value.code == "E203" and "too short" in exc.value.message
    assert newsclaims.analyze(text, lang="en").document.lang == "en"
    monkeypatch.setenv("NEWSCLAIMS_DEFAULT_LANG", "de")
    assert newsclaims.analyze(text).document.lang == "de"
    monkeypatch.setenv("NEWSCLAIMS_DEFAULT_LANG", "pl")
    with pytest.raises(NewsclaimsError, match="E201"):
        newsclaims.analyze(text)


def test_utf16_with_bom_is_text(tmp_path):
    text = "Die Behörde meldete 40 Verletzte in Köln, darunter Kinder und ältere Menschen."
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        report = newsclaims.analyze(data=data, lang="de")
        assert report.document.text == text
        assert [q.low for q in report.quantities] == [40]
