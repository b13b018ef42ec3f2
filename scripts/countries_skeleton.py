"""Print a skeleton of lang/<code>/countries.yaml from babel (CLDR) territory names.

Used once to start the country tables; the YAML is what ships. Adjective stems, demonyms,
inflected names and metonymic capitals are added by hand afterwards. Codes already in the
language's countries.yaml are skipped, so the script also lists what a new country needs.

    python scripts/countries_skeleton.py de KP KR RU UA > /tmp/skeleton.yaml
"""

from __future__ import annotations

import sys
from importlib import resources

from babel import Locale

from newsclaims.lang import read_yaml  # reads the code NO as "NO", not false


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lang, codes = argv[0], argv[1:]
    local, english = Locale(lang).territories, Locale("en").territories
    path = resources.files("newsclaims.lang").joinpath(lang, "countries.yaml")
    have = set((read_yaml(path.read_text(encoding="utf-8")) or {}).get("countries", {})) if path.is_file() else set()
    for code in codes:
        if code in have:
            continue
        print(f"  {code}: {{name: {english.get(code, code)}, names: [{local.get(code, code)}], adj: [], people: [], capitals: []}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
