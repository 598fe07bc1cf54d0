"""Wire the stages: read → parse → build the graph → write Turtle, the map and the reports."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from extract.details import Details
from extract.records import Document
from graph.build import add_document, build_graph
from graph.views import MapView, entity_counts, ownership_counts, ownership_network, view_network
from ontology.iris import IriMinter
from ontology.namespaces import ORG, PK, bind_prefixes
from output.files import VIEW_FILES, write_together
from output.map import render_map
from output.report import render_report
from output.reports import ownership_csv, targets_csv
from output.serialize import serialize_graph
from output.streams import Census, StagedTurtle, read_long_triples
from policykg.config import BuildConfig
from policykg.corpus import (
    Failure,
    Job,
    Outcome,
    Prepared,
    Stored,
    collect_inputs,
    document_configs,
    run_jobs,
)
from policykg.errors import DocumentError, InputError

if TYPE_CHECKING:
    from graph.diff import PlanDiff
    from graph.store import PlanStore

log = logging.getLogger(__name__)
OWNERSHIP_VIEW = MapView("ownership")


@dataclass(frozen=True, slots=True)
class _Outputs:
    """What the written outputs describe (the whole graph, or the whole store)."""

    documents: int
    sections: int
    tasks: int
    offices: int
    placeholders: int
    responsibilities: int
    targets: int
    programmes: int
    policy_documents: int
    organisations: int
    places: int
    graph_path: Path
    map_path: Path | None  # None: a store too large for one map (MAX_OUTPUT_TRIPLES)
    report_paths: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class BuildResult(_Outputs):
    """What a build read and wrote.

    The counts from ``documents`` to ``places`` describe the outputs (with a store: all it
    holds); ``loaded*`` what this run read: documents built, their tasks, distinct units and
    targets. ``failures`` are the documents that could not be built.
    """

    triples: int
    warnings: tuple[str, ...]
    seconds: float
    failures: tuple[Failure, ...] = ()
    stored: int = 0
    unchanged: int = 0
    inputs: int = 0
    loaded: int = 0
    loaded_tasks: int = 0
    loaded_units: int = 0
    loaded_targets: int = 0
    duplicates: int = 0


def read_plans(inputs: Sequence[Path]) -> tuple[list[Document], list[str]]:
    """Read and extract every input in this process: the documents and the warnings.

    A document that cannot be read raises its InputError.
    """
    documents: list[Document] = []

    def keep(prepared: Prepared, _config: BuildConfig) -> Prepared:
        assert prepared.document is not None
        documents.append(prepared.document)
        return prepared

    plan = _prepare_all(
        collect_inputs(inputs),
        take=keep,
        stored=frozenset(),
        spool=None,
        progress=None,
        settings=_Settings({}, BuildConfig(), 1),
    )
    if plan.failures:
        failure = plan.failures[0]
        raise InputError(f"{failure.path}: {failure.reason}")
    return documents, plan.warnings


@dataclass(frozen=True, slots=True)
class _Settings:
    manifest: dict[Path, BuildConfig]
    config: BuildConfig
    workers: int


@dataclass(frozen=True, slots=True)
class _Prepared:
    prepared: list[Prepared]  # without their documents and triples, taken already
    failures: list[Failure]
    warnings: list[str]
    duplicates: int


def _prepare_all(
    paths: Sequence[Path],
    *,
    take: Callable[[Prepared, BuildConfig], Prepared],
    stored: Stored,
    spool: Path | None,
    progress: Callable[[Outcome], None] | None,
    settings: _Settings,
    long_text: int | None = None,
) -> _Prepared:
    """Prepare every document (in parallel) and hand each to ``take`` in input order, the
    first of several identical texts only. Only a summary of each is kept afterwards, so a
    corpus of any size goes through in bounded memory."""
    configs = document_configs(paths, settings.config, settings.manifest)
    jobs = [
        Job(path, c, spool, number, long_text)
        for number, (path, c) in enumerate(zip(paths, configs, strict=True))
    ]
    prepared, failures, warnings = [], [], []
    seen: dict[str, Path] = {}
    keys: dict[str, Path] = {}
    duplicates = 0
    outcomes = run_jobs(jobs, settings.workers, stored, progress)
    for outcome, document_config in zip(outcomes, configs, strict=True):
        if isinstance(outcome, Failure):
            failures.append(outcome)
            continue
        if outcome.sha256 in seen:
            warnings.append(f"{outcome.path}: the same text as {seen[outcome.sha256]}; read once")
            duplicates += 1
            continue
        seen[outcome.sha256] = outcome.path
        if outcome.key in keys:
            # One plan cannot hold two texts: the first is kept, whichever path it has.
            warnings.append(
                f"{outcome.path}: the same issuer, year and title as {keys[outcome.key]} "
                f"(key {outcome.key}); left out, the first is kept. If both are plans of "
                "their own, give them keys in a --manifest"
            )
            duplicates += 1
            continue
        keys[outcome.key] = outcome.path
        taken = outcome
        if outcome.unchanged:
            log.info("%s: unchanged in the store", outcome.path)
        else:
            warnings.extend(f"{outcome.path}: {note}" for note in outcome.notes)
            log.info("%s: %s, %d tasks", outcome.path, outcome.encoding, outcome.tasks)
            if outcome.tasks == 0:
                warnings.append(f"{outcome.path}: {NO_TASK}")
            try:
                taken = take(outcome, document_config)
            except DocumentError as exc:  # the store refused it: this document fails, not the run
                failures.append(Failure(outcome.path, str(exc)))
                continue
        prepared.append(replace(taken, document=None, ntriples=None, long_literals=None))
    return _Prepared(prepared, failures, warnings, duplicates)


NO_TASK = (
    "no task found (looked for numbered items with labelled fields such as "
    "问题描述/工作措施/责任处室, or closing with their units in brackets such as (X、Y负责)); "
    "the plan and its text are in the graph without tasks"
)
# Above this many triples a store's outputs are its dump alone: one map or report of a whole
# province's plans helps nobody and would not fit in memory (rdflib: ~1 GB per 1M triples).
MAX_OUTPUT_TRIPLES = 500_000
# A document of more characters (about as many triples: never one map) is written as its
# tasks are read, its details never held at once.
LONG_TEXT = 1_000_000


def build(
    inputs: Sequence[Path],
    out_dir: Path,
    config: BuildConfig,
    store_dir: Path | None = None,
    view: MapView = OWNERSHIP_VIEW,
    *,
    manifest: dict[Path, BuildConfig] | None = None,
    workers: int = 1,
    progress: Callable[[Outcome], None] | None = None,
) -> BuildResult:
    """Build the graph of ``inputs`` and write graph.ttl, graph.html and the reports.

    ``inputs`` are files or directories (searched for documents); ``manifest`` gives
    per-document overrides; ``workers`` processes read and extract documents in parallel and
    ``progress`` hears of each document as it is done. A document that fails is reported in
    the result and the others are built; when every document fails, InputError.

    ``view`` chooses what the map shows (see ``graph.views.view_network``).

    With ``store_dir`` the documents go into a persistent store (one named graph each,
    unchanged documents skipped) and the outputs describe everything the store holds; above
    MAX_OUTPUT_TRIPLES nothing is written to ``out_dir``: the store is the graph.
    """
    started = time.perf_counter()
    paths = collect_inputs(inputs)
    settings = _Settings(manifest or {}, config, workers)
    if store_dir is None:
        plan, outputs, triples = _build_files(
            paths, out_dir, view, progress=progress, settings=settings
        )
        loaded = None
    else:
        plan, outputs, triples, loaded = _build_store(
            paths, out_dir, store_dir, view, progress=progress, settings=settings
        )
    built = sum(1 for p in plan.prepared if not p.unchanged)
    return BuildResult(
        **asdict(outputs),
        triples=triples,
        warnings=tuple(plan.warnings),
        failures=tuple(plan.failures),
        seconds=time.perf_counter() - started,
        stored=built if loaded is not None else 0,
        unchanged=len(plan.prepared) - built,
        inputs=len(paths),
        loaded=built,
        loaded_tasks=sum(p.tasks for p in plan.prepared),
        loaded_units=sum(p.units for p in plan.prepared),
        loaded_targets=sum(p.targets for p in plan.prepared),
        duplicates=plan.duplicates,
    )


def _build_files(
    paths: Sequence[Path],
    out_dir: Path,
    view: MapView,
    *,
    progress: Callable[[Outcome], None] | None,
    settings: _Settings,
) -> tuple[_Prepared, _Outputs, int]:
    """Write each document's triples to graph.ttl as it comes (in input order, in bounded
    memory), keeping the documents for the map and the reports while they make at most
    MAX_OUTPUT_TRIPLES; past that, graph.ttl is the output."""
    census = Census(_CENSUS_TYPES, _CENSUS_LINKS)
    turtle = StagedTurtle(out_dir, "graph.ttl", census)
    kept: list[tuple[Document, BuildConfig]] | None = []

    def add(prepared: Prepared, document_config: BuildConfig) -> Prepared:
        nonlocal kept
        document = prepared.document
        assert document is not None
        if prepared.streamed:  # too long for one map: written as its tasks are read
            details = Details(document)
            add_document(turtle.sink(), document, document_config, details)
            kept = None
            return replace(prepared, targets=details.targets_read)
        add_document(turtle.sink(), document, document_config)
        if kept is not None:
            kept.append((document, document_config))
            if turtle.count > MAX_OUTPUT_TRIPLES:
                kept = None  # too large for one map: the documents need not be kept
        return prepared

    try:
        plan = _prepare_all(
            paths,
            take=add,
            stored=frozenset(),
            spool=None,
            progress=progress,
            settings=settings,
            long_text=LONG_TEXT,
        )
        if not plan.prepared:
            raise InputError(_all_failed(plan.failures))
        graph_file = turtle.finish()
        if kept is None:
            plan.warnings.append(_too_large_for_views(turtle.count, out_dir))
            outputs = _streamed_outputs(out_dir, graph_file, census)
        else:
            graph = bind_prefixes(Graph())
            for document, document_config in kept:
                add_document(graph, document, document_config)
            outputs = _write_outputs(graph, out_dir, view, turtle=graph_file)
    except BaseException:
        turtle.discard()
        raise
    return plan, outputs, turtle.count


_CENSUS_TYPES = (str(ORG.Organization), str(PK.GenericPartyReference))
_CENSUS_LINKS = (
    str(PK.responsibleParty),
    str(PK.involvesProgramme),
    str(PK.involvesPolicyDocument),
    str(PK.mentionsOrganization),
    str(PK.mentionsPlace),
)


def _too_large_for_views(triples: int, out_dir: Path) -> str:
    return (
        f"{triples:,} triples are more than one map or report can show (the limit is "
        f"{MAX_OUTPUT_TRIPLES:,}): only graph.ttl was written. Query it "
        f"(policykg query {out_dir} …), or build with --store and serve the store"
    )


def _streamed_outputs(out_dir: Path, graph_file: Path, census: Census) -> _Outputs:
    """Put graph.ttl in place, remove the views of an earlier build (they would describe
    another graph), and sum the graph up from what the census counted."""
    written = write_together(out_dir, {"graph.ttl": graph_file})
    for name in VIEW_FILES:
        (out_dir / name).unlink(missing_ok=True)
    parties = census.objects[str(PK.responsibleParty)]
    return _Outputs(
        documents=census.types[str(PK.WorkPlan)],
        sections=census.types[str(PK.Section)],
        tasks=census.types[str(PK.Task)],
        offices=len(parties & census.members[str(ORG.Organization)]),
        placeholders=len(parties & census.members[str(PK.GenericPartyReference)]),
        responsibilities=census.links[str(PK.responsibleParty)],
        targets=census.types[str(PK.Target)],
        programmes=len(census.objects[str(PK.involvesProgramme)]),
        policy_documents=len(census.objects[str(PK.involvesPolicyDocument)]),
        organisations=len(census.objects[str(PK.mentionsOrganization)]),
        places=len(census.objects[str(PK.mentionsPlace)]),
        graph_path=written["graph.ttl"],
        map_path=None,
        report_paths=(),
    )


def _build_store(
    paths: Sequence[Path],
    out_dir: Path,
    store_dir: Path,
    view: MapView,
    *,
    progress: Callable[[Outcome], None] | None,
    settings: _Settings,
) -> tuple[_Prepared, _Outputs, int, int]:
    """Load the documents into the store as they come, then write the outputs of all it
    holds: the usual ones, or above MAX_OUTPUT_TRIPLES its dump alone."""
    from graph.store import PlanStore, is_new_store, publish_store, staging_directory

    new = is_new_store(store_dir)
    target = staging_directory(store_dir) if new else store_dir
    store = PlanStore(target, writable=True, staged=new)
    # Workers write each document's N-Triples here; the store loads and the file goes.
    spool = Path(tempfile.mkdtemp(prefix=".policykg-spool-", dir=target.parent))
    published = False
    try:
        mint = IriMinter(settings.config.base)

        def load(prepared: Prepared, _config: BuildConfig) -> Prepared:
            assert prepared.ntriples is not None
            long_file = prepared.long_literals
            long_triples = read_long_triples(long_file) if long_file is not None else []
            graph = str(mint.document_graph(prepared.key))
            store.replace_from_file(graph, prepared.ntriples, long_triples)
            prepared.ntriples.unlink()
            if long_file is not None:
                long_file.unlink()
            return prepared

        plan = _prepare_all(
            paths,
            take=load,
            stored=frozenset(store.texts()),
            spool=spool,
            progress=progress,
            settings=settings,
        )
        if not plan.prepared:
            raise InputError(_all_failed(plan.failures))
        store.load_pending()
        loaded = sum(1 for p in plan.prepared if not p.unchanged)
        triples = store.triple_count()
        large = triples > MAX_OUTPUT_TRIPLES
        outputs = _store_outputs(store, store_dir) if large else None
        if large:
            plan.warnings.append(
                f"Map, report and graph.ttl: not written; the store holds {triples:,} triples, "
                "too many for one page. Query, serve or push the store, or build a selection "
                "of plans without --store"
            )
        graph = None if large else store.union()
        store.close()
        if new:
            publish_store(target, store_dir)
        published = True
    finally:
        shutil.rmtree(spool, ignore_errors=True)
        if not published:
            store.close()
            if new:
                shutil.rmtree(target, ignore_errors=True)
    if outputs is not None:
        return plan, outputs, triples, loaded
    assert graph is not None
    return plan, _write_outputs(graph, out_dir, view), triples, loaded


def _all_failed(failures: Sequence[Failure]) -> str:
    if not failures:
        return "no document to build: give files or directories of plans"
    if len(failures) == 1:
        return f"{failures[0].path}: {failures[0].reason}"
    lines = "".join(f"\n  {f.path}: {f.reason}" for f in failures)
    return f"none of the {len(failures)} documents could be built:{lines}"


def _write_outputs(
    graph: Graph, out_dir: Path, view: MapView, turtle: Path | None = None
) -> _Outputs:
    """graph.ttl, the map and the reports of ``graph``, written together (or not at all).
    ``turtle`` is graph.ttl written already (as the documents came), else it is made here."""
    network = ownership_network(graph)
    counts = ownership_counts(network)
    entities = entity_counts(graph)
    titles = sorted(
        str(t)
        for p in graph.subjects(RDF.type, PK.WorkPlan)
        for t in graph.objects(p, DCTERMS.title)
    )
    title = titles[0] if len(titles) == 1 else f"{len(titles)} 份工作计划"
    shown = view_network(network, view)
    map_title = {"office": f"{title} · {view.office}", "coownership": f"{title} · 处室共同负责"}
    views = (
        render_map(shown, map_title.get(view.kind, title), show_details=view.kind == "full"),
        render_report(graph, title),
        targets_csv(graph),
        ownership_csv(graph),
    )
    written = write_together(
        out_dir,
        {
            "graph.ttl": serialize_graph(graph) if turtle is None else turtle,
            **dict(zip(VIEW_FILES, views, strict=True)),
        },
    )
    return _Outputs(
        documents=len(titles),
        sections=_count(graph, PK.Section),
        tasks=_count(graph, PK.Task),
        offices=counts.offices,
        placeholders=counts.placeholders,
        responsibilities=counts.links,
        targets=_count(graph, PK.Target),
        programmes=entities.programmes,
        policy_documents=entities.policy_documents,
        organisations=entities.organisations,
        places=entities.places,
        graph_path=written["graph.ttl"],
        map_path=written[VIEW_FILES[0]],
        report_paths=tuple(written[name] for name in VIEW_FILES[1:]),
    )


_STORE_COUNTS = {
    "documents": "?x a pk:WorkPlan",
    "sections": "?x a pk:Section",
    "tasks": "?x a pk:Task",
    "offices": "?t pk:responsibleParty ?x . ?x a org:Organization",
    "placeholders": "?t pk:responsibleParty ?x . ?x a pk:GenericPartyReference",
    "responsibilities": "?t pk:responsibleParty ?o . BIND(CONCAT(STR(?t), ' ', STR(?o)) AS ?x)",
    "targets": "?x a pk:Target",
    "programmes": "?t pk:involvesProgramme ?x",
    "policy_documents": "?t pk:involvesPolicyDocument ?x",
    "organisations": "?t pk:mentionsOrganization ?x",
    "places": "?t pk:mentionsPlace ?x",
}


def _store_outputs(store: PlanStore, path: Path) -> _Outputs:
    """What a store too large for one map and report holds: its counts. Nothing is written:
    the store is the graph (query, serve or push it)."""
    counts = {
        name: int(
            str(store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}").rows[0][0])
        )
        for name, where in _STORE_COUNTS.items()
    }
    return _Outputs(**counts, graph_path=path, map_path=None, report_paths=())


def _count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def plan_graph(path: Path, config: BuildConfig) -> Graph:
    """The graph of one plan: a graph file (.ttl, .nt …) or a build's directory as it is, a
    document built."""
    from graph.query import GRAPH_FORMATS, is_build_directory, load_graph  # SPARQL: ~50 ms

    if path.suffix.lower() in GRAPH_FORMATS or is_build_directory(path):
        return load_graph(path)
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory but not a build (it holds no graph.ttl); give one plan "
            "or one graph"
        )
    documents, _ = read_plans([path])
    if len(documents) != 1:
        raise InputError(f"{path}: give one plan to compare")
    return build_graph(documents, config)


def stored_plan_graph(store_dir: Path, key: str, config: BuildConfig) -> Graph:
    """The graph of the plan with document key ``key`` in a store."""
    from graph.store import PlanStore

    store = PlanStore(store_dir, writable=False)
    try:
        prefix = str(IriMinter(config.base).document_graph(""))
        graph = store.graph(prefix + key)
        if not len(graph):
            keys = sorted(iri.removeprefix(prefix) for iri in store.graphs())
            shown = ", ".join(keys[:20]) + (" …" if len(keys) > 20 else "")
            raise InputError(f"{store_dir}: no plan with key {key!r}; its plans: {shown}")
        return graph
    finally:
        store.close()


def _with_path(message: str, path: Path) -> str:
    """``message`` led by the path it concerns (once)."""
    return message if message.startswith(f"{path}") else f"{path}: {message}"


def diff_plans(
    old_path: Path,
    new_path: Path,
    config: BuildConfig,
    threshold: float | None = None,
    store_dir: Path | None = None,
) -> tuple[PlanDiff, Graph]:
    """Compare two plans: files or graph files, or with ``store_dir`` the document keys of
    two plans in that store. The comparison and its RDF."""
    from extract.segmentation import Segmenter
    from graph.diff import (
        DEFAULT_THRESHOLD,
        compare_plans,
        diff_graph,
        read_plan,
        rekey_plan,
        text_digest,
    )

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold

    graphs = []
    for path in (old_path, new_path):
        try:
            graph = (
                plan_graph(path, config)
                if store_dir is None
                else stored_plan_graph(store_dir, str(path), config)
            )
            graphs.append((graph, read_plan(graph)))
        except InputError as exc:
            raise InputError(_with_path(str(exc), path)) from None
    (old_graph, old), (new_graph, new) = graphs
    if old.iri == new.iri:
        # Two drafts of one plan carry one identity (issuer, year, title): the later is
        # given a key of its own, so the two stay two plans.
        if store_dir is not None or text_digest(old_graph) == text_digest(new_graph):
            raise InputError(
                f"{old_path} and {new_path} are the same plan ({old.key}) with the same text: "
                "there is nothing to compare"
            )
        rekeyed = rekey_plan(new_graph, new, f"{new.key}-{text_digest(new_graph)[:8]}")
        new = read_plan(rekeyed)
    segmenter = Segmenter()
    diff = compare_plans(old, new, lambda text: [t.word for t in segmenter.tokens(text)], threshold)
    comparison = IriMinter(config.base).comparison(old.key, new.key)
    return diff, diff_graph(diff, comparison)
