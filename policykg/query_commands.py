"""``policykg query`` and ``serve``: SPARQL over a graph or a store, from the command line or
over HTTP with the query page, the map and the report."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policykg.app import environment_limits, reporting_errors, say
from policykg.config import BuildConfig
from policykg.errors import InputError

if TYPE_CHECKING:
    from graph.query import Bindings, QueryResult


# query and serve: the hosts a SERVICE clause may reach (graph.federation).
AllowService = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-service",
        metavar="HOST",
        help="A host that SERVICE clauses may query (federated queries are off otherwise).",
    ),
]


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

    with reporting_errors():
        started = time.perf_counter()
        if list_named:
            for item in named_queries().values():
                params = " ".join(f"--param {name}=…" for name, _ in item.params)
                say(f"{item.name} {params}".rstrip())
                say(f"    {item.description}")
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
        with PlanStore(graph_file, writable=False) as store:
            yield lambda text, bindings: store.query(text, bindings, services)
    else:
        graph = load_graph(graph_file)
        yield lambda text, bindings: run_query(graph, text, bindings, services)


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

    with reporting_errors():
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
                with PlanStore(graph_file, writable=False) as store:
                    return store.query(text, bindings, services=services)

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
        pages = ViewPages(
            built, lambda: drawable_plans(graph_file, BuildConfig(limits=environment_limits()))
        )
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
            say(f"Warning: listening on {host}: anyone who can reach it can query", err=True)
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        say(
            f"Serving {graph_file} at http://{shown}:{bound_port}/ (read-only; Ctrl-C stops)",
            err=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
