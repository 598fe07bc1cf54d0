"""The named queries on the bench's copies of the example (one issuer: every copy names the
same offices, issuer and days), each copy in a graph of its own, laid out as policykg lays
out a store (``--layout store``, as stage 5 of `make bench`: what is said of shared things
once, in the default graph) or as an earlier policykg's store, or a server holding each
plan's graph whole, holds them (``--layout repeated``: stated again in every copy's graph,
which Oxigraph 0.5 matches once per graph: docs/performance.md). Not part of `make bench`:
with ``repeated`` some queries take tens of seconds.

    .venv/bin/python bench/shared_store.py [--layout store|repeated] [--triples N] [--runs N]
        [QUERY ...]
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

from queries import PARAMS, WITHOUT_DATA, corpus_copies, store_copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", choices=("store", "repeated"), default="store")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("queries", nargs="*", help="named queries (default: all)")
    args = parser.parse_args()

    from graph.named import named_queries
    from graph.store import PlanStore

    with tempfile.TemporaryDirectory() as directory:
        where = Path(directory) / "plans"
        copies, triples = corpus_copies(args.triples)
        store_copies(copies, where, repeated=args.layout == "repeated")
        store = PlanStore(where, writable=False, in_memory=True)
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as in stage 5
        layout = "repeated in each" if args.layout == "repeated" else "shared in the default graph"
        print(f"{triples:,} triples, one graph per copy, {layout}; CPU, median of {args.runs}")
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
