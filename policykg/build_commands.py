"""``policykg build``, ``evaluate`` and ``validate``: plans built into a graph, a graph scored
against a gold annotation, and checked against the shapes."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from policykg.app import BaseOption, environment_limits, reporting_errors, say
from policykg.config import DEFAULT_BASE, BuildConfig
from policykg.errors import InputError


def build(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="PLAN",
            help="Work plans: files (text in any common encoding, .docx, .pdf, .html) or "
            "directories searched for them.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Output directory.")
    ] = Path("out"),
    issuer: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Issuing body, when the text does not name it."),
    ] = None,
    year: Annotated[
        int | None, typer.Option(metavar="YEAR", help="Plan year, when the text does not say.")
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            metavar="KEY", help="Document key in IRIs (one document), instead of one derived."
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="CSV or TOML with file, issuer, year, key per document (overrides).",
        ),
    ] = None,
    base: BaseOption = DEFAULT_BASE,
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Also keep the plans in this Oxigraph store (one graph per document).",
        ),
    ] = None,
    view: Annotated[
        str,
        typer.Option(
            metavar="VIEW",
            help="What the map shows: ownership (offices and tasks), full (with targets, "
            "programmes and documents), office:NAME (one office's tasks and partners) or "
            "coownership (offices linked by shared tasks).",
        ),
    ] = "ownership",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", help="Documents read in parallel (default: all cores)."
        ),
    ] = None,
    upgrade_store: Annotated[
        bool,
        typer.Option(
            help="Upgrade a --store an older Oxigraph wrote (in place; older versions cannot "
            "read it after)."
        ),
    ] = False,
) -> None:
    """Build the knowledge graph (graph.ttl), the map (graph.html) and the reports.

    A document that cannot be read is reported (file and reason) and the others are built;
    the exit code is then 1.

    \b
    Example:
      policykg build plans/ --out out/ --view office:教育处
    """
    from graph.network import MapView
    from ontology.iris import checked_base, is_safe_key
    from policykg.inputs import read_manifest
    from policykg.pipeline import build as run_build
    from policykg.workers import default_workers

    with reporting_errors():
        base = checked_base(base)
        if key is not None and (not is_safe_key(key) or len(inputs) != 1 or inputs[0].is_dir()):
            raise InputError(
                "--key names one document's key (ASCII letters, digits, '.', '_', '-'); "
                "for several documents, give keys in a --manifest"
            )
        if jobs is not None and jobs < 1:
            raise InputError("--jobs must be at least 1")
        map_view = MapView.parse(view)
        config = BuildConfig(
            base=base, issuer=issuer, year=year, key=key, limits=environment_limits()
        )
        overrides = read_manifest(manifest) if manifest is not None else {}
        with _progress_bar() as progress:
            result = run_build(
                inputs,
                out,
                config,
                store,
                map_view,
                manifest=overrides,
                workers=jobs or default_workers(),
                progress=progress,
                upgrade_store=upgrade_store,
            )
        for warning in result.warnings:
            say(f"Warning: {warning}", err=True)
        for failure in result.failures:
            say(f"Error: {failure.path}: {failure.reason}", err=True)
        say(
            f"Built {result.documents} document(s): {result.sections} sections, "
            f"{result.tasks} tasks, {result.offices} offices, {result.placeholders} placeholders, "
            f"{result.responsibilities} responsibilities, {result.targets} targets, "
            f"{result.programmes} programmes, {result.policy_documents} policy documents, "
            f"{result.organisations} organisations, {result.places} places, "
            f"{result.triples} triples in {result.seconds:.2f} s → "
            + ", ".join(str(p) for p in (result.graph_path, *result.report_paths))
        )
        if result.inputs > 1 or store is not None:
            say(
                f"Read {result.inputs} file(s): {result.loaded} built "
                f"({result.loaded_tasks} tasks, {result.loaded_units} units, "
                f"{result.loaded_targets} targets), {result.unchanged} unchanged, "
                f"{result.duplicates} duplicate, {len(result.failures)} failed",
                err=True,
            )
        if store is not None:
            say(
                f"Store {store}: {result.stored} document(s) loaded, {result.unchanged} unchanged",
                err=True,
            )
        if result.map_path is not None:
            say(f"Map: {result.map_path}")
        if result.failures:
            raise typer.Exit(1)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[object], None] | None]:
    """A progress bar on stderr, only when stderr is a terminal.

    Refreshed by hand as documents finish: no refresh thread, so worker processes fork
    from a process without threads.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        transient=True,
    ) as bar:
        task = bar.add_task("documents", total=None)

        def advance(_outcome: object) -> None:
            bar.advance(task)
            bar.refresh()

        yield advance


def evaluate(
    graph_or_plan: Annotated[
        Path,
        typer.Argument(
            metavar="GRAPH_OR_PLAN",
            help="A graph file (.ttl …), an out/ directory, or a plan document (built first).",
        ),
    ],
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD.json", help="A hand-made gold annotation (the GUIDELINES format)."
        ),
    ],
    score_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="Output: table, or json (the reference's fields)."
        ),
    ] = "table",
) -> None:
    """Score a graph against a gold annotation: precision, recall and F1 of tasks, units,
    leads, targets, programmes and documents, so you can see how far to trust the tool on
    plans of your own.

    \b
    Example:
      policykg evaluate out/ gold/plan.json
    """
    from graph.evaluation import evaluate_graph
    from graph.gold import read_gold
    from output.scores import SCORE_FORMATS, format_scores
    from policykg.sources import built_graph

    with reporting_errors():
        started = time.perf_counter()
        if score_format not in SCORE_FORMATS:
            raise InputError(
                f"unknown format '{score_format}'; choose one of: {', '.join(SCORE_FORMATS)}"
            )
        annotation = read_gold(gold)  # before any build: a bad gold file fails at once
        evaluation = evaluate_graph(built_graph(graph_or_plan, BuildConfig()), annotation)
        sys.stdout.write(format_scores(evaluation, score_format))
        logging.getLogger(__name__).info(
            "scored %s against %s in %.2f s", graph_or_plan, gold, time.perf_counter() - started
        )


def validate(
    graph_file: Annotated[
        Path, typer.Argument(metavar="GRAPH", help="A graph file or an out/ dir.")
    ],
    language: Annotated[
        str, typer.Option(metavar="LANG", help="Language of messages: zh or en.")
    ] = "zh",
) -> None:
    """Check a graph against the policykg SHACL shapes; exit 1 when it does not conform.

    \b
    Example:
      policykg validate out/ --language en
    """
    from graph.query import load_graph
    from graph.validation import validate as run_validation

    with reporting_errors():
        started = time.perf_counter()
        report = run_validation(load_graph(graph_file), language=language)
        for finding in report.findings:
            where = (
                f"{finding.focus_label} <{finding.focus}>"
                if finding.focus_label
                else f"<{finding.focus}>"
            )
            details = "".join(
                f"; {name}: {value}"
                for name, value in (("path", finding.path), ("value", finding.value))
                if value
            )
            task = (
                f" — {finding.task}" if finding.task and finding.task != finding.focus_label else ""
            )
            say(f"{finding.severity}: {finding.message}{task} ({where}{details})")
        verdict = "conforms" if report.conforms else "does not conform"
        say(
            f"{graph_file} {verdict}: {report.count('Violation')} violations, "
            f"{report.count('Warning')} warnings in {time.perf_counter() - started:.2f} s"
        )
        if not report.conforms:
            raise typer.Exit(1)
