"""``policykg export`` and ``push``: plans written in other formats, and graphs replaced on a
SPARQL server."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policykg.app import reporting_errors, say
from policykg.config import DEFAULT_BASE
from policykg.errors import InputError

if TYPE_CHECKING:
    from ontology.iris import IriMinter


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

    with reporting_errors():
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
        say(
            f"Exported {len(plans)} plan(s), {tasks} tasks as {export_format} → {where} in "
            f"{time.perf_counter() - started:.2f} s",
            err=True,
        )


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

    with reporting_errors():
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
                with PlanStore(graph_file, writable=False) as store:
                    graphs = ((iri, store.ntriples_lines(iri)) for iri in store.graphs())
                    result = push_graphs(graphs, target)
            else:
                iri = graph or _plan_graph(plan_keys(graph_file), IriMinter(DEFAULT_BASE))
                result = push_graphs([(iri, ntriples_lines(graph_file))], target)
        except InputError as exc:
            raise InputError(redacted(str(exc))) from None
        say(
            f"Pushed {result.graphs} graph(s), {result.triples} triples in {result.requests} "
            f"request(s) to {clean} in {time.perf_counter() - started:.2f} s"
        )
        typer.echo(query_prologue(clean), nl=False)


def _plan_graph(keys: list[str], mint: IriMinter) -> str:
    """The graph IRI of the one plan a graph file holds; --graph is needed otherwise."""
    if len(keys) != 1:
        raise InputError(f"the graph holds {len(keys)} plans; say where it goes with --graph IRI")
    return mint.document_graph(keys[0])
