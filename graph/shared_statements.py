"""What a store's default graph says of the things plans share, read and kept beside the
document graphs (``graph.store``): each statement once, dropped when no plan names its
subject any more, and given back with every document that names it."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

__all__ = ["document_quads", "drop_unnamed", "said_of", "shared_named_by"]

_DEFAULT = ox.DefaultGraph()


def said_of(store: ox.Store, node: ox.NamedNode | None) -> bool:
    """Whether the default graph says anything of ``node`` (of anything: None)."""
    return next(iter(store.quads_for_pattern(node, None, None, _DEFAULT)), None) is not None


def shared_named_by(store: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """The shared things a document graph names (those the default graph speaks of)."""
    named = {
        q.object
        for q in store.quads_for_pattern(None, None, None, graph)
        if isinstance(q.object, ox.NamedNode)
    }
    return {node for node in named if said_of(store, node)}


def drop_unnamed(store: ox.Store, candidates: set[ox.NamedNode]) -> None:
    """Drop what the default graph says of the ``candidates`` no graph names any more
    (a plan rebuilt without an office), and then of what only they named."""
    while candidates:
        dropped = [node for node in candidates if not _named_elsewhere(store, node)]
        named_by_them: set[ox.NamedNode] = set()
        for node in dropped:
            for quad in list(store.quads_for_pattern(node, None, None, _DEFAULT)):
                if isinstance(quad.object, ox.NamedNode) and quad.object != node:
                    named_by_them.add(quad.object)
                store.remove(quad)
        candidates = {node for node in named_by_them if said_of(store, node)}
    store.flush()


def document_quads(store: ox.Store, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """A document graph's quads, then the default graph's of the shared things it names
    (and of those they name: an office's issuer)."""
    named: set[ox.NamedNode] = set()
    for quad in store.quads_for_pattern(None, None, None, graph):
        if isinstance(quad.object, ox.NamedNode):
            named.add(quad.object)
        yield quad
    seen = set(named)
    while named:
        found: set[ox.NamedNode] = set()
        for node in named:
            for quad in store.quads_for_pattern(node, None, None, _DEFAULT):
                if isinstance(quad.object, ox.NamedNode) and quad.object not in seen:
                    found.add(quad.object)
                yield quad
        seen |= found
        named = found


def _named_elsewhere(store: ox.Store, node: ox.NamedNode) -> bool:
    """Whether a statement other than the node's own names ``node``."""
    return any(quad.subject != node for quad in store.quads_for_pattern(None, None, node, None))
