"""Wire the stages: read → parse → build the graph → write Turtle and the map."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extract.details import extract_details
from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_plan
from graph.build import build_graph
from graph.views import entity_counts, ownership_counts, ownership_network
from output.map import write_map
from output.reports import write_ownership_csv, write_targets_csv
from output.serialize import write_graph
from policykg.config import BuildConfig

log = logging.getLogger(__name__)


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


def read_plans(inputs: Sequence[Path]) -> tuple[list[Document], list[str]]:
    """Read and parse every input, with a warning for each document where no task was found.

    Every input is read before anything is written, so a bad input leaves earlier output alone.
    """
    documents, warnings = [], []
    seen: dict[str, Path] = {}
    for path in inputs:
        source = read_document(path)
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        if digest in seen:
            warnings.append(f"{path}: the same text as {seen[digest]}; read once")
            continue
        seen[digest] = path
        document = extract_details(parse_plan(source.text))
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


def build(inputs: Sequence[Path], out_dir: Path, config: BuildConfig) -> BuildResult:
    """Build the graph of ``inputs`` and write ``graph.ttl`` and ``graph.html`` into ``out_dir``."""
    started = time.perf_counter()
    documents, warnings = read_plans(inputs)
    graph = build_graph(documents, config)
    network = ownership_network(graph)
    counts = ownership_counts(network)
    entities = entity_counts(graph)
    graph_path = write_graph(graph, out_dir / "graph.ttl")
    title = documents[0].info.title if len(documents) == 1 else None
    map_path = write_map(network, out_dir / "graph.html", title or f"{len(documents)} 份工作计划")
    report_paths = (
        write_targets_csv(graph, out_dir / "targets.csv"),
        write_ownership_csv(graph, out_dir / "ownership.csv"),
    )
    return BuildResult(
        documents=len(documents),
        sections=sum(len(d.sections) for d in documents),
        tasks=sum(len(d.tasks) for d in documents),
        offices=counts.offices,
        placeholders=counts.placeholders,
        responsibilities=counts.links,
        targets=sum(len(t.targets) for d in documents for t in d.tasks)
        + sum(len(d.targets) for d in documents),
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
    )
