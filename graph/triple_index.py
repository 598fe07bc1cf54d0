"""A graph's triples gathered by subject, as plain strings, and their literals read as the
values the vocabulary says they hold: what the readers of the model (``graph.readback``,
``graph.progress_reader``) look facts up in, from an rdflib graph or a store's quads alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from ontology.namespaces import RDF
from policykg.errors import InputError

from .triples import TextTriple, lexical_of

__all__ = ["Triples", "date_of", "decimal_of", "int_of"]

_Value = TypeVar("_Value", int, Decimal, date)


class Triples:
    """A graph's triples by subject: ``one(s, p)``, ``all(s, p)``, ``typed(t)``."""

    def __init__(self, triples: Iterable[TextTriple]) -> None:
        self._by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._by_type: dict[str, list[str]] = defaultdict(list)
        rdf_type = str(RDF.type)
        for s, p, o in triples:
            # Which predicate holds an IRI and which a literal is the vocabulary's to say:
            # objects are kept as their plain text.
            value = lexical_of(o) if o[:1] == '"' else o
            self._by_subject[s][p].append(value)
            if p == rdf_type:
                self._by_type[o].append(s)

    def all(self, subject: str, predicate: str) -> list[str]:
        """Every object of ``subject``'s ``predicate``, sorted (a graph is a set)."""
        found = self._by_subject.get(subject)
        return sorted(found.get(predicate, ())) if found else []

    def one(self, subject: str, predicate: str) -> str | None:
        """The object of ``subject``'s ``predicate`` (the least, if several)."""
        found = self._by_subject.get(subject)
        values = found.get(predicate) if found else None
        return min(values) if values else None

    def types(self, subject: str) -> set[str]:
        """The rdf:types of ``subject``."""
        return set(self.all(subject, str(RDF.type)))

    def typed(self, rdf_type: str) -> list[str]:
        """Every subject of one type, sorted."""
        return sorted(set(self._by_type.get(rdf_type, ())))


def int_of(text: str | None) -> int | None:
    """``text`` read as an integer (None for no text)."""
    return _parsed(text, int, "an integer")


def decimal_of(text: str | None) -> Decimal | None:
    """``text`` read as a number (None for no text)."""
    return _parsed(text, Decimal, "a number")


def date_of(text: str | None) -> date | None:
    """``text`` (an xsd:date, or the date of an xsd:dateTime) read as a date (None for no
    text)."""
    return _parsed(text[:10] if text else text, date.fromisoformat, "a date")


def _parsed(text: str | None, parse: Callable[[str], _Value], what: str) -> _Value | None:
    """``text`` read as a value of the kind the vocabulary says (None for no text)."""
    if text is None:
        return None
    try:
        return parse(text)
    except (ValueError, InvalidOperation) as exc:
        raise InputError(f"not {what} where the graph needs one: {text!r}") from exc
