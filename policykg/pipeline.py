"""Wire the stages: read → parse → build the graph → write Turtle and the map."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from extract.details import extract_details
from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_plan
from graph.build import build_graph, document_key
from graph.store import PlanStore
from graph.views import MapView, entity_counts, ownership_counts, ownership_network, view_network
from ontology.iris import IriMinter
from ontology.namespaces import PK
from output.files import write_together
from output.map import render_map
from output.report import render_report
from output.reports import ownership_csv, targets_csv
from output.serialize import serialize_graph
from policykg.config import BuildConfig
from policykg.errors import InputError

log = logging.getLogger(__name__)
OWNERSHIP_VIEW = MapView("ownership")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build read and wrote."""

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
    triples: int
    graph_path: Path
    map_path: Path
    report_paths: tuple[Path, ...]
    warnings: tuple[str, ...]
    seconds: float
    stored: int = 0
    unchanged: int = 0


def read_plans(
    inputs: Sequence[Path], skip: Callable[[Document, str], bool] | None = None
) -> tuple[list[Document], list[str]]:
    """Read and parse every input, with a warning for each document where no task was found.

    Every input is read before anything is written, so a bad input leaves earlier output
    alone. ``skip(parsed, sha256)`` may spare a document its extraction (a store that holds
    the same text already); skipped documents are not returned.
    """
    documents, warnings = [], []
    seen: dict[str, Path] = {}
    for path in inputs:
        source = read_document(path)
        digest = text_sha256(source.text)
        if digest in seen:
            warnings.append(f"{path}: the same text as {seen[digest]}; read once")
            continue
        seen[digest] = path
        parsed = parse_plan(source.text)
        if skip is not None and skip(parsed, digest):
            log.info("%s: unchanged in the store", path)
            continue
        warnings.extend(f"{path}: {note}" for note in parsed.notes)
        document = extract_details(parsed)
        log.info(
            "%s: %s, %d sections, %d tasks",
            path,
            source.encoding,
            len(document.sections),
            len(document.tasks),
        )
        if not document.tasks:
            warnings.append(
                f"{path}: no task found (looked for numbered items with labelled fields such "
                "as 问题描述/工作措施/责任处室, or closing with their units in brackets such as "
                "(X、Y负责)); the plan and its text are in the graph without tasks"
            )
        documents.append(document)
    return documents, warnings


def build(
    inputs: Sequence[Path],
    out_dir: Path,
    config: BuildConfig,
    store_dir: Path | None = None,
    view: MapView = OWNERSHIP_VIEW,
) -> BuildResult:
    """Build the graph of ``inputs`` and write graph.ttl, graph.html and the reports.

    ``view`` chooses what the map shows (see ``graph.views.view_network``).

    With ``store_dir`` the documents go into a persistent store (one named graph each,
    unchanged documents skipped) and the outputs describe everything the store holds.
    """
    started = time.perf_counter()
    stored = unchanged = 0
    if store_dir is None:
        documents, warnings = read_plans(inputs)
        graph = build_graph(documents, config)
    else:
        store = PlanStore(store_dir, writable=True)
        mint = IriMinter(config.base)
        try:

            def same_text(parsed: Document, sha256: str) -> bool:
                return store.has_text(
                    str(mint.document_graph(document_key(parsed, config))), sha256
                )

            documents, warnings = read_plans(inputs, skip=same_text)
            for document in documents:
                graph_iri = mint.document_graph(document_key(document, config))
                store.replace(str(graph_iri), build_graph([document], config))
            stored = len(documents)
            unchanged = len(inputs) - stored - sum("read once" in w for w in warnings)
            graph = store.union()
        finally:
            store.close()
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
    graph_path, map_path = written["graph.ttl"], written["graph.html"]
    report_paths = (written["report.html"], written["targets.csv"], written["ownership.csv"])
    return BuildResult(
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
        triples=len(graph),
        graph_path=graph_path,
        map_path=map_path,
        report_paths=report_paths,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
        stored=stored,
        unchanged=unchanged,
    )


def text_sha256(text: str) -> str:
    """The SHA-256 of a normalised text, as stored on its pk:SourceText."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))
