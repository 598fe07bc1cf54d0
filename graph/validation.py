"""Check a graph against the policykg SHACL shapes with pySHACL, and report readably.

Plan by plan: pySHACL's time grows faster than the graph (one plan 3.7 s, five 80 s, twenty
past 14 minutes: its SPARQL constraints and its checks of each focus node read a graph that
holds every plan), while no shape relates one plan to another. So the graph is cut into one
graph per plan — the plan's own nodes (its IRI and its source text's, and every IRI below
them) with the shared nodes they name (offices, issuers, programmes, places: whatever they
lead to), and the shared nodes alone — each validated on its own, and the findings put
together (once each: a shared office is checked with every plan that names it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
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
    task: str | None = None  # the task the finding is about (任务 1 激发…), where there is one
    task_order: tuple[str, int] = ("", 0)  # its plan and number, to list findings task by task


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
    shapes, vocabulary = load_shapes(), load_vocabulary()
    findings: set[Finding] = set()
    for part in plan_graphs(graph):
        findings.update(_findings(part, graph, shapes, vocabulary, language))
    ordered = sorted(
        findings,
        key=lambda f: (
            f.severity != "Violation",
            f.task is None,
            f.task_order,
            f.message,
            f.focus,
            f.path or "",
            f.value or "",
        ),
    )
    conforms = not any(f.severity == "Violation" for f in ordered)
    return ValidationReport(conforms=conforms, findings=tuple(ordered))


def _findings(
    part: Graph, graph: Graph, shapes: Graph, vocabulary: Graph, language: str
) -> Iterator[Finding]:
    """The findings of pySHACL on one part of the graph (labels read from the whole)."""
    # The vocabulary is merged in (not passed as ont_graph, which pySHACL mixes in only when
    # it infers): sh:class checks need its typed concepts (pk:Measures a pk:DocumentType).
    combined = Graph()
    combined += part
    combined += vocabulary
    _, results, _ = pyshacl.validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        value = results.value(result, SH.value)
        task = next(
            (t for node in (value, focus) if (t := _task_of(graph, node)) is not None), None
        )
        yield Finding(
            severity=_local_name(severity) if severity is not None else "Violation",
            message=_message(shapes, results, result, language),
            focus=str(focus),
            focus_label=_label(graph, focus),
            path=_text(results.value(result, SH.resultPath)),
            value=_described(graph, value),
            task=_label(graph, task) if task is not None else None,
            task_order=_task_order(graph, task) if task is not None else ("", 0),
        )


# How far a finding's node is followed back to the task that holds it (a span, the
# responsibility it is the evidence of, the task), and how many nodes one step may reach
# (the text node is named by every span: no task is near it).
_STEPS_TO_TASK = 3
_WIDEST_STEP = 32


def _task_of(graph: Graph, node: Node | None) -> URIRef | None:
    """The task ``node`` belongs to: a task itself, a node whose IRI is below a task's, or
    one a few links away (a span is the evidence of a responsibility of the task); None when
    no task is near (the shared nodes: offices, the source text)."""
    if not isinstance(node, URIRef):
        return None
    frontier, seen = [node], {node}
    for _ in range(_STEPS_TO_TASK + 1):
        found = sorted(
            {t for n in frontier if (t := _task_above(graph, n)) is not None},
            key=lambda t: _task_order(graph, t),
        )
        if found:
            return found[0]
        linked = {s for n in frontier for s in graph.subjects(None, n) if isinstance(s, URIRef)}
        frontier = sorted(linked - seen, key=str)
        if not frontier or len(frontier) > _WIDEST_STEP:
            return None
        seen.update(frontier)
    return None


def _task_above(graph: Graph, node: URIRef) -> URIRef | None:
    """The task whose IRI is ``node``'s or one above it (``…/task-3/resp-1`` → ``…/task-3``)."""
    text = str(node)
    cut = len(text)
    while cut > 0:
        candidate = URIRef(text[:cut])
        if (candidate, RDF.type, PK.Task) in graph:
            return candidate
        cut = text.rfind("/", 0, cut)
    return None


def _task_order(graph: Graph, task: URIRef) -> tuple[str, int]:
    """A task's plan and its number in it, so findings read task by task."""
    plan = graph.value(task, PK.inPlan)
    number = graph.value(task, PK.taskNumber)
    try:
        position = int(str(number)) if number is not None else 0
    except ValueError:
        position = 0
    return (str(plan or ""), position)


def plan_graphs(graph: Graph) -> Iterator[Graph]:
    """``graph`` cut into one graph per plan (its own nodes and the shared nodes they lead
    to) and one of the shared nodes alone; a graph of no plan is itself."""
    roots: dict[str, str] = {}
    for plan in graph.subjects(RDF.type, PK.WorkPlan):
        roots[str(plan)] = str(plan)
        for text in graph.objects(plan, PK.sourceText):
            roots[str(text)] = str(plan)
    if len(set(roots.values())) <= 1:
        yield graph
        return
    owned: dict[str | None, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for triple in graph:
        owned[_owner(str(triple[0]), roots)].append(triple)
    shared = owned.pop(None, [])
    about: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for triple in shared:
        about[triple[0]].append(triple)
    for triples in owned.values():
        part = Graph()
        for triple in triples:
            part.add(triple)
        waiting = [o for _, _, o in triples if o in about]
        reached: set[Node] = set()
        while waiting:
            node = waiting.pop()
            if node in reached:
                continue
            reached.add(node)
            for triple in about[node]:
                part.add(triple)
                if triple[2] in about:
                    waiting.append(triple[2])
        yield part
    alone = Graph()
    for triple in shared:
        alone.add(triple)
    yield alone


def _owner(subject: str, roots: dict[str, str]) -> str | None:
    """The plan whose node ``subject`` is (a root, or an IRI below one), or None (shared).

    >>> _owner("http://x/doc/a/task-1/span", {"http://x/doc/a": "P"}), _owner("http://x/org/o", {})
    ('P', None)
    """
    cut = len(subject)
    while cut > 0:
        plan = roots.get(subject[:cut])
        if plan is not None:
            return plan
        cut = subject.rfind("/", 0, cut)
    return None


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
