"""Wire the stages: find the documents, extract them in workers, write each as it comes, then
put the graph, the map and the reports in place."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.census import GraphCounts
from graph.network import MapView
from policykg.collection import collecting_rarely
from policykg.config import BuildConfig
from policykg.destinations import Destination, FileDestination, StoreDestination
from policykg.errors import DocumentError, InputError
from policykg.inputs import collect_inputs, document_configs
from policykg.sources import one_plan, plans_of, read_plans, with_path
from policykg.workers import Extracted, Failure, Job, Outcome, Unchanged, run_jobs

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.model import PlanView
    from graph.plan_diff import PlanDiff

__all__ = ["NO_TASK", "BuildResult", "build", "diff_plans", "read_plans"]

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


@collecting_rarely()  # the parent writes and keeps models as the workers do (collection.py)
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
    upgrade_store: bool = False,
) -> BuildResult:
    """Build the graph of ``inputs`` and write graph.ttl, graph.html and the reports.

    ``inputs`` are files or directories (searched for documents); ``manifest`` gives
    per-document overrides; ``workers`` processes read and extract documents in parallel and
    ``progress`` hears of each document as it is done. A document that fails is reported in
    the result and the others are built; when every document fails, InputError. ``view``
    chooses what the map shows (see ``graph.network.view_network``).

    With ``store_dir`` the documents go into a persistent store (one named graph each,
    unchanged documents skipped) and the outputs describe everything the store holds; a
    store an older Oxigraph wrote is refused unless ``upgrade_store``.
    """
    started = time.perf_counter()
    paths = collect_inputs(inputs)
    configs = document_configs(paths, config, manifest or {})
    destination: Destination = (
        FileDestination(out_dir, config)
        if store_dir is None
        else StoreDestination(out_dir, store_dir, config, upgrade=upgrade_store)
    )
    intake = _Intake()
    try:
        jobs = [
            Job(path, document_config, number, destination.spool, destination.spool_quads)
            for number, (path, document_config) in enumerate(zip(paths, configs, strict=True))
        ]
        for outcome in run_jobs(jobs, workers, destination.stored, progress):
            extracted = intake.admit(outcome)
            if extracted is None:
                continue
            try:
                with _writing(store_dir or out_dir):
                    intake.targets += destination.add(extracted)
            except DocumentError as exc:  # the store refused it: this one fails, not all
                intake.refuse(extracted, str(exc))
        if not intake.extracted and not intake.unchanged:
            raise InputError(_all_failed(intake.failures))
        with _writing(store_dir or out_dir):
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


@contextlib.contextmanager
def _writing(where: Path) -> Iterator[None]:
    """A failure to write (a full disk, a file too large) named by where it was writing."""
    try:
        yield
    except OSError as exc:
        raise InputError(
            f"{where}: cannot write the outputs ({exc.strerror or exc}); free some space or "
            "choose another place"
        ) from exc


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
                return plans_of(store_dir, str(path), config)[0]
            return one_plan(path, config, key=key)
        except InputError as exc:
            raise InputError(with_path(str(exc), path)) from None

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
