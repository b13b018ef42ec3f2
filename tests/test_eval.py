"""The scorer of ``newsclaims eval`` on tiny hand-made cases, and the gold set's own integrity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclaims import eval as ev
from newsclaims.errors import NewsclaimsError
from newsclaims.lang import supported

GOLD = Path(__file__).parent.parent / "gold"
TEXT = "Mehr als 1.000 Soldaten sollen laut JCS gefallen sein, etwa 300 wurden im Mai verletzt."


def rec(text, start=None, **kw):
    start = TEXT.index(text) if start is None else start
    base = {"text": text, "start": start, "end": start + len(text), "low": None, "high": None, "approx": "exact",
            "counted": None, "counted_start": None, "counted_end": None, "category": "other",
            "source": None, "source_text": None, "source_start": None, "source_end": None, "source_kind": "none",
            "certainty": "asserted", "time": None, "time_start": None, "time_end": None}
    base.update(kw)
    return base


def span(text, key, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(text, i + 1)
    return {key: text, f"{key}_start": i, f"{key}_end": i + len(text)}


def test_number_token():
    assert ev.number_token("mehr als 1.000", 10) == (19, 24)
    assert ev.number_token("mehrere hundert", 0) == (8, 15)
    assert ev.number_token("Tausende", 5) == (5, 13)
    assert ev.number_token("10.000 bis 12.000", 0) == (0, 6)


def test_match_rule():
    g = rec("Mehr als 1.000")
    assert ev.is_match(g, rec("1.000"))                 # prediction inside gold, holds the number
    assert ev.is_match(g, rec("als 1.000 Soldaten"))    # overlap, prediction holds gold's number token
    assert not ev.is_match(g, rec("Mehr als"))           # overlap without the number
    assert ev.is_match(rec("Mehr als"), rec("als"))      # word-only spans: the last token
    assert not ev.is_match(g, rec("etwa 300"))           # no overlap


def test_match_is_one_to_one_and_prefers_larger_overlap():
    gold = [rec("Mehr als 1.000"), rec("etwa 300")]
    pred = [rec("1.000"), rec("Mehr als 1.000"), rec("300"), rec("Mai")]
    matched, missed, fp = ev.match(gold, pred)
    assert [(g["text"], p["text"]) for g, p in matched] == [("Mehr als 1.000", "Mehr als 1.000"), ("etwa 300", "300")]
    assert missed == []
    assert [p["text"] for p in fp] == ["1.000", "Mai"]


def test_prf_arithmetic():
    assert ev.prf(2, 4, 3) == pytest.approx((2 / 3, 0.5, 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5)))
    assert ev.prf(0, 5, 0) == (0.0, 0.0, 0.0)
    assert ev.prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert ev.prf(0, 0, 2) == (0.0, 1.0, 0.0)


def test_attributes():
    g = rec("Mehr als 1.000", low=1000, high=None, approx="more_than", category="killed",
            **span("Soldaten", "counted"), source="JCS", source_kind="government_or_military",
            **{"source_text": "JCS", "source_start": TEXT.index("JCS"), "source_end": TEXT.index("JCS") + 3},
            certainty="alleged")
    good = dict(g, text="1.000", start=9, end=14, counted="Soldaten sollen", counted_end=g["counted_start"] + 15,
                low=1000.0, source_text="laut JCS", source_start=TEXT.index("laut JCS"))
    for attr in ev.ATTRIBUTES:
        assert ev.attribute_ok(g, good, attr), attr
    assert not ev.attribute_ok(g, dict(good, approx="at_least"), "interval")
    assert not ev.attribute_ok(g, dict(good, high=1000), "interval")
    assert not ev.attribute_ok(g, dict(good, category="casualties"), "category")
    assert not ev.attribute_ok(g, dict(good, counted=None, counted_start=None, counted_end=None), "counted")
    assert not ev.attribute_ok(g, dict(good, source_text=None, source_start=None, source_end=None), "source")
    # attributed, but to a mention elsewhere
    assert not ev.attribute_ok(g, dict(good, source_text="Soldaten", source_start=15, source_end=23), "source")
    assert not ev.attribute_ok(g, dict(good, certainty="reported"), "certainty")
    assert not ev.attribute_ok(g, dict(good, **span("im Mai", "time")), "time")
    assert ev.attribute_ok(dict(g, source_text=None, source_start=None, source_end=None),
                           dict(good, source_text=None, source_start=None, source_end=None), "source")


def test_score_per_language_and_overall():
    docs = [{"id": "a", "lang": "de", "text": TEXT}, {"id": "b", "lang": "en", "text": TEXT}]
    ga = [dict(rec("Mehr als 1.000", low=1000, approx="more_than"), doc="a"),
          dict(rec("etwa 300", low=300, high=300, approx="about"), doc="a")]
    gb = [dict(rec("etwa 300", low=300, high=300, approx="about"), doc="b")]
    preds = {"a": [rec("Mehr als 1.000", low=1000, approx="more_than"), rec("Mai")],
             "b": [rec("etwa 300", low=300, high=300, approx="exact")]}
    result, errors = ev.score(docs, ga + gb, preds)
    assert result["de"] == {**result["de"], "gold": 2, "pred": 2, "tp": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5,
                            "interval": 1.0}
    assert result["en"]["f1"] == 1.0 and result["en"]["interval"] == 0.0
    o = result["overall"]
    assert (o["gold"], o["pred"], o["tp"]) == (3, 3, 2)
    assert o["precision"] == pytest.approx(0.6667, abs=1e-4) and o["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert o["interval"] == 0.5
    assert [g["text"] for g in errors[0]["missed"]] == ["etwa 300"]
    assert [p["text"] for p in errors[0]["false_positives"]] == ["Mai"]
    assert [(a, g["text"]) for a, g, _ in errors[1]["wrong"]] == [("interval", "etwa 300")]


def test_nothing_predicted_scores_zero():
    docs = [{"id": "a", "lang": "de", "text": TEXT}]
    result, _ = ev.score(docs, [dict(rec("etwa 300"), doc="a")], {})
    assert result["overall"]["f1"] == 0.0 and result["overall"]["interval"] is None


def test_load_gold_rejects_bad_offsets(tmp_path):
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "a", "lang": "de", "published": None, "text": TEXT}) + "\n")
    bad = dict(rec("etwa 300"), doc="a", start=3, end=11)
    (tmp_path / "gold.jsonl").write_text(json.dumps(bad) + "\n")
    with pytest.raises(NewsclaimsError) as exc:
        ev.load_gold(tmp_path)
    assert exc.value.code == "E501"
    with pytest.raises(NewsclaimsError) as exc:
        ev.load_gold(tmp_path / "missing")
    assert exc.value.code == "E101"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_set_integrity(split):
    docs, gold = ev.load_gold(GOLD / split)
    langs = {d["lang"] for d in docs}
    assert langs == set(supported())  # every language has gold documents
    texts = {d["id"]: d["text"] for d in docs}
    for g in gold:
        t = texts[g["doc"]]
        for key, s, e in (("text", "start", "end"), ("counted", "counted_start", "counted_end"),
                          ("source_text", "source_start", "source_end"), ("time", "time_start", "time_end")):
            if g[key] is not None:
                assert t[g[s]:g[e]] == g[key], (g["doc"], key, g[key])
        assert (g["source"] is None) == (g["source_kind"] == "none")


def test_gold_splits_are_disjoint_and_sized():
    dev, _ = ev.load_gold(GOLD / "dev")
    test, _ = ev.load_gold(GOLD / "test")
    assert not {d["id"] for d in dev} & {d["id"] for d in test}
    assert len(dev) + len(test) >= 30
    assert sum(d["lang"] == "de" for d in dev + test) >= 20 and sum(d["lang"] == "en" for d in dev + test) >= 10


def test_cli_json_on_tiny_gold(tmp_path, monkeypatch):
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "a", "lang": "de", "published": None, "text": TEXT}) + "\n")
    (tmp_path / "gold.jsonl").write_text(json.dumps(dict(rec("etwa 300", low=300, high=300, approx="about"), doc="a")) + "\n")
    monkeypatch.setattr(ev, "run_pipeline", lambda docs: ({"a": [rec("etwa 300", low=300, high=300, approx="about")]}, {}))
    result = CliRunner().invoke(ev.eval_command, [str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["scores"]["overall"]["f1"] == 1.0 and out["scores"]["de"]["interval"] == 1.0
    result = CliRunner().invoke(ev.eval_command, [str(tmp_path), "--show-errors"])
    assert result.exit_code == 0 and "overall" in result.output


def test_eval_exits_non_zero_naming_a_failed_document(tmp_path, monkeypatch):
    (tmp_path / "docs.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "lang": "de", "published": None, "text": TEXT}) for i in ("a", "b")) + "\n")
    (tmp_path / "gold.jsonl").write_text(json.dumps(dict(rec("etwa 300", low=300, high=300, approx="about"), doc="a")) + "\n")
    monkeypatch.setattr(ev, "run_pipeline", lambda docs: ({"a": [rec("etwa 300", low=300, high=300, approx="about")]},
                                                           {"b": "ValueError: boom"}))
    result = CliRunner().invoke(ev.eval_command, [str(tmp_path)])
    assert result.exit_code == 1
    assert "E502: pipeline failed on b: ValueError: boom" in result.stderr


def test_gold_text_is_analysed_as_it_stands():
    """A headline without closing punctuation before a paragraph that opens with a figure is
    not joined to it; eval scores every document (no "offsets would not line up")."""
    text = "Einsatzbilanz: Wenn die Retter ausrücken\n\n312 Mal rückte die Wehr aus. Vier Menschen wurden gerettet."
    preds, failures = ev.run_pipeline([{"id": "x", "lang": "de", "published": None, "text": text}])
    assert failures == {}
    assert [(p["text"], p["start"], p["low"]) for p in preds["x"]] == [("312 Mal", 42, 312), ("Vier", 71, 4)]


def test_gold_jsonl_is_built_from_the_sources():
    """gold/<split>/*.jsonl are the output of scripts/gold_build.py over gold/src (no hand edits)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_build", GOLD.parent / "scripts" / "gold_build.py")
    gb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gb)
    built = {"dev": ([], []), "test": ([], [])}
    for path in sorted((GOLD / "src").glob("*.yaml")):
        doc, gold, split = gb.build_doc(path)
        built[split][0].append(doc)
        built[split][1].extend(gold)
    for split, (docs, gold) in built.items():
        on_disk = [json.loads(x) for x in (GOLD / split / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
        assert on_disk == docs, f"gold/{split}/docs.jsonl is stale: run scripts/gold_build.py"
        on_disk = [json.loads(x) for x in (GOLD / split / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
        assert on_disk == gold, f"gold/{split}/gold.jsonl is stale: run scripts/gold_build.py"


def test_gold_build_fails_loudly(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_build", GOLD.parent / "scripts" / "gold_build.py")
    gb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gb)
    src = tmp_path / "x.yaml"
    base = "lang: de\npublished: null\nsplit: dev\ntext: |\n  Rund 1.000 Soldaten wurden verlegt.\nfigs:\n"
    src.write_text(base + '  - "Rund 1.000 | 1000 1000 about | Soldaten | troops | - | asserted | -"\n', encoding="utf-8")
    doc, gold, _ = gb.build_doc(src)
    assert (gold[0]["start"], gold[0]["end"], gold[0]["counted_start"]) == (0, 10, 11)
    for bad in ['  - "Rund 2.000 | 2000 2000 about | Soldaten | troops | - | asserted | -"\n',   # not in text
                '  - "1.000 | 1000 1000 about | Panzer | troops | - | asserted | -"\n',          # counted not found
                '  - "Rund 1.000 | 1000 1000 roughly | Soldaten | troops | - | asserted | -"\n',  # bad approx
                '  - "000 | 0 0 exact | - | other | - | asserted | -"\n']:                       # inside a number
        src.write_text(base + bad, encoding="utf-8")
        with pytest.raises(gb.GoldError):
            gb.build_doc(src)
