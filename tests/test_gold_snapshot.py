"""Golden master: every gold document's Report is exactly what the snapshot holds.

Restructuring the extractors must not change any output. A deliberate quality change
regenerates the snapshot with ``python scripts/snapshot_gold.py --update`` and commits it
together with the change (the diff of the snapshot shows what moved); without ``--update``
the script prints the documents that differ.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("snapshot_gold", ROOT / "scripts" / "snapshot_gold.py")
snapshot_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_gold)


def test_every_gold_report_matches_the_snapshot():
    expected = snapshot_gold.read()
    assert len(expected) == sum(1 for _ in snapshot_gold.gold_documents()) > 0
    diffs = snapshot_gold.differences(expected, snapshot_gold.compute())
    assert not diffs, "\n".join(diffs[:10])


def test_first_difference_names_the_field():
    old = {"claims": [{"certainty": {"level": "reported"}}]}
    new = {"claims": [{"certainty": {"level": "asserted"}}]}
    assert snapshot_gold.first_difference(old, new) == "claims[0].certainty.level: snapshot 'reported', now 'asserted'"
    assert snapshot_gold.first_difference(old, {"claims": []}) == "claims: 1 items in snapshot, 0 now"
