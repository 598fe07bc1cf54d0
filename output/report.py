"""The report (out/report.html): the office × section heat-map, offices ranked by load, the
target register (sortable), tasks without unit or target, and counts. One static file,
offline, every piece of document text escaped by Jinja's autoescaping."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.matrix import load_matrix
from graph.registers import office_register, target_register
from ontology.namespaces import ORG, PK

from .map import template_environment


def render_report(graph: Graph, title: str) -> str:
    """The report of a graph as HTML."""
    matrix = load_matrix(graph)
    peak = max(matrix.counts.values(), default=1)
    tasks = sorted(
        (str(graph.value(t, SKOS.notation)), str(graph.value(t, SKOS.prefLabel)), t)
        for t in graph.subjects(RDF.type, PK.Task)
    )
    without_unit = [
        (n, label)
        for n, label, t in tasks
        if not any(
            (p, RDF.type, ORG.Organization) in graph for p in graph.objects(t, PK.responsibleParty)
        )
    ]
    without_target = [(n, label) for n, label, t in tasks if (t, PK.hasTarget, None) not in graph]
    counts = {
        "plans": len(set(graph.subjects(RDF.type, PK.WorkPlan))),
        "tasks": len(tasks),
        "offices": len([o for o in office_register(graph) if o.kind == "office"]),
        "targets": len(set(graph.subjects(RDF.type, PK.Target))),
        "programmes": len(set(graph.objects(None, PK.involvesProgramme))),
        "documents": len(set(graph.objects(None, PK.involvesPolicyDocument))),
    }
    plans = sorted(
        str(t)
        for p in graph.subjects(RDF.type, PK.WorkPlan)
        for t in graph.objects(p, DCTERMS.title)
    )
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            plans=plans,
            counts=counts,
            matrix=matrix,
            peak=peak,
            offices=office_register(graph),
            targets=target_register(graph),
            # A plan that assigns nothing: its tasks are listed, and the page says why.
            names_no_units=bool(tasks) and (None, PK.responsibleParty, None) not in graph,
            without_unit=sorted(without_unit, key=lambda r: _order(r[0])),
            without_target=sorted(without_target, key=lambda r: _order(r[0])),
        )
    )


def _order(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (10**9, number)
