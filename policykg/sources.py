"""Plans from wherever they are: documents (extracted in this process), graph files, a build's
out/ directory, or a store — each read into the model, the one thing the commands that take
"a plan or a graph" (diff, export, evaluate) work on."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from extract.records import Document
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.inputs import collect_inputs

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.model import PlanView
    from graph.progress_views import PlansWithProgress
    from graph.triples import TextTriple

__all__ = ["built_graph", "drawable_plans", "one_plan", "plans_of", "read_plans", "with_path"]


def read_plans(
    inputs: Sequence[Path], config: BuildConfig | None = None
) -> tuple[list[Document], list[str]]:
    """Read and extract every input in this process: the documents (details extracted) and
    the warnings. A document that cannot be read raises its InputError."""
    from extract.details import extract_details
    from extract.reading import read_document
    from extract.structure import parse_source
    from graph.node_identity import issuer_note

    config = config or BuildConfig()
    documents, warnings = [], []
    for path in collect_inputs(inputs):
        try:
            parsed = parse_source(read_document(path, config.limits))
        except InputError as exc:
            raise InputError(with_path(str(exc), path)) from None
        note = issuer_note(parsed, config)
        warnings += [f"{path}: {n}" for n in (*parsed.notes, *((note,) if note else ()))]
        documents.append(extract_details(parsed))
    return documents, warnings


def plans_of(
    path: Path, key: str | None = None, config: BuildConfig | None = None
) -> tuple[PlanView, ...]:
    """The plans of a store, a graph file or a build's directory (read by Oxigraph's parsers,
    no rdflib graph), or of a document (built in memory); with ``key``, the plan of that
    document key."""
    config = config or BuildConfig()
    plans = _all_plans(path, config, key)
    if key is None:
        return plans
    chosen = tuple(plan for plan in plans if plan.key == key)
    if not chosen:
        known = _store_keys(path, config) if not plans else [plan.key for plan in plans]
        keys = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
        raise InputError(f"{path}: no plan with key {key!r}; its plans: {keys or 'none'}")
    return chosen


def drawable_plans(path: Path, config: BuildConfig | None = None) -> PlansWithProgress:
    """The plans of ``path`` for a map and a report, with the progress reported on them (a
    store's or a graph file's reports): a store holding more triples than one page can draw
    (``Limits.map_triples``, as a build decides) is refused."""
    from graph.progress_reader import progress_of_triples
    from graph.progress_views import plans_with_progress
    from graph.readback import plans_of_triples
    from graph.store import PlanStore, is_store

    config = config or BuildConfig()
    if is_store(path):
        with PlanStore(path, writable=False) as store:
            triples = store.triple_count()
            if triples > config.limits.map_triples:
                found = f"{triples:,} triples"
                raise InputError(
                    f"{path}: too large for one map and report: "
                    f"{config.limits.refusal('map_triples', found)}; or query the store instead"
                )
            held = store.triples()
    elif _is_graph(path):
        held = _graph_triples(path)
    else:
        return plans_with_progress(plans_of(path, config=config), ())
    return plans_with_progress(plans_of_triples(held), progress_of_triples(held))


def one_plan(path: Path, config: BuildConfig, *, key: str | None = None) -> PlanView:
    """The one plan of ``path`` (a document, a graph, a build), under document key ``key``
    if given: every IRI minted from its own key moved to that one (two drafts of one plan
    share their identity, and a comparison needs them apart)."""
    from graph.readback import plans_of_triples
    from graph.resolve import resolve_plan

    if _is_graph(path):
        triples = _graph_triples(path)
        plans = plans_of_triples(triples)
        if key is not None and len(plans) == 1:
            plans = plans_of_triples(_rekeyed(triples, plans[0], key))
        return _only_plan(path, plans)
    documents, _ = read_plans([_document(path)], config)
    if len(documents) != 1:
        raise InputError(f"{path}: give one plan")
    return resolve_plan(documents[0], config if key is None else replace(config, key=key))


def built_graph(path: Path, config: BuildConfig) -> Graph:
    """The graph a user of ``path`` queries: a graph file or a build's directory as it is, a
    plan document built in memory and read back from the very Turtle ``build`` writes for it
    (the same text, so it scores as the built graph.ttl would)."""
    from graph.emit import write_plan
    from graph.query import load_graph, parse_turtle
    from graph.resolve import resolve_plan
    from ontology.iris import IriMinter
    from output.streams import TurtleFile

    if _is_graph(path):
        return load_graph(path)
    documents, _ = read_plans([_document(path)], config)
    buffer = io.StringIO()
    sink = TurtleFile(buffer)
    mint = IriMinter(config.base)
    for document in documents:
        write_plan(sink, resolve_plan(document, config), mint)
    sink.close()
    return parse_turtle(buffer.getvalue(), str(path))


def with_path(message: str, path: Path) -> str:
    """``message`` led by the path it concerns (once)."""
    return message if message.startswith(f"{path}") else f"{path}: {message}"


def _all_plans(path: Path, config: BuildConfig, key: str | None) -> tuple[PlanView, ...]:
    from graph.readback import plans_of_triples
    from graph.store import PlanStore, is_store
    from ontology.iris import IriMinter

    if is_store(path):
        with PlanStore(path, writable=False) as store:
            graph = IriMinter(config.base).document_graph(key) if key is not None else None
            return plans_of_triples(store.triples(graph))
    if _is_graph(path):
        return plans_of_triples(_graph_triples(path))
    return (one_plan(path, config),)


def _store_keys(path: Path, config: BuildConfig) -> list[str]:
    """The document keys of a store's plans (none for anything but a store)."""
    from graph.store import PlanStore, is_store
    from ontology.iris import IriMinter

    if not is_store(path):
        return []
    mint = IriMinter(config.base)
    with PlanStore(path, writable=False) as store:
        return sorted(k for g in store.graphs() if (k := mint.document_key(g)) is not None)


def _is_graph(path: Path) -> bool:
    from graph.query import GRAPH_FORMATS, is_build_directory

    return path.suffix.lower() in GRAPH_FORMATS or is_build_directory(path)


def _document(path: Path) -> Path:
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory but not a build (it holds no graph.ttl); give one plan "
            "or one graph"
        )
    return path


def _graph_triples(path: Path) -> list[TextTriple]:
    from graph.file_triples import text_triples

    return list(text_triples(path))


def _rekeyed(triples: list[TextTriple], plan: PlanView, key: str) -> list[TextTriple]:
    """``triples`` with the plan's IRIs moved from its document key to ``key``."""
    from graph.triples import literal_text
    from ontology.namespaces import DCTERMS

    old, new = plan.iri, plan.iri.removesuffix(plan.key) + key
    identifier = literal_text(key, None, None)

    def moved(term: str) -> str:
        return new + term[len(old) :] if term == old or term.startswith(old + "/") else term

    return [
        (moved(s), p, identifier if (s, p) == (old, DCTERMS.identifier) else moved(o))
        for s, p, o in triples
    ]


def _only_plan(where: Path, plans: tuple[PlanView, ...]) -> PlanView:
    if len(plans) != 1:
        raise InputError(f"{where}: the graph holds {len(plans)} plans; give a graph of one plan")
    return plans[0]
