"""Where a build's documents go: a Turtle file in out/, or a store (and then out/).

Both take the documents one by one, in input order, as the workers hand them over, and write
each at once; at the end they put their outputs in place (``finish``) or, when the build
fails, leave everything as it was (``discard``). A file build keeps each document's model for
the map and the reports while the graph is small enough to draw; a store build draws them
from everything the store holds, read back from it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from extract.details import Details
from graph.build import add_document
from graph.census import COUNT_QUERIES, Census, GraphCounts
from graph.emit import write_plan
from graph.model import PlanView
from graph.network import MapView
from graph.progress_reader import progress_of_triples
from graph.progress_views import plans_with_progress
from graph.readback import plans_of_triples
from graph.staging import is_new_store, publish_store, staged_copy
from ontology.iris import IriMinter
from output.publish import BuildFiles, write_graph_alone, write_graph_and_views
from output.streams import StagedTurtle, read_long_triples
from policykg.config import BuildConfig, Limits
from policykg.workers import Extracted, Parsed, Resolved, Spooled, Stored

__all__ = ["Destination", "FileDestination", "Finished", "StoreDestination"]


@dataclass(frozen=True, slots=True)
class Finished:
    """What a destination wrote: its files, what the graph holds, and what to tell."""

    files: BuildFiles
    counts: GraphCounts
    triples: int
    warnings: tuple[str, ...] = ()


class Destination(Protocol):
    """What the pipeline writes documents into."""

    stored: Stored  # what it holds already: documents with this text are left alone
    spool: Path | None  # where workers write a document's triples, if they write them
    spool_quads: bool  # whether they write them as N-Quads of the document's graph

    def add(self, outcome: Extracted) -> int:
        """Write one document; the number of its targets found on the way (a long one's)."""

    def finish(self, view: MapView) -> Finished:
        """Put the outputs in place."""

    def discard(self) -> None:
        """Leave everything as it was before the build."""


class FileDestination:
    """graph.ttl written as the documents come (in bounded memory), the models kept for the
    map and the reports while the graph has at most ``Limits.map_triples`` triples."""

    stored: Stored = frozenset()
    spool: Path | None = None
    spool_quads = False

    def __init__(self, out_dir: Path, config: BuildConfig) -> None:
        self.out_dir = out_dir
        self.limit = config.limits.map_triples
        self.mint = IriMinter(config.base)
        self.census = Census()
        self.turtle = StagedTurtle(out_dir, "graph.ttl", self.census)
        self.plans: list[PlanView] | None = []
        self.long_text = config.limits.long_text
        self.too_long: Path | None = None  # a document read task by task: no views of it

    def add(self, outcome: Extracted) -> int:
        sink = self.turtle.sink()
        if isinstance(outcome, Resolved):
            write_plan(sink, outcome.plan, self.mint)
            if self.plans is not None:
                self.plans.append(outcome.plan)
                if self.turtle.count > self.limit:
                    self.plans = None  # too large for one map: the models need not be kept
            return 0
        assert isinstance(outcome, Parsed), "a file build's workers resolve or parse"
        details = Details(outcome.document)  # read task by task as the tasks are written
        add_document(sink, outcome.document, outcome.config, details)
        self.plans = None
        self.too_long = self.too_long or outcome.summary.path
        return details.targets_read

    def finish(self, view: MapView) -> Finished:
        graph_file = self.turtle.finish()
        counts, triples = self.census.counts(), self.turtle.count
        if self.plans is None:
            reason = (
                _too_long_for_views(self.too_long, self.long_text, self.out_dir)
                if self.too_long is not None
                else _too_large_for_views(triples, self.limit, self.out_dir)
            )
            return Finished(write_graph_alone(self.out_dir, graph_file), counts, triples, (reason,))
        files = write_graph_and_views(self.out_dir, self.plans, view, graph_file)
        return Finished(files, counts, triples)

    def discard(self) -> None:
        self.turtle.discard()


class StoreDestination:
    """Documents loaded into a store as the workers spool them (a new store built aside and
    put in place whole), then out/ written from everything the store holds."""

    def __init__(
        self, out_dir: Path, store_dir: Path, config: BuildConfig, *, upgrade: bool = False
    ) -> None:
        self.out_dir, self.store_dir = out_dir, store_dir
        self.limit = config.limits.map_triples
        self.mint = IriMinter(config.base)
        from graph.store import PlanStore  # here: a file build never opens a store

        self.new = is_new_store(store_dir)
        # Built aside, new or a copy (never written where readers read it: graph/staging.py).
        self.target = staged_copy(store_dir)
        try:
            self.store = PlanStore(
                self.target, writable=True, staged=self.new, upgrade=upgrade, shown_as=store_dir
            )
        except BaseException:
            shutil.rmtree(self.target, ignore_errors=True)
            raise
        if not self.new:  # a store of an earlier policykg: what plans share, stated once
            self.store.gather_shared(self.mint.shared_nodes())
        self.stored: Stored = frozenset(self.store.texts())
        # Workers write each document's N-Triples here; the store loads and the file goes.
        self.spool: Path | None = Path(
            tempfile.mkdtemp(prefix=".policykg-spool-", dir=self.target.parent)
        )
        # A new store's graphs go to the bulk loader many at a time, as N-Quads.
        self.spool_quads = self.new
        self.census = Census()  # a new store's, from the workers' counts of its graphs

    def add(self, outcome: Extracted) -> int:
        assert isinstance(outcome, Spooled), "a store build's workers spool their triples"
        long_file = outcome.long_literals
        long_triples = read_long_triples(long_file) if long_file is not None else []
        graph = self.mint.document_graph(outcome.summary.key)
        self.store.replace_from_file(
            graph, outcome.triples, long_triples, quads=outcome.quads, shared=outcome.shared
        )
        if outcome.census is not None:
            self.census.take_census(outcome.census)
        outcome.triples.unlink()
        if long_file is not None:
            long_file.unlink()
        return 0

    def finish(self, view: MapView) -> Finished:
        self.store.load_pending()
        triples = self.store.triple_count()
        if triples > self.limit:
            finished = Finished(
                BuildFiles(graph=self.store_dir),
                self.census.counts() if self.new else self._counted_by_query(),
                triples,
                (
                    f"Map, report and graph.ttl: not written; the store holds {triples:,} "
                    "triples, too many for one page. Query, serve or push the store, or build "
                    "a selection of plans without --store",
                ),
            )
        else:
            finished = self._write_outputs(view)
        self.store.close_loaded()
        self._close()
        publish_store(self.target, self.store_dir)
        return finished

    def _write_outputs(self, view: MapView) -> Finished:
        """graph.ttl of everything the store holds, by the same writer as a file build's,
        and the views of its plans read back from it (its triples: the distinct ones, a
        shared office's name once however many plans hold it)."""
        held = self.store.triples()
        census = Census()
        turtle = StagedTurtle(self.out_dir, "graph.ttl", census)
        try:
            sink = turtle.sink()
            for s, p, o in held:
                sink.add(s, p, o)
            graph_file = turtle.finish()
            # The plans with the progress reports laid over them in the store (their own
            # named graphs): the map and the reports show both.
            drawn = plans_with_progress(plans_of_triples(held), progress_of_triples(held))
            files = write_graph_and_views(
                self.out_dir, drawn.plans, view, graph_file, drawn.progress
            )
        except BaseException:
            turtle.discard()
            raise
        return Finished(files, census.counts(), len(held))

    def _counted_by_query(self) -> GraphCounts:
        counts = {
            name: int(str(self.store.query(query).rows[0][0]))
            for name, query in COUNT_QUERIES.items()
        }
        return GraphCounts(**counts)

    def discard(self) -> None:
        self._close()
        shutil.rmtree(self.target, ignore_errors=True)

    def _close(self) -> None:
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None
        self.store.close()


def _too_long_for_views(path: Path, limit: int, out_dir: Path) -> str:
    return (
        f"{path}: longer than {limit:,} characters (long_text), so it was written task by "
        "task and never held whole: only graph.ttl was written, no map or report. Query it "
        f"(policykg query {out_dir} …), or, with the memory for it, raise the limit with the "
        f"environment variable {Limits.variable('long_text')}=…"
    )


def _too_large_for_views(triples: int, limit: int, out_dir: Path) -> str:
    return (
        f"{triples:,} triples are more than one map or report can show (the limit is "
        f"{limit:,}): only graph.ttl was written. Query it (policykg query {out_dir} …), "
        "or build with --store and serve the store"
    )
