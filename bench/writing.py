"""Stage 3 of the benchmark alone: policykg writing graph.ttl and N-Triples from the records,
beside Oxigraph serialising the same triples, in CPU seconds, median of several runs.

    python bench/writing.py [--runs 3] [--triples 1000000]
    python bench/writing.py --against OTHER_CHECKOUT   # the same, old and new interleaved

The 60 generated plans (seed 11, as ``make bench``) are extracted once and kept in a pickle
under $POLICYKG_CACHE_DIR (or the temporary directory), so that a checkout compared against
another writes the very same records. With ``--against`` each round runs one process per
checkout (this one and OTHER_CHECKOUT, alternately), each writing both files twice; the
md5 of each output is printed, so that a change of speed is also seen to keep the bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("POLICYKG_CACHE_DIR", tempfile.gettempdir())) / "bench-writing.pickle"


def documents() -> list[Any]:
    """The extracted documents of the benchmark's 60 generated plans (made once)."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())  # type: ignore[no-any-return]
    sys.path.insert(0, str(REPO / "bench"))
    from make_corpus import write_corpus

    from policykg.pipeline import read_plans

    with tempfile.TemporaryDirectory() as directory:
        sample = write_corpus(Path(directory) / "sample", 60, seed=11)
        made, _ = read_plans(list(sample))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(made))
    return made


def cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def measure(target: int, runs: int, directory: Path) -> dict[str, Any]:
    """policykg's two writers, ``runs`` times each, interleaved; the md5 of each file."""
    from graph.build import add_document
    from output.streams import NTriplesFile, TurtleFile
    from policykg.config import BuildConfig

    try:  # as a build's process collects; a checkout from before it had no such module
        from policykg.collection import collecting_rarely
    except ImportError:
        collecting_rarely = contextlib.nullcontext  # type: ignore[assignment]

    plans = documents()
    ttl_path, nt_path = directory / "graph.ttl", directory / "graph.nt"

    def write(sink: NTriplesFile | TurtleFile) -> None:
        count = 0
        while sink.count < target:
            add_document(sink, plans[count % len(plans)], BuildConfig(key=f"bench-{count:05d}"))
            count += 1

    def turtle() -> None:
        with ttl_path.open("w", encoding="utf-8") as handle:
            sink = TurtleFile(handle)
            write(sink)
            sink.close()

    def ntriples() -> None:
        sink = NTriplesFile(nt_path)
        write(sink)
        sink.close()

    ttl, nt = [], []
    with collecting_rarely():
        for _ in range(runs):
            ttl.append(cpu(turtle))
            nt.append(cpu(ntriples))
    return {
        "ttl": ttl,
        "nt": nt,
        "ttl md5": hashlib.md5(ttl_path.read_bytes()).hexdigest(),
        "nt md5": hashlib.md5(nt_path.read_bytes()).hexdigest(),
    }


def floors(directory: Path, runs: int) -> dict[str, list[float]]:
    """Oxigraph serialising the triples of ``directory``'s graph.nt as Turtle and N-Triples."""
    import pyoxigraph as ox

    from ontology.namespaces import PREFIXES

    nt_path = directory / "graph.nt"
    held = [q.triple for q in ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)]
    prefixes = {p: str(n) for p, n in PREFIXES.items()}
    out = str(directory / "floor")
    ttl = [
        cpu(lambda: ox.serialize(held, out, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
        for _ in range(runs)
    ]
    nt = [cpu(lambda: ox.serialize(held, out, format=ox.RdfFormat.N_TRIPLES)) for _ in range(runs)]
    return {"ttl": ttl, "nt": nt}


def report(name: str, times: Sequence[float], floor: float | None) -> str:
    median = statistics.median(times)
    ratio = f"{median / floor:.2f}×" if floor else "floor"
    return f"{name:<34} {median:6.3f} s  ({min(times):.3f}–{max(times):.3f})  {ratio}"


def compare(other: Path, target: int, rounds: int) -> None:
    """Old and new interleaved: one process per checkout per round."""
    figures: dict[str, dict[str, list[float]]] = {}
    sums: dict[str, set[str]] = {}
    floor: dict[str, list[float]] = {"ttl": [], "nt": []}
    checkouts = {"other": other.resolve(), "this": REPO}
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(rounds):
            for name, checkout in checkouts.items():
                env = dict(os.environ, PYTHONPATH=str(checkout))
                command = [sys.executable, __file__, "--one", directory, "--triples", str(target)]
                done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
                result = json.loads(done.stdout)
                for kind in ("ttl", "nt"):
                    figures.setdefault(name, {}).setdefault(kind, []).extend(result[kind])
                    sums.setdefault(f"{name} {kind}", set()).add(result[f"{kind} md5"])
            for kind, times in floors(Path(directory), 1).items():
                floor[kind] += times
    print(f"{target:,} triples; CPU s, median (min–max); load {os.getloadavg()[0]:.1f}")
    for kind in ("ttl", "nt"):
        base = statistics.median(floor[kind])
        print(report(f"oxigraph {kind}", floor[kind], None))
        for name, checkout in checkouts.items():
            label = f"{name} {kind} ({checkout.name})"
            print(report(label, figures[name][kind], base), *sorted(sums[f"{name} {kind}"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (rounds with --against)")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--against", type=Path, help="another checkout to interleave with")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a round's process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.triples, 2, args.one)))
    elif args.against is not None:
        compare(args.against, args.triples, args.runs)
    else:
        with tempfile.TemporaryDirectory() as directory:
            ours = measure(args.triples, args.runs, Path(directory))
            floor = floors(Path(directory), args.runs)
        for kind in ("ttl", "nt"):
            print(report(f"oxigraph {kind}", floor[kind], None))
            print(report(f"policykg {kind}", ours[kind], statistics.median(floor[kind])))
            print(f"  md5 {ours[kind + ' md5']}")


if __name__ == "__main__":
    main()
