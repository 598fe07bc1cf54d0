"""The policykg command line: the only place that prints, exits and parses options."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from output.terminal import message_safe, terminal_safe
from policykg import __version__
from policykg.config import DEFAULT_BASE, BuildConfig, Limits
from policykg.errors import InputError, PolicyKGError

if TYPE_CHECKING:
    from graph.query import Bindings, QueryResult
    from ontology.iris import IriMinter

EXIT_CODES = """Exit codes: 0 success; 1 bad input (file, encoding, query, graph that does not
conform); 2 wrong usage (unknown option or command); 3 internal error (a bug: re-run with
--debug and report the traceback)."""

# query and serve: the hosts a SERVICE clause may reach (graph.federation).
AllowService = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-service",
        metavar="HOST",
        help="A host that SERVICE clauses may query (federated queries are off otherwise).",
    ),
]

app = typer.Typer(
    name="policykg",
    help="Turn Chinese government work plans (工作要点) into a knowledge graph and a map.\n\n"
    + EXIT_CODES,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _State:
    debug = False


class _Argument(TyperArgument):
    """An argument as help texts conventionally show it: ``GRAPH``, ``[QUERY]``, ``PLAN...``,
    with no type beside it (typer's own shows ``{GRAPH}`` and ``inputs:PATH...``)."""

    def make_metavar(self, ctx: Any = None, *, usage: bool = False) -> str:
        name = (self.metavar or (self.name or "").upper()) + ("..." if self.nargs != 1 else "")
        return f"[{name}]" if usage and not self.required else name


class _Command(TyperCommand):
    """A command whose arguments show as ``_Argument`` does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for parameter in self.params:
            if type(parameter) is TyperArgument:
                parameter.__class__ = _Argument


class _SafeFormatter(logging.Formatter):
    """Log lines as messages for a person (``_say``): what they quote is shown, not obeyed."""

    def format(self, record: logging.LogRecord) -> str:
        return message_safe(super().format(record))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policykg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Say more on stderr.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_SafeFormatter("%(levelname)s: %(message)s"))
    for noisy in ("jieba", "rdflib", "pyshacl"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    _State.debug = debug


@contextlib.contextmanager
def _reporting_errors() -> Iterator[None]:
    """Turn errors into one line on stderr and the documented exit code."""
    try:
        yield
    except BrokenPipeError:
        # The reader went away (policykg query … | head): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None
    except InputError as exc:
        if _State.debug:
            raise
        _say(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:  # the machine, not policykg: a full disk, a file gone, no access
        if _State.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        fix = _OS_FIX.get(exc.errno, _OS_FIX[None])
        _say(f"Error: {where}{exc.strerror or exc}; {fix}", err=True)
        raise typer.Exit(1) from None
    except MemoryError:
        if _State.debug:
            raise
        _say(
            "Error: out of memory; give fewer or smaller documents at a time, or lower the "
            "limits of what one document may hold (POLICYKG_MAX_* variables, see the README)",
            err=True,
        )
        raise typer.Exit(1) from None
    except (PolicyKGError, Exception) as exc:
        if _State.debug or isinstance(exc, (typer.Exit, KeyboardInterrupt)):
            raise
        _say(f"Error: internal error: {type(exc).__name__}: {exc}", err=True)
        _say("re-run with --debug for a traceback, and report it", err=True)
        raise typer.Exit(3) from None


_OS_FIX = {
    errno.ENOSPC: "the disk is full: free some space or write somewhere else",
    errno.EDQUOT: "the disk quota is used up: free some space or write somewhere else",
    errno.EACCES: "check the permissions, or choose another path",
    errno.EROFS: "the file system is read-only: choose another path",
    None: "check the path and the machine, then try again",
}


def _limits() -> Limits:
    """The limits of what one input may hold, with those the environment sets."""
    try:
        return Limits().from_environment()
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _say(message: str, err: bool = False) -> None:
    """One message for a person: control characters, bidi controls and line breaks from
    file names, documents or servers shown as escapes, never obeyed (output.terminal)."""
    typer.echo(message_safe(message), err=err)


@app.command(cls=_Command)
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
    base: Annotated[
        str, typer.Option(metavar="IRI", help="Base of minted instance IRIs.")
    ] = DEFAULT_BASE,
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

    with _reporting_errors():
        base = checked_base(base)
        if key is not None and (not is_safe_key(key) or len(inputs) != 1 or inputs[0].is_dir()):
            raise InputError(
                "--key names one document's key (ASCII letters, digits, '.', '_', '-'); "
                "for several documents, give keys in a --manifest"
            )
        if jobs is not None and jobs < 1:
            raise InputError("--jobs must be at least 1")
        map_view = MapView.parse(view)
        config = BuildConfig(base=base, issuer=issuer, year=year, key=key, limits=_limits())
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
            _say(f"Warning: {warning}", err=True)
        for failure in result.failures:
            _say(f"Error: {failure.path}: {failure.reason}", err=True)
        _say(
            f"Built {result.documents} document(s): {result.sections} sections, "
            f"{result.tasks} tasks, {result.offices} offices, {result.placeholders} placeholders, "
            f"{result.responsibilities} responsibilities, {result.targets} targets, "
            f"{result.programmes} programmes, {result.policy_documents} policy documents, "
            f"{result.organisations} organisations, {result.places} places, "
            f"{result.triples} triples in {result.seconds:.2f} s → "
            + ", ".join(str(p) for p in (result.graph_path, *result.report_paths))
        )
        if result.inputs > 1 or store is not None:
            _say(
                f"Read {result.inputs} file(s): {result.loaded} built "
                f"({result.loaded_tasks} tasks, {result.loaded_units} units, "
                f"{result.loaded_targets} targets), {result.unchanged} unchanged, "
                f"{result.duplicates} duplicate, {len(result.failures)} failed",
                err=True,
            )
        if store is not None:
            _say(
                f"Store {store}: {result.stored} document(s) loaded, {result.unchanged} unchanged",
                err=True,
            )
        if result.map_path is not None:
            _say(f"Map: {result.map_path}")
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


@app.command(cls=_Command)
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="PLAN_A",
            help="The earlier plan: a document, a graph file, or with --store a document key. "
            "With --plan, the earlier progress report: a document, or the key, period (1-6月) "
            "or title of one 'policykg progress' kept (in --store, the plan's build, or out/).",
        ),
    ],
    new: Annotated[
        Path, typer.Argument(metavar="PLAN_B", help="The later plan (with --plan: report).")
    ],
    result_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="Output: table, html (side by side), json or ttl."
        ),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            metavar="SHARE",
            help="Least word similarity (0–1) at which two tasks are one commitment.",
        ),
    ] = 0.35,
    base: Annotated[
        str, typer.Option(metavar="IRI", help="Base of minted instance IRIs.")
    ] = DEFAULT_BASE,
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Compare two plans of this store, named by their document keys."
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="PLAN_OR_KEY",
            help="Compare two progress reports on this plan instead (a document, a graph "
            "file or out/ directory, or with --store its key): which tasks changed status.",
        ),
    ] = None,
) -> None:
    """Compare two plans: continued, new and dropped commitments, owners and targets changed.
    With --plan, two progress reports on one plan (policykg diff 1-6月 1-11月 --plan out/):
    each task whose status changed, newly or no longer reported, and its values against its
    targets (format table, html or json).

    \b
    Example:
      policykg diff plan-2023.txt plan-2024.txt --format html -o diff.html
    """
    from output.atomic import write_file
    from output.diff_formats import DIFF_FORMATS, diff_html, diff_json, diff_summary, diff_table
    from output.serialize import serialize_graph
    from policykg.pipeline import diff_plans

    with _reporting_errors():
        if plan is not None:
            _diff_reports(str(old), str(new), plan, result_format, output, base, store)
            return
        if result_format not in DIFF_FORMATS:
            raise InputError(
                f"unknown format '{result_format}'; choose one of: {', '.join(DIFF_FORMATS)}"
            )
        if not 0 < threshold <= 1:
            raise InputError("--threshold must be above 0 and at most 1")
        config = BuildConfig(base=base, limits=_limits())
        comparison, triples = diff_plans(old, new, config, threshold, store)
        text = {
            "table": lambda: diff_table(comparison),
            "html": lambda: diff_html(comparison),
            "json": lambda: diff_json(comparison),
            "ttl": lambda: serialize_graph(triples),
        }[result_format]()
        if output is None:
            sys.stdout.write(terminal_safe(text, lines=True) if result_format == "table" else text)
        else:
            write_file(output, text)
            _say(f"{diff_summary(comparison)} → {output}", err=True)


def _diff_reports(
    first: str,
    second: str,
    plan: Path,
    result_format: str,
    output: Path | None,
    base: str,
    store: Path | None,
) -> None:
    """``diff --plan``: two progress reports on one plan compared, written as asked."""
    from output.atomic import write_file
    from output.progress_diff_formats import (
        PROGRESS_DIFF_FORMATS,
        progress_diff_html,
        progress_diff_json,
        progress_diff_summary,
        progress_diff_table,
    )
    from policykg.progress_diff import compare_reports

    if result_format not in PROGRESS_DIFF_FORMATS:
        raise InputError(
            f"unknown format '{result_format}' for progress reports; choose one of: "
            + ", ".join(PROGRESS_DIFF_FORMATS)
        )
    config = BuildConfig(base=base, limits=_limits())
    comparison = compare_reports(first, second, plan, config, store)
    text = {
        "table": progress_diff_table,
        "html": progress_diff_html,
        "json": progress_diff_json,
    }[result_format](comparison)
    if output is None:
        sys.stdout.write(terminal_safe(text, lines=True) if result_format == "table" else text)
    else:
        write_file(output, text)
        _say(f"{progress_diff_summary(comparison)} → {output}", err=True)


@app.command(cls=_Command)
def progress(
    reports: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT...",
            help="Progress reports (txt, html, docx, xlsx, pdf): tables or numbered paragraphs.",
        ),
    ],
    plan: Annotated[
        Path,
        typer.Option(
            "--plan",
            metavar="PLAN_OR_KEY",
            help="The plan: a document, a graph file or out/ directory, or with --store its key.",
        ),
    ],
    store: Annotated[
        Path | None,
        typer.Option(help="Read the plan from this store and keep each report in it as a graph."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write progress.ttl and progress.csv here (default: out, no store)."
        ),
    ] = None,
    base: Annotated[str, typer.Option(help="Base of minted instance IRIs.")] = DEFAULT_BASE,
) -> None:
    """Lay progress reports over a plan: each row matched to its task, a status and values."""
    from output.atomic import write_together
    from policykg.progress import (
        accumulated,
        lay_over,
        progress_files,
        report_pages,
        store_progress,
    )

    with _reporting_errors():
        config = BuildConfig(base=base, limits=_limits())
        laid = lay_over(reports, plan, config, store)
        written: list[str] = []
        if store is not None:
            store_progress(laid, store, config)
            written.append(str(store))
        if out is not None or store is None:
            directory = out if out is not None else Path("out")
            history = accumulated(laid, directory)
            files = {
                **progress_files(laid, history, config),
                **report_pages(laid, history, directory, config),
            }
            paths = write_together(directory, files)
            written += [str(p) for p in paths.values()]
        _say(f"{laid.summary()} → {', '.join(written)}", err=True)
        for line in [*laid.unmatched_lines(), *laid.change_lines()]:
            _say(line, err=True)


@app.command(cls=_Command)
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

    with _reporting_errors():
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


@app.command(cls=_Command)
def query(
    graph_file: Annotated[
        Path | None,
        typer.Argument(metavar="GRAPH", help="A graph file, an out/ directory or a --store."),
    ] = None,
    sparql: Annotated[str | None, typer.Argument(metavar="QUERY", help="SPARQL text.")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", metavar="FILE.rq", help="Read the query from a file."),
    ] = None,
    named: Annotated[
        str | None,
        typer.Option("--named", "-n", metavar="NAME", help="Run a shipped query (see --list)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="NAME=VALUE",
            help="A value for a query variable, bound safely (repeat for more).",
        ),
    ] = None,
    list_named: Annotated[
        bool, typer.Option("--list", help="List the shipped queries and their parameters.")
    ] = False,
    result_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="Rows as table (the default), csv, json (SPARQL JSON), tsv or xml; a graph "
            "(CONSTRUCT, DESCRIBE) as ttl (the default), nt or jsonld.",
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(metavar="COLUMN", help="Sort the rows by this column (numbers as numbers)."),
    ] = None,
    descending: Annotated[
        bool, typer.Option("--desc", help="With --sort: the largest first.")
    ] = False,
    limit: Annotated[int | None, typer.Option(metavar="N", help="Print the first N rows.")] = None,
    no_bom: Annotated[
        bool,
        typer.Option(
            "--no-bom",
            help="CSV without the byte-order mark that makes Excel read it as UTF-8.",
        ),
    ] = False,
    allow_service: AllowService = None,
) -> None:
    """Run a SPARQL query over a graph or store; prefixes pk:, org:, skos: … are predeclared.

    A shipped query's parameter that names no office of the graph is answered with the
    closest names.

    \b
    Example:
      policykg query out/ --named tasks-of-office --param office=教育处 --format csv
    """
    from graph.federation import allowed_hosts
    from graph.named import named_queries, named_query, parse_params, unknown_name
    from graph.query import Param
    from output.results import arranged, format_result

    with _reporting_errors():
        started = time.perf_counter()
        if list_named:
            for item in named_queries().values():
                params = " ".join(f"--param {name}=…" for name, _ in item.params)
                _say(f"{item.name} {params}".rstrip())
                _say(f"    {item.description}")
            return
        if graph_file is None:
            raise InputError("give the graph to query: a graph file, an out/ directory or a store")
        given = [q for q in (sparql, file, named) if q is not None]
        if len(given) != 1:
            raise InputError("give exactly one query: as an argument, with --file or with --named")
        _check_table_options(
            result_format, no_bom=no_bom, sorted_rows=sort is not None, descending=descending
        )
        services = allowed_hosts(allow_service or [])
        given_params = parse_params(param or [])
        bindings: dict[str, str | Param] = dict(given_params)
        if named is not None:
            chosen = named_query(named)
            text, bindings = chosen.text, chosen.bindings(given_params)
        elif file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{file}: cannot read the query: {exc}") from exc
        else:
            assert sparql is not None
            text = sparql
        with _query_runner(graph_file, services) as ask:
            result = ask(text, bindings)
            hint = unknown_name(chosen, given_params, ask) if named and not result.rows else None
            if hint is not None:
                raise InputError(hint)
        result = arranged(result, sort, descending, limit)
        sys.stdout.write(format_result(result, result_format, bom=not no_bom))
        logging.getLogger(__name__).info(
            "%d rows in %.2f s", len(result.rows), time.perf_counter() - started
        )


def _check_table_options(
    result_format: str | None, *, no_bom: bool, sorted_rows: bool, descending: bool
) -> None:
    """Refuse, before the query runs, the options that cannot apply together."""
    from output.results import check_format

    if result_format is not None:
        check_format(result_format)
    if no_bom and result_format != "csv":
        raise InputError("--no-bom applies to --format csv")
    if descending and not sorted_rows:
        raise InputError("--desc needs --sort COLUMN")


@contextlib.contextmanager
def _query_runner(
    graph_file: Path, services: frozenset[str]
) -> Iterator[Callable[[str, Bindings], QueryResult]]:
    """A function that runs SPARQL with bindings over the graph or store at ``graph_file``."""
    from graph.query import load_graph, run_query
    from graph.store import PlanStore, is_store

    if is_store(graph_file):
        store = PlanStore(graph_file, writable=False)
        try:
            yield lambda text, bindings: store.query(text, bindings, services)
        finally:
            store.close()
    else:
        graph = load_graph(graph_file)
        yield lambda text, bindings: run_query(graph, text, bindings, services)


@app.command(cls=_Command)
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

    with _reporting_errors():
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
            _say(f"{finding.severity}: {finding.message}{task} ({where}{details})")
        verdict = "conforms" if report.conforms else "does not conform"
        _say(
            f"{graph_file} {verdict}: {report.count('Violation')} violations, "
            f"{report.count('Warning')} warnings in {time.perf_counter() - started:.2f} s"
        )
        if not report.conforms:
            raise typer.Exit(1)


@app.command(cls=_Command)
def serve(
    graph_file: Annotated[
        Path, typer.Argument(metavar="GRAPH", help="A graph file, an out/ directory or a store.")
    ],
    host: Annotated[
        str, typer.Option(metavar="ADDRESS", help="Address to listen on (loopback by default).")
    ] = ("127.0.0.1"),
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port to listen on (0: any free port).")
    ] = 8000,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds a query may run.")
    ] = 10.0,
    max_rows: Annotated[
        int, typer.Option(metavar="N", help="Rows (or CONSTRUCT triples) a query may return.")
    ] = 100_000,
    workers: Annotated[int, typer.Option(metavar="N", help="Slow queries that run at once.")] = 4,
    queue_wait: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds a query waits for a worker before a 503."),
    ] = 10.0,
    read_timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS", help="Seconds a connection may stay silent before it is closed."
        ),
    ] = 10.0,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="A host name this server answers to besides the address it listens on.",
        ),
    ] = None,
    allow_service: AllowService = None,
    in_memory: Annotated[
        bool,
        typer.Option(
            "--in-memory",
            help="Copy a store into memory at start and answer from the copy (quicker "
            "queries; about 300 MB of memory and 13 s of loading per million triples).",
        ),
    ] = False,
) -> None:
    """Serve a read-only SPARQL endpoint (/sparql), a query page (/), the map and report.

    It answers only requests addressed to it (Host: the address it listens on, or a name
    given with --allow-host) and from no other web origin.

    \b
    Example:
      policykg serve out/ --port 8000
    """
    from graph.federation import allowed_hosts
    from graph.query import GRAPH_FILE, is_build_directory, load_graph, run_query
    from graph.store import PlanStore, is_store
    from output.publish import ViewPages
    from output.server import ServerLimits, make_server
    from policykg.sources import drawable_plans

    with _reporting_errors():
        if not 0 <= port <= 65535:
            raise InputError(f"--port {port}: a port is a number from 0 to 65535 (0: any free one)")
        if min(timeout, read_timeout) <= 0 or max_rows < 0 or workers < 1 or queue_wait < 0:
            raise InputError(
                "--timeout and --read-timeout must be above 0, --workers at least 1, "
                "--max-rows and --queue-wait at least 0"
            )
        services = allowed_hosts(allow_service or [])
        if is_store(graph_file) and in_memory:
            held = PlanStore(graph_file, writable=False, in_memory=True)

            def runner(text: str, bindings: Bindings) -> QueryResult:
                return held.query(text, bindings, services=services)

            built = None
        elif is_store(graph_file):

            def runner(text: str, bindings: Bindings) -> QueryResult:
                store = PlanStore(graph_file, writable=False)
                try:
                    return store.query(text, bindings, services=services)
                finally:
                    store.close()

            built = None
        else:
            graph = load_graph(graph_file)

            def runner(text: str, bindings: Bindings) -> QueryResult:
                return run_query(graph, text, bindings, services=services)

            # The pages a build wrote beside its graph; a graph file of another name or
            # place has pages drawn from its plans, as a store has.
            built = graph_file if graph_file.is_dir() else graph_file.parent
            if not is_build_directory(built) or not (
                graph_file.is_dir() or graph_file.name == GRAPH_FILE
            ):
                built = None
        pages = ViewPages(built, lambda: drawable_plans(graph_file, BuildConfig(limits=_limits())))
        limits = ServerLimits(
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            queue_wait=queue_wait,
            read_timeout=read_timeout,
            allowed_hosts=frozenset(allow_host or ()),
        )
        try:
            server = make_server(runner, host, port, limits, pages)
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port or --host"
            ) from exc
        bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
        if host not in ("127.0.0.1", "localhost", "::1"):
            _say(f"Warning: listening on {host}: anyone who can reach it can query", err=True)
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        _say(
            f"Serving {graph_file} at http://{shown}:{bound_port}/ (read-only; Ctrl-C stops)",
            err=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


@app.command(cls=_Command)
def export(
    graph_file: Annotated[
        Path, typer.Argument(metavar="GRAPH", help="A graph file, an out/ directory or a store.")
    ],
    export_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="ttl, nt, nq, trig, jsonld, rdfxml (RDF); graphml, gexf (Gephi); csv (a "
            "Neo4j bulk-import pair in the --out directory); xlsx (任务分工表, 责任清单, "
            "目标清单).",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="The file to write (a directory for csv); default: stdout.",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            metavar="KEY", help="Only the plan of this document key (dcterms:identifier)."
        ),
    ] = None,
) -> None:
    """Export plans to RDF syntaxes, property graphs (GraphML, GEXF, CSV) or an Excel
    workbook an office can work in.

    \b
    Example:
      policykg export out/ --format xlsx -o plans.xlsx
    """
    from output.exports import write_export
    from policykg.sources import plans_of

    with _reporting_errors():
        started = time.perf_counter()
        plans = plans_of(graph_file, plan)
        written = write_export(plans, export_format, out)
        if isinstance(written, tuple):
            where = ", ".join(str(p) for p in written)
        elif isinstance(written, bytes):
            sys.stdout.buffer.write(written)
            where = "stdout"
        else:
            sys.stdout.write(written)
            where = "stdout"
        tasks = sum(len(p.tasks) for p in plans)
        _say(
            f"Exported {len(plans)} plan(s), {tasks} tasks as {export_format} → {where} in "
            f"{time.perf_counter() - started:.2f} s",
            err=True,
        )


@app.command(cls=_Command)
def push(
    graph_file: Annotated[
        Path, typer.Argument(metavar="GRAPH", help="A graph file, an out/ directory or a store.")
    ],
    endpoint: Annotated[
        str,
        typer.Option(
            metavar="URL",
            help="The Graph Store URL: http://127.0.0.1:7878/store (oxigraph serve), "
            "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso).",
        ),
    ],
    update_endpoint: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="The server's SPARQL Update URL (/update, Virtuoso's /sparql-auth): a graph "
            "of several batches is uploaded aside and moved into place (MOVE), never left "
            "half-written.",
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(metavar="IRI", help="Graph IRI for a graph file (default: its plan's graph)."),
    ] = None,
    batch: Annotated[int, typer.Option(metavar="N", help="Triples per request.")] = 50_000,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds to wait for each request.")
    ] = 60.0,
    retries: Annotated[
        int,
        typer.Option(
            metavar="N", help="Tries again after a failure that may pass (time-out, 5xx)."
        ),
    ] = 4,
    auth: Annotated[
        str,
        typer.Option(
            metavar="METHOD",
            help="How to send credentials: auto (as the server asks), basic, digest.",
        ),
    ] = "auto",
) -> None:
    """Replace graphs on a SPARQL server (Graph Store Protocol); a store pushes one per plan.

    Credentials, where the server wants them, come from POLICYKG_PUSH_USER and
    POLICYKG_PUSH_PASSWORD (or the URL's user:password@; they are never printed). Prints the
    prologue queries to the server need.

    \b
    Example:
      policykg push store/ --endpoint http://127.0.0.1:7878/store
    """
    from graph.file_triples import ntriples_lines, plan_keys
    from graph.store import PlanStore, is_store
    from ontology.iris import IriMinter
    from output.push import PushTarget, push_graphs, query_prologue, redacted, split_credentials

    with _reporting_errors():
        started = time.perf_counter()
        clean, in_url = split_credentials(endpoint)
        update, _ = split_credentials(update_endpoint) if update_endpoint else (None, None)
        user = os.environ.get("POLICYKG_PUSH_USER")
        credentials = (user, os.environ.get("POLICYKG_PUSH_PASSWORD") or "") if user else in_url
        if timeout <= 0 or retries < 0:
            raise InputError("--timeout must be above 0 seconds and --retries at least 0")
        target = PushTarget(
            clean, update, credentials, auth=auth, batch=batch, timeout=timeout, retries=retries
        )
        try:
            if is_store(graph_file):
                store = PlanStore(graph_file, writable=False)
                try:
                    graphs = ((iri, store.ntriples_lines(iri)) for iri in store.graphs())
                    result = push_graphs(graphs, target)
                finally:
                    store.close()
            else:
                iri = graph or _plan_graph(plan_keys(graph_file), IriMinter(DEFAULT_BASE))
                result = push_graphs([(iri, ntriples_lines(graph_file))], target)
        except InputError as exc:
            raise InputError(redacted(str(exc))) from None
        _say(
            f"Pushed {result.graphs} graph(s), {result.triples} triples in {result.requests} "
            f"request(s) to {clean} in {time.perf_counter() - started:.2f} s"
        )
        typer.echo(query_prologue(clean), nl=False)


def _plan_graph(keys: list[str], mint: IriMinter) -> str:
    """The graph IRI of the one plan a graph file holds; --graph is needed otherwise."""
    if len(keys) != 1:
        raise InputError(f"the graph holds {len(keys)} plans; say where it goes with --graph IRI")
    return mint.document_graph(keys[0])


def main() -> None:
    """Entry point of the ``policykg`` console script."""
    app()
