"""How far to trust policykg: every gold document the repository ships, scored (make accuracy).

Each gold file in tests/gold names its document in tests/corpus; the document is built in
memory and scored as ``policykg evaluate`` scores it. Prints one line of F1 per document and
the micro-averaged F1 over all of them: a report, not a test (it never fails on low scores).

    .venv/bin/python tools/accuracy.py [NAME_FILTER]
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from graph.evaluation import Evaluation, evaluate_graph, micro_average
from graph.gold import read_gold
from output.scores import accuracy_table
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.sources import built_graph

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "tests" / "corpus"


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.ERROR)  # the report only, not each build's warnings
    only = argv[0] if argv else ""
    started = time.perf_counter()
    scored: list[tuple[str, Evaluation]] = []
    for path in sorted(GOLD.glob("*.gold.json")):
        name = path.name.removesuffix(".gold.json")
        if only not in name:
            continue
        try:
            annotation = read_gold(path)
            document = CORPUS / (annotation.document or f"{name}.txt")
            scored.append((name, evaluate_graph(built_graph(document, BuildConfig()), annotation)))
        except InputError as exc:
            print(f"{name}: not scored: {exc}", file=sys.stderr)
    if not scored:
        print(f"no gold document in {GOLD} matches {only!r}", file=sys.stderr)
        return 1
    sys.stdout.write(accuracy_table(scored, micro_average(e for _, e in scored)))
    sys.stdout.flush()
    print(f"{len(scored)} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
