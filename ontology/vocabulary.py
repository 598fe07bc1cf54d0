"""Where the vocabulary and the shapes ship, and loading them on request."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph


def vocabulary_text() -> str:
    """The OWL vocabulary (policykg.ttl) as Turtle."""
    return resources.files("ontology").joinpath("policykg.ttl").read_text(encoding="utf-8")


def shapes_text() -> str:
    """The SHACL shapes (shapes.ttl) as Turtle."""
    return resources.files("ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def load_vocabulary() -> Graph:
    """The vocabulary as an rdflib graph."""
    return Graph().parse(data=vocabulary_text(), format="turtle")


def load_shapes() -> Graph:
    """The shapes as an rdflib graph."""
    return Graph().parse(data=shapes_text(), format="turtle")
