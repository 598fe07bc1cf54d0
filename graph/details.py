"""Triples for what a task's text commits to (targets) and names (mentions).

A target records its number where its comparator says (a floor in ``schema:minValue``, a cap
in ``schema:maxValue``, a range in both, anything else in ``schema:value``), its unit, metric,
cue words, deadline and baseline, and the statement it is stated in. A mention is a located
occurrence (``pk:Mention``) of a shared entity: programmes and policy documents by normalised
name, Chinese places by GB/T 2260 code, countries by ISO code, central bodies by canonical
name, and an organisation that is one of the issuer's units by that unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from rdflib import URIRef

from extract.records import Comparator, Cue, Mention, MentionKind, Span, Target
from ontology.iris import digest, name_key
from ontology.terms import DCTERMS, ORG, PK, RDF, SCHEMA, SKOS, TIME, XSD

from .triples import Lit, TripleWriter

COMPARATORS: dict[Comparator, URIRef] = {
    Comparator.AT_LEAST: PK.AtLeast,
    Comparator.MORE_THAN: PK.MoreThan,
    Comparator.AT_MOST: PK.AtMost,
    Comparator.LESS_THAN: PK.LessThan,
    Comparator.EQUAL: PK.Equal,
    Comparator.APPROX: PK.Approximately,
    Comparator.RANGE: PK.Range,
    Comparator.INCREASE_BY: PK.IncreaseBy,
    Comparator.DECREASE_BY: PK.DecreaseBy,
    Comparator.FULL_COVERAGE: PK.FullCoverage,
}
_FLOORS = (Comparator.AT_LEAST, Comparator.MORE_THAN)
_CAPS = (Comparator.AT_MOST, Comparator.LESS_THAN)
_CUES = {
    Cue.QUOTATION_MARKS: PK.QuotationMarks,
    Cue.BOOK_TITLE_MARKS: PK.BookTitleMarks,
    Cue.GAZETTEER: PK.Gazetteer,
    Cue.SUFFIX_RULE: PK.SuffixRule,
}
_SHORTCUTS = {
    MentionKind.PROGRAMME: PK.involvesProgramme,
    MentionKind.POLICY_DOCUMENT: PK.involvesPolicyDocument,
    MentionKind.ORGANIZATION: PK.mentionsOrganization,
    MentionKind.PLACE: PK.mentionsPlace,
}
_PLACE_TYPES = {"country": SCHEMA.Country, "region": SCHEMA.Place}


def write_targets(
    writer: TripleWriter,
    task: URIRef,
    targets: Iterable[Target],
    statement_of: Callable[[Span], URIRef],
) -> None:
    """Add a task's targets."""
    for target in targets:
        anchor = target.value_text or target.span
        node = URIRef(f"{task}/target-{anchor.start}-{anchor.end}")
        writer.add(task, PK.hasTarget, node)
        writer.add(node, RDF.type, PK.Target)
        writer.add(node, PK.statedIn, statement_of(target.span))
        metric = target.metric.text if target.metric else target.span.text
        writer.add(node, PK.metricText, writer.zh(metric))
        writer.add(node, PK.comparator, COMPARATORS[target.comparator])
        if target.change_bound is not None:
            writer.add(node, PK.changeBound, COMPARATORS[target.change_bound])
        if target.comparator.is_change:
            writer.add(node, PK.changeMeasure, PK.UnspecifiedChange)
        if target.cue:
            writer.add(node, PK.comparatorCue, writer.plain(target.cue))
        _numbers(writer, node, target)
        if target.unit is not None:
            writer.add(node, SCHEMA.unitText, writer.plain(target.unit))
        if target.value_text is not None:
            writer.add(node, PK.valueText, writer.plain(target.value_text.text))
        if target.implied:
            writer.add(node, PK.valueImplied, writer.typed("true", XSD.boolean))
        if target.deadline is not None and target.deadline_date is not None:
            write_deadline(writer, node, target.deadline, target.deadline_date)
        if target.baseline is not None:
            writer.add(node, PK.baselineText, writer.plain(target.baseline.text))
        writer.evidence(node, target.span)


def decimal_lexical(value: Decimal) -> str:
    """An xsd:decimal in its canonical form (XSD 1.1: no exponent, no trailing zeros, no
    point for a whole number), the form stores such as Oxigraph keep: a graph read back from
    a store, or from its Turtle, holds the very same term as the one written.

    >>> [decimal_lexical(Decimal(v)) for v in ("12000", "12000.0", "0.3333", "1.50", "-0.0")]
    ['12000', '12000', '0.3333', '1.5', '0']
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_deadline(writer: TripleWriter, node: URIRef, written: Span, when: date) -> None:
    """A deadline on a task or target: the day as a ``time:Instant`` and the words."""
    instant = writer.mint.instant(when.isoformat())
    writer.add(node, PK.deadline, instant)
    writer.add(node, PK.deadlineText, writer.plain(written.text))
    writer.add_shared(instant, RDF.type, TIME.Instant)
    writer.add_shared(instant, TIME.inXSDDate, writer.typed(when.isoformat(), XSD.date))


def _numbers(writer: TripleWriter, node: URIRef, target: Target) -> None:
    def decimal(number: Decimal) -> Lit:
        return writer.typed(decimal_lexical(number), XSD.decimal)

    value = decimal(target.value)
    if target.comparator is Comparator.RANGE and target.upper is not None:
        writer.add(node, SCHEMA.minValue, value)
        writer.add(node, SCHEMA.maxValue, decimal(target.upper))
    elif target.comparator in _FLOORS:
        writer.add(node, SCHEMA.minValue, value)
    elif target.comparator in _CAPS:
        writer.add(node, SCHEMA.maxValue, value)
    else:
        writer.add(node, SCHEMA.value, value)


def write_mentions(
    writer: TripleWriter,
    task: URIRef,
    mentions: Iterable[Mention],
    statement_of: Callable[[Span], URIRef],
    known_unit: Callable[[str], URIRef | None],
) -> None:
    """Add a task's mentions, the entities they refer to and planned document actions."""
    for mention in mentions:
        entity = _entity(writer, mention, known_unit)
        node = URIRef(f"{task}/mention-{mention.span.start}-{mention.span.end}")
        writer.add(task, PK.hasMention, node)
        writer.add(node, RDF.type, PK.Mention)
        writer.add(node, PK.refersTo, entity)
        writer.add(node, PK.statedIn, statement_of(mention.span))
        writer.add(node, PK.extractionCue, _CUES[mention.cue])
        writer.evidence(node, mention.span)
        writer.add_shared(task, _SHORTCUTS[mention.kind], entity)
        if mention.action is not None:
            verb = mention.action.verb
            action = URIRef(f"{task}/docaction-{verb.start}-{mention.span.end}")
            writer.add(task, PK.hasDocumentAction, action)
            writer.add(action, RDF.type, PK.PolicyDocumentAction)
            writer.add(action, SCHEMA.object, entity)
            writer.add(action, PK.actionType, PK[mention.action.kind])
            writer.add(action, PK.actionCue, writer.plain(verb.text))
            writer.add(action, SCHEMA.actionStatus, SCHEMA.PotentialActionStatus)
            writer.add(action, PK.statedIn, statement_of(verb))
            writer.evidence(action, Span.of(writer.text, verb.start, mention.span.end + 1))


def _entity(
    writer: TripleWriter, mention: Mention, known_unit: Callable[[str], URIRef | None]
) -> URIRef:
    base, label, add = writer.mint.base, writer.zh(mention.name), writer.add_shared
    if mention.kind is MentionKind.PROGRAMME:
        node = URIRef(f"{base}programme/h-{digest(name_key(mention.name))}")
        add(node, RDF.type, PK.NamedProgramme)
        add(node, SKOS.prefLabel, label)
        return node
    if mention.kind is MentionKind.POLICY_DOCUMENT:
        node = URIRef(f"{base}policydoc/h-{digest(name_key(mention.name))}")
        add(node, RDF.type, PK.PolicyDocument)
        add(node, DCTERMS.title, label)
        if mention.kind_detail is not None:
            add(node, DCTERMS.type, PK[mention.kind_detail])
        return node
    if mention.kind is MentionKind.ORGANIZATION:
        unit = known_unit(mention.name)
        if unit is not None:
            return unit
        node = writer.mint.issuer(mention.name)
        add(node, RDF.type, ORG.Organization)
        if mention.kind_detail == "central":
            add(node, RDF.type, ORG.FormalOrganization)
    else:
        key = mention.key or f"h-{digest(name_key(mention.name))}"
        node = URIRef(f"{base}place/{key}")
        add(node, RDF.type, SCHEMA.Place)
        add(node, RDF.type, _PLACE_TYPES.get(mention.kind_detail or "", SCHEMA.AdministrativeArea))
        if mention.key and mention.key.startswith("cn-"):
            add(node, SKOS.notation, writer.plain(mention.key[3:]))
    add(node, SKOS.prefLabel, label)
    if mention.span.text != mention.name:
        add(node, SKOS.altLabel, writer.zh(mention.span.text))
    return node
