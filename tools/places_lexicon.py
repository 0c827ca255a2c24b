"""Write ``rules/lexicon/places.txt`` (administrative places and their short forms) from an adcode table.

    python tools/places_lexicon.py ADCODES.csv [--out rules/lexicon/places.txt]

ADCODES.csv is the ``adcode,name,longitude,latitude`` table of the MIT-licensed package
``cpca`` (0.5.5: ``cpca/resources/adcodes.csv``, the National Bureau of Statistics division
codes): unpack its wheel (``pip download --no-deps cpca==0.5.5``) and pass the file. Only the
names and their level are kept, never a containment (which county lies in which city): a round's
body must be knowable from the text itself (tests/data/rounds/README.md).

Each line is ``name level short``: the name as written (东莞市), its level (province, prefecture,
county, district) and its short form (东莞) or ``-`` when the short form would be a single
character or a district's (区 names such as 城关区, 和平区 shorten to common words).
The output is deterministic: sorted by name.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
HEADER = """\
# Administrative places (name level short), from the adcode table of the MIT-licensed package cpca 0.5.5
# (National Bureau of Statistics division codes), written by tools/places_lexicon.py. Levels: province,
# prefecture, county, district. The short form (东莞 for 东莞市) is '-' for districts and one-character
# stems. Read by noticeparse.extract.places (a round's body, a unit's place); no segmenter loads it.
"""
_ETHNIC = regex.compile(r"^(\p{Han}{2,}?)(?:\p{Han}{0,10}族)?自治(?:区|州|县|旗)$")
_SUFFIX = ("特别行政区", "地区", "林区", "省", "市", "县", "区", "盟", "旗")


def level_of(adcode: str) -> str:
    """The level of a 12-digit division code: province, prefecture, county or district."""
    if adcode[2:] == "0" * 10:
        return "province"
    if adcode[4:] == "0" * 8:
        return "prefecture"
    return "county"


def short_form(name: str, level: str) -> str:
    """The name without its level word: 东莞市 → 东莞, 恩施土家族苗族自治州 → 恩施; '-' when none is safe."""
    if level == "district" or (name.endswith("区") and level == "county"):
        return "-"
    match = _ETHNIC.match(name)
    stem = match.group(1) if match else next((name[: -len(s)] for s in _SUFFIX if name.endswith(s)), name)
    return stem if len(stem) >= 2 and stem != name else "-"


def read_places(path: Path) -> list[tuple[str, str, str]]:
    """``(name, level, short)`` of every division in the table, districts told apart from counties."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, level = row["name"].strip(), level_of(row["adcode"].strip())
            if len(name) < 2 or "直辖" in name or "辖区" in name:  # 县, 市辖区: groupings, not places
                continue
            if level == "county" and name.endswith("区"):
                level = "district"
            rows.append((name, level, short_form(name, level)))
    return sorted(set(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("adcodes", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "lexicon" / "places.txt")
    args = parser.parse_args()
    lines = [f"{name} {level} {short}" for name, level, short in read_places(args.adcodes)]
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} places -> {args.out}")


if __name__ == "__main__":
    main()
