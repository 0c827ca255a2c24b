"""End-to-end pump ratios: the whole parse of each shape of issue 28 at 10k and 100k characters or elements.

    .venv/bin/python bench/pump_bench.py [--rules] [--json bench/pump.json]

The shapes (dense date lists, mixed units, percentages, long tables, paragraph runs) and pages
(paragraph and table-row elements) of ``noticeparse.parse.pump``; ``--rules`` adds every rule's
first example, as ``noticeparse rules check`` runs them (screened at 1k/10k). Each line is
t(100k)/t(10k) in CPU seconds, best of two, against the limit of 12 (10 is linear, 100 quadratic);
the seconds are shown to say where time goes, the verdict reads only the ratio. A benchmark reports;
``rules check`` (``make test``) is where a super-linear input fails the build.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from noticeparse.parse.pump import iter_whole_pumps, pump_units
from noticeparse.rules import load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", action="store_true", help="every rule's first example too (minutes)")
    parser.add_argument("--json", type=Path, help="write the results here as well")
    args = parser.parse_args()
    rules = load_rules()
    rows = []
    for result in iter_whole_pumps(rules, pump_units(rules, with_rules=args.rules)):
        row = {"input": result.unit.label, "unit": result.unit.unit, "measure": result.unit.measure,
               "small": result.small_size, "large": result.large_size, "cpu_small_s": round(result.small, 3),
               "cpu_large_s": round(result.large, 3), "ratio": round(result.ratio, 2), "limit": result.limit,
               "screened": result.screened, "rejected": result.rejected, "passed": not result.failed}
        rows.append(row)
        verdict = "ok  " if row["passed"] else "FAIL"
        print(f"{verdict} {row['input']:<22} t({row['large']:,})/t({row['small']:,}) {row['measure']:<8} "
              f"= {row['ratio']:>6} (limit {row['limit']:g})  {row['cpu_small_s']:>7} s -> {row['cpu_large_s']:>7} s"
              f"{'  rejected ' + str(row['rejected']) if row['rejected'] else ''}", flush=True)
    failed = [row["input"] for row in rows if not row["passed"]]
    print(f"whole-parse pump: {len(rows) - len(failed)} of {len(rows)} inputs linear"
          + (f"; not: {', '.join(map(str, failed))}" if failed else ""))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
