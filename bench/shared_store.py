"""The named queries on a store that keeps each plan in its own graph, as a real store does:
the bench's copies of the example (one issuer, so every office, the issuer and every day
are stated once per copy). Oxigraph 0.5 matches such a statement once per graph
(docs/performance.md); stage 5 of `make bench` loads its copies into one graph. Not part of
`make bench`: some queries take tens of seconds here.

    .venv/bin/python bench/shared_store.py [--triples N] [--runs N] [QUERY ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queries import PARAMS, WITHOUT_DATA, corpus_copies


def stored_apart(where: Path, target: int) -> int:
    """Store about ``target`` triples at ``where``: copies of the example, a graph each."""
    import pyoxigraph as ox

    copies, triples = corpus_copies(target)
    raw = ox.Store(str(where))
    for i, part in enumerate(copies):
        raw.bulk_load(
            part.encode("utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(f"https://w3id.org/policykg/id/graph/bench-{i:05d}"),
        )
    raw.flush()
    del raw
    (where / "policykg-store.txt").write_text("bench\n")
    return triples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("queries", nargs="*", help="named queries (default: all)")
    args = parser.parse_args()

    from graph.named import named_queries
    from graph.store import PlanStore

    with tempfile.TemporaryDirectory() as directory:
        where = Path(directory) / "plans"
        triples = stored_apart(where, args.triples)
        store = PlanStore(where, writable=False, in_memory=True)
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as in stage 5
        print(f"{triples:,} triples, one graph per copy; CPU, median of {args.runs}")
        medians = []
        for name, query in named_queries().items():
            if args.queries and name not in args.queries:
                continue
            params = query.bindings(PARAMS.get(name, {}))
            times, rows = [], 0
            for _ in range(args.runs):
                started = time.process_time()
                rows = len(store.query(query.text, params).rows)
                times.append(time.process_time() - started)
            median = statistics.median(times)
            if name not in WITHOUT_DATA:
                medians.append(median)
            print(f"{name:22s} {rows:7,d} rows {median * 1000:10.1f} ms", flush=True)
        store.close()
        if medians:
            print(f"median {statistics.median(medians) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
