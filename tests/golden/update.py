"""Write the golden files again from what papertrail reads now:
``python3 -m tests.golden.update [DOC_ID ...]``.  Review the diff before committing it:
tests/test_golden.py checks every golden file against ../shared/realpapers/gold.json."""

from __future__ import annotations

import json
import sys

from tests.golden import HERE, observed, papers


def main(argv: list[str]) -> int:
    wanted = set(argv)
    paths = [p for p in papers() if not wanted or p.stem in wanted]
    if not paths:
        print("no real papers found (../shared/realpapers is absent?)", file=sys.stderr)
        return 1
    for path in paths:
        (HERE / f"{path.stem}.json").write_text(json.dumps(observed(path), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path.stem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
