"""A persistent store of many plans: Oxigraph on disk, one named graph per document.

A document's triples live in the graph ``{base}graph/{doc_key}``; rebuilding a document
replaces its graph in one update (the old triples go and the new ones come together, or
nothing changes); a document whose text has not changed is recognised by its hash and left
alone. What the plans say of the things they share (an issuer and its offices, programmes,
policy documents, places, days: ``IriMinter.shared_nodes``) is stated once, in the store's
default graph: Oxigraph 0.5 reads a statement held by N graphs N times over in the union
(oxigraph/oxigraph#1919), so every join above it would repeat its rows N-fold. What no plan
names any more is dropped when a plan is rebuilt. Queries see the union of all graphs. A
store opened for building is locked against other writers; readers open it read-only.

A new store is built as a whole in a staging directory beside it (``graph.staging``), with
Oxigraph's bulk loader.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.staging import ReadLock
from ontology.namespaces import PK
from policykg.errors import DocumentError, InputError

from .bulk_loads import BulkLoads, merge_files, merging_when_idle
from .federation import check_services
from .query import PREFIXES_TEXT, Bindings, QueryResult
from .shared_statements import document_quads, drop_unnamed, said_of, shared_named_by
from .store_answers import answer
from .triples import TextTriple

log = logging.getLogger(__name__)

MARKER = "policykg-store.txt"
# A triple whose literal is too long for the store's parser: (s, p, value, language, datatype).
LongTriple = tuple[str, str, str, str | None, str | None]
_CHUNK_BYTES = 64 << 20  # an N-Triples file past this is bulk-loaded a chunk at a time
# Graphs of a new store loaded together (about 30 plans): the fewer the loads, the less the
# store's files are merged again as it grows; the loader's memory grows with the batch, and
# the 1 GiB a corpus build may take bounds it (docs/performance.md).
_BATCH_BYTES = 64 << 20


def is_store(path: Path) -> bool:
    """Whether ``path`` is a policykg store directory."""
    return path.is_dir() and (path / MARKER).exists()


class PlanStore:
    """An Oxigraph store of plans, opened for writing (building) or for reading (queries).

    ``staged`` marks a new store being built in a staging directory: its graphs go in
    through the bulk loader. A store an older Oxigraph wrote is opened for writing only with
    ``upgrade``: opening it upgrades it in place, for good. With ``in_memory`` (read-only) the
    store's quads are copied into memory once and every query reads the copy: no disk reads,
    no page cache to warm, no build compacting files under it (``serve --in-memory``).
    ``shown_as``: the path messages name (a build's copy of the store: the store's own).
    """

    def __init__(
        self,
        path: Path,
        *,
        writable: bool,
        staged: bool = False,
        upgrade: bool = False,
        in_memory: bool = False,
        shown_as: Path | None = None,
    ) -> None:
        self.path = path
        self.staged = staged
        self.writable = writable
        self.in_memory = in_memory and not writable
        # A staged store's graphs held back for one bulk load (N-Quads, long-literal quads).
        self._pending: dict[str, tuple[bytes, list[ox.Quad]]] = {}
        # A staged store's statements of shared things: every one given (each is loaded
        # once, and counted once), and those not yet handed to a load.
        self._shared: set[str] = set()
        self._shared_pending: list[str] = []
        self._loads: BulkLoads | None = None  # a staged store's loads, beside the build
        # The quads a staged store was given: each graph comes once, each of its triples once
        # (the writer's promise), so the count is the store's, without counting the store.
        self._staged_quads = 0
        self._staged_loads = 0  # each adds files to the store's first level
        name = shown_as or path  # a copy's errors name the store it is a copy of
        self._lock: ReadLock | None = None
        try:
            if writable:
                if not upgrade and is_store(path) and _written_by_older_oxigraph(path):
                    raise InputError(
                        f"{name}: the store was written by an older Oxigraph; "
                        "building into it would upgrade it in place, and older versions could "
                        "not read it again: build into a new --store, or give --upgrade-store"
                    )
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
                if staged:
                    self._loads = BulkLoads(self.store)
                    merging_when_idle()  # until the loads are in (graph/bulk_loads.py)
                (path / MARKER).write_text("An Oxigraph store written by policykg.\n")
            else:
                if not is_store(path):
                    raise InputError(f"{name}: not a policykg store; build one with --store")
                # Held until closed: a build puts a new state in place only between
                # readers (graph/staging.py); a copy in memory needs it only to be made.
                self._lock = ReadLock(path)
                self.store = ox.Store.read_only(str(path))
                if self.in_memory:
                    self.store = _memory_copy(self.store)
                    self._release()
        except (OSError, RuntimeError) as exc:  # RocksDB's errors come as either
            self._release()
            reason = str(exc)
            if _OLDER in reason.lower():
                raise InputError(
                    f"{name}: the store was written by an older Oxigraph and must be upgraded "
                    f"before it is read: policykg build … --store {name} --upgrade-store, or "
                    "build a new store"
                ) from exc
            if "lock" in reason.lower():
                raise InputError(
                    f"{name}: the store is in use by another policykg process; wait for it "
                    "to finish, or build into another --store directory"
                ) from exc
            raise InputError(f"{name}: cannot open the store ({reason})") from exc

    def gather_shared(self, shared_nodes: Sequence[str]) -> None:
        """Move what the document graphs say of shared things (IRIs beginning with one of
        ``shared_nodes``) into the default graph, in one update, if the default graph holds
        nothing yet: a store an earlier policykg built stated them in every plan's graph."""
        if said_of(self.store, None) or not shared_nodes:
            return
        starts = " || ".join(f"STRSTARTS(STR(?s), {ox.Literal(p)})" for p in shared_nodes)
        self.store.update(
            "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { ?s ?p ?o } "
            f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({starts}) }}"
        )
        self.store.flush()

    def texts(self) -> list[tuple[str, str]]:
        """(graph IRI, SHA-256 of its text) for every document graph."""
        query = f"SELECT ?g ?sha WHERE {{ GRAPH ?g {{ ?text <{PK.sha256}> ?sha }} }}"
        result = self.store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return sorted((row["g"].value, row["sha"].value) for row in result)

    def replace_from_file(
        self,
        graph: str,
        path: Path,
        long_triples: Sequence[LongTriple] = (),
        *,
        quads: bool = False,
        shared: Sequence[str] = (),
    ) -> None:
        """Replace the document graph by the triples of an N-Triples file (N-Quads of that
        graph with ``quads``, for a staged store only) and the long
        literals set aside from it (Oxigraph's parser reads at most 16 MiB of one line: a
        plan's whole text may be longer), atomically; add what it says of shared things
        (``shared``, N-Triples lines) to the default graph.

        Into a staged store, the bulk loader (atomic by the rename), small graphs held back
        to be loaded together (``load_pending``); a new graph, one loader
        transaction (quicker than the update), the long literals first: a graph cut
        short has no text hash yet, so the next build replaces it; an existing graph, one
        update. The files are policykg's own, their IRIs minted and checked: the parser
        need not check them again (``lenient``). The costs: docs/performance.md."""
        node = ox.NamedNode(graph)
        long_quads = [_long_quad(triple, node) for triple in long_triples]
        try:
            if self.staged:
                fresh = [line for line in shared if line not in self._shared]
                self._shared.update(fresh)
                self._shared_pending += fresh
                self._staged_quads += len(fresh)
            if self.staged and path.stat().st_size < _BATCH_BYTES:
                # Small graphs wait and go in together, loaded beside the build while the
                # next batch gathers (docs/performance.md). The file may go once this returns.
                data = path.read_bytes()
                if not quads:
                    data = data.replace(b" .\n", f" <{graph}> .\n".encode())
                self._staged_quads += data.count(b"\n") + len(long_quads)
                self._pending[graph] = (data, long_quads)
                if sum(len(data) for data, _ in self._pending.values()) >= _BATCH_BYTES:
                    self._send_pending()
            elif self.staged:
                self.load_pending()
                self.store.bulk_extend(long_quads)
                self._staged_quads += len(long_quads)
                rdf_format = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
                for chunk in _chunks(path):
                    self._staged_quads += chunk.count(b"\n")
                    self._staged_loads += 1
                    self.store.bulk_load(
                        chunk, format=rdf_format, to_graph=None if quads else node, lenient=True
                    )
            elif quads:
                raise TypeError("N-Quads are for a staged store's bulk loader")
            elif self.store.contains_named_graph(node):
                extra = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in long_quads)
                named = shared_named_by(self.store, node)
                self._replace_text(graph, path.read_text(encoding="utf-8") + extra, shared)
                drop_unnamed(self.store, named)
            else:
                if shared:  # first: a graph cut short after them leaves nothing wrong
                    self.store.load(
                        "".join(shared), format=ox.RdfFormat.N_TRIPLES, lenient=True,
                        to_graph=ox.DefaultGraph(),
                    )  # fmt: skip
                self.store.extend(long_quads)
                self.store.load(
                    path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=node, lenient=True
                )
                self.store.flush()
        except MemoryError as exc:  # a line past the parser's limit that was not set aside
            raise DocumentError(f"the store cannot take the graph {graph}: {exc}") from exc

    def load_pending(self) -> None:
        """Bulk-load the graphs a staged store is holding back, and wait until every load is
        done (before counting, querying or closing)."""
        self._send_pending()
        if self._loads is not None:
            self._loads.wait()

    def _send_pending(self) -> None:
        """Hand the graphs held back, and the new statements of shared things, to the loads
        beside the build (one load at a time)."""
        if (self._pending or self._shared_pending) and self._loads is not None:
            quads = [q for _, long_quads in self._pending.values() for q in long_quads]
            data = b"".join(data for data, _ in self._pending.values())  # N-Quads
            # N-Triples lines are N-Quads of the default graph.
            data += "".join(self._shared_pending).encode()
            self._loads.submit((*self._pending, "the default graph"), data, quads)
            self._staged_loads += 1
        self._pending, self._shared_pending = {}, []

    def _replace_text(self, graph: str, data: str, shared: Sequence[str]) -> None:
        """Drop an existing document graph and refill it from ``data`` (N-Triples), and add
        the ``shared`` statements to the default graph, in one SPARQL update: readers see the
        old graph or the new one, never a part."""
        update = (
            f"INSERT DATA {{\n{''.join(shared)}\n}} ; "
            f"DROP GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{\n{data}\n}} }}"
        )
        self.store.update(update)
        self.store.flush()

    def triple_count(self) -> int:
        """How many triples the store holds, over all documents (a staged store's, once its
        loads are done: ``load_pending``)."""
        return self._staged_quads if self.staged else len(self.store)

    def graphs(self) -> list[str]:
        """The IRIs of the document graphs."""
        return sorted(g.value for g in self.store.named_graphs())

    def ntriples_lines(self, graph: str) -> Iterator[str]:
        """The triples of one document, its graph and what the default graph says of the
        shared things it names, as N-Triples lines, as the store yields them: a graph of any
        size passes through one triple at a time."""
        for quad in document_quads(self.store, ox.NamedNode(graph)):
            yield f"{quad.subject} {quad.predicate} {quad.object} .\n"

    def triples(self, graph: str | None = None) -> list[TextTriple]:
        """The distinct triples of one document (as ``ntriples_lines``), or of all, as text,
        sorted: the form the Turtle writer and the model's reader take."""
        quads = (
            document_quads(self.store, ox.NamedNode(graph))
            if graph is not None
            else self.store.quads_for_pattern(None, None, None, None)
        )
        found = {
            (_object_text(q.subject), q.predicate.value, _object_text(q.object)) for q in quads
        }
        return sorted(found)

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        services: frozenset[str] = frozenset(),
    ) -> QueryResult:
        """Run SPARQL over the union of the document graphs; ``SERVICE`` clauses may reach
        only the hosts in ``services`` (``graph.federation``)."""
        check_services(sparql, services, PREFIXES_TEXT)
        try:
            return answer(self.store, sparql, bindings or {})
        except SyntaxError as exc:
            raise InputError(f"malformed SPARQL: {' '.join(str(exc).split())}") from exc
        except OSError as exc:
            raise InputError(f"the query failed while running: {exc}") from exc

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close_loaded(self) -> None:
        """Close a staged store whose loads are all in (``load_pending``), its files merged
        once if more than one load made them (``graph.bulk_loads.merge_files``)."""
        self.close()
        if self.staged and self._staged_loads > 1:
            merge_files(self.path)

    def close(self) -> None:
        """Release the store (again: nothing happens)."""
        if self._loads is not None:
            self._loads.close()
            self._loads = None
        if hasattr(self, "store"):
            del self.store
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _memory_copy(disk: ox.Store) -> ox.Store:
    """Every quad of ``disk`` in a new in-memory store, through the bulk loader."""
    memory = ox.Store()
    memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    return memory


_OLDER = "upgrade read-only oxigraph instances"  # what Oxigraph says of an older store


def _written_by_older_oxigraph(path: Path) -> bool:
    """Whether the store at ``path`` needs an upgrade (Oxigraph reads it only after one)."""
    try:
        ox.Store.read_only(str(path))
    except (RuntimeError, OSError) as exc:
        return _OLDER in str(exc).lower()
    return False


def _chunks(path: Path) -> Iterator[bytes]:
    """An N-Triples file in pieces of whole lines of about 64 MB: the bulk loader holds what
    one call gives it (a 50 MB plan's 16 million triples took 2.6 GB at once)."""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            yield chunk + handle.readline()


def _long_quad(triple: LongTriple, graph: ox.NamedNode) -> ox.Quad:
    s, p, value, language, datatype = triple
    literal = (
        ox.Literal(value, language=language)
        if language
        else ox.Literal(value, datatype=ox.NamedNode(datatype))
        if datatype
        else ox.Literal(value)
    )
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), literal, graph)


def _object_text(term: object) -> str:
    # Oxigraph writes a literal as N-Triples does; an IRI is its value.
    return term.value if isinstance(term, ox.NamedNode) else str(term)
