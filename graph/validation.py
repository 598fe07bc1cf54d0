"""Check a graph against the policykg SHACL shapes with pySHACL, and report readably."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import PK, RDF, SH, SKOS
from ontology.vocabulary import load_shapes, load_vocabulary


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of validation: how bad, what is wrong, on which node, with which value."""

    severity: str
    message: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Whether the graph conforms, and every violation, warning and note found."""

    conforms: bool
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        """How many findings have the given severity (Violation, Warning, Info)."""
        return sum(1 for f in self.findings if f.severity == severity)


def validate(graph: Graph, language: str = "zh") -> ValidationReport:
    """Validate ``graph`` against the shapes; messages in ``language`` where the shapes have it.

    Only violations make a graph non-conforming; warnings are reported but do not.
    """
    shapes = load_shapes()
    # The vocabulary is merged in (not passed as ont_graph, which pySHACL mixes in only when
    # it infers): sh:class checks need its typed concepts (pk:Measures a pk:DocumentType).
    combined = Graph()
    combined += graph
    combined += load_vocabulary()
    _, results, _ = pyshacl.validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        findings.append(
            Finding(
                severity=_local_name(severity) if severity is not None else "Violation",
                message=_message(shapes, results, result, language),
                focus=str(focus),
                focus_label=_label(graph, focus),
                path=_text(results.value(result, SH.resultPath)),
                value=_described(graph, results.value(result, SH.value)),
            )
        )
    findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.message))
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms=conforms, findings=tuple(findings))


def _message(shapes: Graph, results: Graph, result: Node, language: str) -> str:
    """The result's message in ``language``, else English, else whatever there is.

    pySHACL drops the language tags of SPARQL-constraint messages, so the tagged messages are
    read from the constraint or shape in the shapes graph that produced the result.
    """
    messages = [
        message
        for source in (SH.sourceConstraint, SH.sourceShape)
        for node in results.objects(result, source)
        for message in shapes.objects(node, SH.message)
        if isinstance(message, Literal)
    ]
    messages += [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for wanted in (language, "en", None):
        for message in messages:
            if message.language == wanted:
                return str(message)
    return str(messages[0]) if messages else "constraint not met"


def _label(graph: Graph, node: Node | None) -> str | None:
    if not isinstance(node, URIRef):
        return None
    label = graph.value(node, SKOS.prefLabel)
    number = graph.value(node, SKOS.notation)
    if (node, RDF.type, PK.Task) in graph and label is not None:
        return f"任务 {number} {label}" if number is not None else str(label)
    return str(label) if label is not None else None


def _described(graph: Graph, node: Node | None) -> str | None:
    """A value as text, with the label of the node it names where it has one."""
    label = _label(graph, node)
    text = _text(node)
    return f"{label} <{text}>" if label and text else text


def _text(node: Node | None) -> str | None:
    if node is None:
        return None
    text = str(node)
    return text if len(text) <= 80 else text[:77] + "…"


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
