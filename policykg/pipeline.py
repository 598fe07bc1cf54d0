"""Wire the stages: find the documents, extract them in workers, write each as it comes, then
put the graph, the map and the reports in place."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from extract.records import Document
from graph.census import GraphCounts
from graph.network import MapView
from policykg.config import BuildConfig
from policykg.destinations import Destination, FileDestination, StoreDestination
from policykg.errors import DocumentError, InputError
from policykg.inputs import collect_inputs, document_configs
from policykg.workers import Extracted, Failure, Job, Outcome, Unchanged, run_jobs

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.comparison import PlanDiff
    from graph.model import PlanView
    from graph.triples import TextTriple

__all__ = [
    "NO_TASK",
    "BuildResult",
    "build",
    "built_graph",
    "diff_plans",
    "plans_of",
    "read_plans",
]

log = logging.getLogger(__name__)
OWNERSHIP_VIEW = MapView("ownership")
NO_TASK = (
    "no task found (looked for numbered items with labelled fields such as "
    "问题描述/工作措施/责任处室, or closing with their units in brackets such as (X、Y负责)); "
    "the plan and its text are in the graph without tasks"
)


@dataclass(frozen=True, slots=True)
class BuildResult(GraphCounts):
    """What a build read and wrote.

    The counts (``GraphCounts``) describe the outputs (with a store: all it holds);
    ``loaded*`` what this run read: documents built, their tasks, distinct units and targets.
    ``failures`` are the documents that could not be built.
    """

    graph_path: Path
    map_path: Path | None  # None: a graph too large for one map (Limits.map_triples)
    report_paths: tuple[Path, ...]
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
    the result and the others are built; when every document fails, InputError. ``view``
    chooses what the map shows (see ``graph.network.view_network``).

    With ``store_dir`` the documents go into a persistent store (one named graph each,
    unchanged documents skipped) and the outputs describe everything the store holds.
    """
    started = time.perf_counter()
    paths = collect_inputs(inputs)
    configs = document_configs(paths, config, manifest or {})
    destination: Destination = (
        FileDestination(out_dir, config)
        if store_dir is None
        else StoreDestination(out_dir, store_dir, config)
    )
    intake = _Intake()
    try:
        jobs = [
            Job(path, document_config, number, destination.spool)
            for number, (path, document_config) in enumerate(zip(paths, configs, strict=True))
        ]
        for outcome in run_jobs(jobs, workers, destination.stored, progress):
            extracted = intake.admit(outcome)
            if extracted is None:
                continue
            try:
                intake.targets += destination.add(extracted)
            except DocumentError as exc:  # the store refused it: this one fails, not all
                intake.refuse(extracted, str(exc))
        if not intake.extracted and not intake.unchanged:
            raise InputError(_all_failed(intake.failures))
        finished = destination.finish(view)
    except BaseException:
        destination.discard()
        raise
    return BuildResult(
        **asdict(finished.counts),
        graph_path=finished.files.graph,
        map_path=finished.files.map,
        report_paths=finished.files.reports,
        triples=finished.triples,
        warnings=(*intake.warnings, *finished.warnings),
        seconds=time.perf_counter() - started,
        failures=tuple(intake.failures),
        stored=intake.extracted if store_dir is not None else 0,
        unchanged=intake.unchanged,
        inputs=len(paths),
        loaded=intake.extracted,
        loaded_tasks=intake.tasks,
        loaded_units=intake.units,
        loaded_targets=intake.targets,
        duplicates=intake.duplicates,
    )


@dataclass(slots=True)
class _Intake:
    """The outcomes as they come: which to write (the first of several identical texts or
    identities), and the tally of the rest."""

    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extracted: int = 0
    unchanged: int = 0
    duplicates: int = 0
    tasks: int = 0
    units: int = 0
    targets: int = 0
    _texts: dict[str, Path] = field(default_factory=dict)
    _keys: dict[str, Path] = field(default_factory=dict)

    def admit(self, outcome: Outcome) -> Extracted | None:
        """``outcome`` if it is a document to write; the others are counted."""
        if isinstance(outcome, Failure):
            self.failures.append(outcome)
            return None
        path, sha, key = _identity(outcome)
        if sha in self._texts:
            self.warnings.append(f"{path}: the same text as {self._texts[sha]}; read once")
            self.duplicates += 1
            return None
        if key in self._keys:
            # One plan cannot hold two texts: the first is kept, whichever path it has.
            self.warnings.append(
                f"{path}: the same issuer, year and title as {self._keys[key]} (key {key}); "
                "left out, the first is kept. If both are plans of their own, give them keys "
                "in a --manifest"
            )
            self.duplicates += 1
            return None
        self._texts[sha], self._keys[key] = path, path
        if isinstance(outcome, Unchanged):
            log.info("%s: unchanged in the store", path)
            self.unchanged += 1
            return None
        summary = outcome.summary
        log.info("%s: %s, %d tasks", path, summary.encoding, summary.tasks)
        self.warnings.extend(f"{path}: {note}" for note in summary.notes)
        if summary.tasks == 0:
            self.warnings.append(f"{path}: {NO_TASK}")
        self.extracted += 1
        self.tasks += summary.tasks
        self.units += summary.units
        self.targets += summary.targets
        return outcome

    def refuse(self, outcome: Extracted, reason: str) -> None:
        """A document admitted, then refused where it was to be written."""
        self.failures.append(Failure(outcome.summary.path, reason))
        self.extracted -= 1
        self.tasks -= outcome.summary.tasks
        self.units -= outcome.summary.units
        self.targets -= outcome.summary.targets


def _identity(outcome: Unchanged | Extracted) -> tuple[Path, str, str]:
    if isinstance(outcome, Unchanged):
        return outcome.path, outcome.sha256, outcome.key
    return outcome.summary.path, outcome.summary.sha256, outcome.summary.key


def _all_failed(failures: Sequence[Failure]) -> str:
    if not failures:
        return "no document to build: give files or directories of plans"
    if len(failures) == 1:
        return f"{failures[0].path}: {failures[0].reason}"
    lines = "".join(f"\n  {f.path}: {f.reason}" for f in failures)
    return f"none of the {len(failures)} documents could be built:{lines}"


def read_plans(
    inputs: Sequence[Path], config: BuildConfig | None = None
) -> tuple[list[Document], list[str]]:
    """Read and extract every input in this process: the documents (details extracted) and
    the warnings. A document that cannot be read raises its InputError."""
    from extract.details import extract_details
    from extract.reading import read_document
    from extract.structure import parse_source
    from graph.resolve import issuer_note

    config = config or BuildConfig()
    documents, warnings = [], []
    for path in collect_inputs(inputs):
        try:
            parsed = parse_source(read_document(path))
        except InputError as exc:
            raise InputError(_with_path(str(exc), path)) from None
        note = issuer_note(parsed, config)
        warnings += [f"{path}: {n}" for n in (*parsed.notes, *((note,) if note else ()))]
        documents.append(extract_details(parsed))
    return documents, warnings


def plan_model(path: Path, config: BuildConfig, key: str | None = None) -> PlanView:
    """The model of one plan: a graph file (.ttl, .nt …) or a build's directory read back,
    a document built in memory (under ``key``, if given)."""
    from graph.query import GRAPH_FORMATS, is_build_directory, load_graph
    from graph.readback import plans_of_graph
    from graph.resolve import resolve_plan

    if path.suffix.lower() in GRAPH_FORMATS or is_build_directory(path):
        graph = load_graph(path)
        return _only_plan(path, plans_of_graph(graph) if key is None else _rekeyed(graph, key))
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory but not a build (it holds no graph.ttl); give one plan "
            "or one graph"
        )
    documents, _ = read_plans([path], config)
    if len(documents) != 1:
        raise InputError(f"{path}: give one plan to compare")
    return resolve_plan(documents[0], config if key is None else replace(config, key=key))


def built_graph(path: Path, config: BuildConfig) -> Graph:
    """The graph a user of ``path`` queries: a graph file or a build's directory as it is, a
    plan document built in memory and read back from the very Turtle ``build`` writes for it
    (the same text, so it scores as the built graph.ttl would)."""
    import io

    from graph.emit import write_plan
    from graph.query import GRAPH_FORMATS, is_build_directory, load_graph, parse_turtle
    from graph.resolve import resolve_plan
    from ontology.iris import IriMinter
    from output.streams import TurtleFile

    if path.suffix.lower() in GRAPH_FORMATS or is_build_directory(path):
        return load_graph(path)
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory but not a build (it holds no graph.ttl); give one plan "
            "or one graph"
        )
    documents, _ = read_plans([path], config)
    buffer = io.StringIO()
    sink = TurtleFile(buffer)
    mint = IriMinter(config.base)
    for document in documents:
        write_plan(sink, resolve_plan(document, config), mint)
    sink.close()
    return parse_turtle(buffer.getvalue(), str(path))


def _rekeyed(graph: Graph, key: str) -> tuple[PlanView, ...]:
    """The plan of ``graph`` under document key ``key``: every IRI minted from its old key
    moved to the new one."""
    from graph.readback import plans_of_graph, plans_of_triples
    from graph.triples import literal_text, term_text
    from ontology.namespaces import DCTERMS

    (plan,) = plans_of_graph(graph)
    old, new = plan.iri, plan.iri.removesuffix(plan.key) + key
    identifier = literal_text(key, None, None)

    def moved(term: str) -> str:
        return new + term[len(old) :] if term == old or term.startswith(old + "/") else term

    triples: list[TextTriple] = []
    for s, p, o in graph:
        subject, predicate = str(s), str(p)
        renamed = identifier if (subject, predicate) == (old, DCTERMS.identifier) else None
        triples.append((moved(subject), predicate, renamed or moved(term_text(o))))
    return plans_of_triples(triples)


def plans_of(path: Path, key: str | None = None) -> tuple[PlanView, ...]:
    """The plans of a graph file, a build's directory or a store, read back into the model
    (Oxigraph's parsers, no rdflib graph); with ``key``, the plan of that document key."""
    from graph.file_triples import text_triples
    from graph.readback import plans_of_triples
    from graph.store import PlanStore, is_store

    if is_store(path):
        store = PlanStore(path, writable=False)
        try:
            plans = plans_of_triples(store.triples())
        finally:
            store.close()
    else:
        plans = plans_of_triples(text_triples(path))
    if key is None:
        return plans
    chosen = tuple(plan for plan in plans if plan.key == key)
    if not chosen:
        keys = ", ".join(plan.key for plan in plans[:20]) + (" …" if len(plans) > 20 else "")
        raise InputError(f"{path}: no plan with key {key!r}; its plans: {keys or 'none'}")
    return chosen


def stored_plan_model(store_dir: Path, key: str, config: BuildConfig) -> PlanView:
    """The model of the plan with document key ``key`` in a store."""
    from graph.readback import plans_of_triples
    from graph.store import PlanStore
    from ontology.iris import IriMinter

    store = PlanStore(store_dir, writable=False)
    mint = IriMinter(config.base)
    try:
        triples = store.triples(mint.document_graph(key))
        if not triples:
            keys = sorted(k for g in store.graphs() if (k := mint.document_key(g)) is not None)
            shown = ", ".join(keys[:20]) + (" …" if len(keys) > 20 else "")
            raise InputError(f"{store_dir}: no plan with key {key!r}; its plans: {shown}")
        return _only_plan(store_dir, plans_of_triples(triples))
    finally:
        store.close()


def _only_plan(where: Path, plans: tuple[PlanView, ...]) -> PlanView:
    if len(plans) != 1:
        raise InputError(f"{where}: the graph holds {len(plans)} plans; give a graph of one plan")
    return plans[0]


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
    from graph.comparison import DEFAULT_THRESHOLD, compare_plans, diff_graph
    from ontology.iris import IriMinter

    def model(path: Path, key: str | None = None) -> PlanView:
        try:
            if store_dir is not None:
                return stored_plan_model(store_dir, str(path), config)
            return plan_model(path, config, key)
        except InputError as exc:
            raise InputError(_with_path(str(exc), path)) from None

    old, new = model(old_path), model(new_path)
    if old.iri == new.iri:
        # Two drafts of one plan carry one identity (issuer, year, title): the later is
        # given a key of its own, so the two stay two plans.
        if store_dir is not None or old.document.sha256 == new.document.sha256:
            raise InputError(
                f"{old_path} and {new_path} are the same plan ({old.key}) with the same text: "
                "there is nothing to compare"
            )
        new = model(new_path, f"{new.key}-{new.document.sha256[:8]}")
    segmenter = Segmenter()
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    diff = compare_plans(old, new, lambda text: [t.word for t in segmenter.tokens(text)], threshold)
    return diff, diff_graph(diff, IriMinter(config.base))
