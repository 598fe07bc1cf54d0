"""Wire the stages: read → parse → build the graph → write Turtle, the map and the reports."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from extract.records import Document
from graph.build import add_document, build_graph
from graph.views import MapView, entity_counts, ownership_counts, ownership_network, view_network
from ontology.iris import IriMinter
from ontology.namespaces import PK, bind_prefixes
from output.files import write_together
from output.map import render_map
from output.report import render_report
from output.reports import ownership_csv, targets_csv
from output.serialize import serialize_graph
from policykg.config import BuildConfig
from policykg.corpus import (
    Failure,
    Job,
    Outcome,
    Prepared,
    collect_inputs,
    document_configs,
    run_jobs,
)
from policykg.errors import InputError

if TYPE_CHECKING:
    from graph.diff import PlanDiff

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
    map_path: Path
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
    plan = _prepare_all(
        collect_inputs(inputs),
        stored=[],
        manifest={},
        config=BuildConfig(),
        for_store=False,
        workers=1,
        progress=None,
    )
    if plan.failures:
        failure = plan.failures[0]
        raise InputError(f"{failure.path}: {failure.reason}")
    return [p.document for p in plan.prepared if p.document is not None], plan.warnings


@dataclass(frozen=True, slots=True)
class _Prepared:
    prepared: list[Prepared]
    configs: list[BuildConfig]
    failures: list[Failure]
    warnings: list[str]
    duplicates: int


def _prepare_all(
    paths: Sequence[Path],
    *,
    stored: Sequence[tuple[str, str]],
    manifest: dict[Path, BuildConfig],
    config: BuildConfig,
    for_store: bool,
    workers: int,
    progress: Callable[[Outcome], None] | None,
) -> _Prepared:
    """Every document prepared (in parallel), duplicates of a text dropped, in input order."""
    configs = document_configs(paths, config, manifest)
    known = frozenset(stored)
    jobs = [Job(path, c, for_store, known) for path, c in zip(paths, configs, strict=True)]
    outcomes = run_jobs(jobs, workers, progress)
    prepared, kept_configs, failures, warnings = [], [], [], []
    seen: dict[str, Path] = {}
    duplicates = 0
    for outcome, document_config in zip(outcomes, configs, strict=True):
        if isinstance(outcome, Failure):
            failures.append(outcome)
            continue
        if outcome.sha256 in seen:
            warnings.append(f"{outcome.path}: the same text as {seen[outcome.sha256]}; read once")
            duplicates += 1
            continue
        seen[outcome.sha256] = outcome.path
        if outcome.unchanged:
            log.info("%s: unchanged in the store", outcome.path)
        else:
            warnings.extend(f"{outcome.path}: {note}" for note in outcome.notes)
            log.info("%s: %s, %d tasks", outcome.path, outcome.encoding, outcome.tasks)
            if outcome.tasks == 0:
                warnings.append(f"{outcome.path}: {NO_TASK}")
        prepared.append(outcome)
        kept_configs.append(document_config)
    return _Prepared(prepared, kept_configs, failures, warnings, duplicates)


NO_TASK = (
    "no task found (looked for numbered items with labelled fields such as "
    "问题描述/工作措施/责任处室, or closing with their units in brackets such as (X、Y负责)); "
    "the plan and its text are in the graph without tasks"
)


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
    unchanged documents skipped) and the outputs describe everything the store holds.
    """
    started = time.perf_counter()
    paths = collect_inputs(inputs)
    store = None
    if store_dir is not None:
        from graph.store import PlanStore  # pyoxigraph and rdflib's SPARQL parser: ~70 ms

        store = PlanStore(store_dir, writable=True)
    try:
        stored = store.texts() if store is not None else []
        plan = _prepare_all(
            paths,
            stored=stored,
            manifest=manifest or {},
            config=config,
            for_store=store is not None,
            workers=workers,
            progress=progress,
        )
        if not plan.prepared:
            raise InputError(_all_failed(plan.failures))
        if store is None:
            graph = bind_prefixes(Graph())
            for prepared, document_config in zip(plan.prepared, plan.configs, strict=True):
                assert prepared.document is not None
                add_document(graph, prepared.document, document_config)
            loaded = len(plan.prepared)
        else:
            fresh = [p for p in plan.prepared if not p.unchanged]
            mint = IriMinter(config.base)
            for prepared in fresh:
                assert prepared.ntriples is not None
                store.replace_ntriples(str(mint.document_graph(prepared.key)), prepared.ntriples)
            loaded = len(fresh)
            graph = store.union()
    finally:
        if store is not None:
            store.close()
    outputs = _write_outputs(graph, out_dir, view)
    return BuildResult(
        **asdict(outputs),
        triples=len(graph),
        warnings=tuple(plan.warnings),
        failures=tuple(plan.failures),
        seconds=time.perf_counter() - started,
        stored=loaded if store_dir is not None else 0,
        unchanged=len(plan.prepared) - loaded,
        inputs=len(paths),
        loaded=loaded,
        loaded_tasks=sum(p.tasks for p in plan.prepared),
        loaded_units=sum(p.units for p in plan.prepared),
        loaded_targets=sum(p.targets for p in plan.prepared),
        duplicates=plan.duplicates,
    )


def _all_failed(failures: Sequence[Failure]) -> str:
    if len(failures) == 1:
        return f"{failures[0].path}: {failures[0].reason}"
    lines = "".join(f"\n  {f.path}: {f.reason}" for f in failures)
    return f"none of the {len(failures)} documents could be built:{lines}"


def _write_outputs(graph: Graph, out_dir: Path, view: MapView) -> _Outputs:
    """graph.ttl, the map and the reports of ``graph``, written together (or not at all)."""
    network = ownership_network(graph)
    counts = ownership_counts(network)
    entities = entity_counts(graph)
    titles = sorted(
        str(t)
        for p in graph.subjects(RDF.type, PK.WorkPlan)
        for t in graph.objects(p, DCTERMS.title)
    )
    title = titles[0] if len(titles) == 1 else f"{len(titles)} 份工作计划"
    try:
        shown = view_network(network, view)
    except ValueError as exc:
        raise InputError(f"--view: {exc}") from None
    map_title = {"office": f"{title} · {view.office}", "coownership": f"{title} · 处室共同负责"}
    written = write_together(
        out_dir,
        {
            "graph.ttl": serialize_graph(graph),
            "graph.html": render_map(
                shown, map_title.get(view.kind, title), show_details=view.kind == "full"
            ),
            "report.html": render_report(graph, title),
            "targets.csv": targets_csv(graph),
            "ownership.csv": ownership_csv(graph),
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
        map_path=written["graph.html"],
        report_paths=(written["report.html"], written["targets.csv"], written["ownership.csv"]),
    )


def _count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def plan_graph(path: Path, config: BuildConfig) -> Graph:
    """The graph of one plan: a graph file (.ttl, .nt …) as it is, a document built."""
    from graph.query import GRAPH_FORMATS, load_graph  # rdflib's SPARQL parser: ~50 ms

    if path.suffix.lower() in GRAPH_FORMATS:
        return load_graph(path)
    documents, _ = read_plans([path])
    if len(documents) != 1:
        raise InputError(f"{path}: give one plan to compare")
    return build_graph(documents, config)


def diff_plans(
    old_path: Path, new_path: Path, config: BuildConfig, threshold: float = 0.35
) -> tuple[PlanDiff, Graph]:
    """Compare two plans (files or graph files): the comparison and its RDF."""
    from extract.segmentation import Segmenter
    from graph.diff import compare_plans, diff_graph, read_plan

    sides = []
    for path in (old_path, new_path):
        try:
            sides.append(read_plan(plan_graph(path, config)))
        except ValueError as exc:
            raise InputError(f"{path}: {exc}") from None
    old, new = sides
    if old.iri == new.iri:
        raise InputError(
            f"{old_path} and {new_path} are the same plan ({old.key}); to compare two versions "
            "of one plan, give one of them another --key in a manifest, or another year"
        )
    segmenter = Segmenter()
    diff = compare_plans(old, new, lambda text: [t.word for t in segmenter.tokens(text)], threshold)
    comparison = IriMinter(config.base).comparison(old.key, new.key)
    return diff, diff_graph(diff, comparison)
