"""Named queries shipped with policykg (graph/queries/*.rq), for the questions users ask.

Each file starts with comment lines: the first says what the query answers; ``# zh: …`` says
it in Chinese (the query page's form); lines of the form ``# param NAME: meaning`` declare its
parameters (``# param NAME@zh: …`` for a value bound as a literal in that language, as names
are stored: the store then finds it through its index instead of comparing every label;
``# param NAME^^xsd:date: …`` for a day, YYYY-MM-DD, checked before the query runs and bound as
an ``xsd:date``;
``# param NAME@zh [office]: …`` for a value that names a thing of that kind, so the page offers
the graph's names of it and a near miss is answered with the closest: ``NAME_KINDS``).
Parameters are bound as variables of the query (``?office``), never pasted into its text, so
no value can change what the query does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from policykg.errors import InputError, InternalError

from .query import Bindings, Param, QueryResult
from .search import suggestion

_PARAM = re.compile(
    r"#\s*param\s+(?P<name>[A-Za-z_]\w*)"
    r"(?:@(?P<language>[a-z]{2,3})|\^\^xsd:(?P<datatype>date))?"
    r"(?:\s*\[(?P<kind>[a-z]+)\])?\s*:\s*(?P<meaning>.*)"
)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CHINESE = re.compile(r"#\s*zh\s*:\s*(?P<text>.*)")


@dataclass(frozen=True, slots=True)
class NameKind:
    """A kind of thing a parameter names: its word in Chinese (处室) and the query that lists
    every name of it in a graph (one column, ``?name``)."""

    word: str
    names_query: str


# The kinds a parameter may name. An office (a unit that answers for a task, not an
# organisation a task mentions) is found by any of its names, so all are offered.
NAME_KINDS: dict[str, NameKind] = {
    "office": NameKind(
        "处室",
        "SELECT DISTINCT ?name WHERE { ?t pk:responsibleParty ?o . ?o a org:Organization . "
        "{ ?o skos:prefLabel ?name } UNION { ?o skos:altLabel ?name } } ORDER BY ?name",
    ),
    "task": NameKind(
        "任务",
        "SELECT DISTINCT ?name WHERE { ?t a pk:Task ; skos:notation ?name } ORDER BY ?name",
    ),
}


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A shipped query: its name, what it answers, its parameters and its SPARQL."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str
    languages: tuple[tuple[str, str], ...] = ()  # parameters bound as literals in a language
    kinds: tuple[tuple[str, str], ...] = ()  # parameters that name a thing of a NAME_KINDS kind
    chinese: str = ""  # what the query answers, in Chinese
    datatypes: tuple[tuple[str, str], ...] = ()  # parameters bound as typed literals (date)

    def bindings(self, given: dict[str, str]) -> dict[str, str | Param]:
        """The parameter values for a run, checked against the declared parameters."""
        declared = [name for name, _ in self.params]
        unknown = sorted(set(given) - set(declared))
        if unknown:
            choices = ", ".join(declared) or "none"
            names = ", ".join(unknown)
            raise InputError(
                f"query '{self.name}' has no parameter {names}; its parameters: {choices}"
            )
        missing = [name for name in declared if name not in given]
        if missing:
            usage = " ".join(f"--param {name}=…" for name in missing)
            raise InputError(f"query '{self.name}' needs {usage}")
        languages, datatypes = dict(self.languages), dict(self.datatypes)
        bound: dict[str, str | Param] = {}
        for name, value in given.items():
            if name in datatypes:
                bound[name] = Param(self._checked_date(name, value), datatype=_XSD + "date")
            elif name in languages:
                bound[name] = Param(value, languages[name])
            else:
                bound[name] = value
        return bound

    def _checked_date(self, name: str, value: str) -> str:
        """A day as YYYY-MM-DD, or an error that says how to write it."""
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise InputError(
                f"query '{self.name}': --param {name}={value!r} is not a day; "
                f"write it as YYYY-MM-DD (--param {name}=2025-06-30)"
            ) from None


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query by name."""
    queries = {}
    for entry in sorted(
        resources.files("graph").joinpath("queries").iterdir(), key=lambda e: e.name
    ):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        matches = [m for line in comments if (m := _PARAM.match(line))]
        params = tuple((m["name"], m["meaning"].strip()) for m in matches)
        languages = tuple((m["name"], m["language"]) for m in matches if m["language"])
        kinds = tuple((m["name"], m["kind"]) for m in matches if m["kind"])
        datatypes = tuple((m["name"], m["datatype"]) for m in matches if m["datatype"])
        name = entry.name.removesuffix(".rq")
        unknown = sorted({kind for _, kind in kinds} - set(NAME_KINDS))
        if unknown:
            raise InternalError(f"{entry.name}: no kind of name {', '.join(unknown)}")
        plain = [c for c in comments if not _PARAM.match(c) and not _CHINESE.match(c)]
        description = plain[0].lstrip("# ").strip() if plain else ""
        chinese = next((m["text"].strip() for c in comments if (m := _CHINESE.match(c))), "")
        queries[name] = NamedQuery(
            name, description, params, text, languages, kinds, chinese or description, datatypes
        )
    return queries


def named_query(name: str) -> NamedQuery:
    """The shipped query of that name."""
    queries = named_queries()
    if name not in queries:
        raise InputError(f"no named query '{name}'; choose one of: {', '.join(sorted(queries))}")
    return queries[name]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs from the command line.

    >>> parse_params(["office=教育处", "other=a=b"])
    {'office': '教育处', 'other': 'a=b'}
    """
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InputError(f"--param takes NAME=VALUE, not {pair!r}")
        params[name.strip()] = value
    return params


QueryRunner = Callable[[str, Bindings], QueryResult]


def kind_names(kind: NameKind, run: QueryRunner) -> list[str]:
    """Every name of ``kind`` in the graph that ``run`` queries, sorted."""
    return [str(row[0]) for row in run(kind.names_query, {}).rows if row[0] is not None]


def unknown_name(query: NamedQuery, given: Mapping[str, str], run: QueryRunner) -> str | None:
    """What to say when a parameter's value is no name of its kind in the graph ``run``
    queries: the closest names, as ``graph.search.suggestion`` offers them; None when every
    value is a name.

    >>> from rdflib import Literal
    >>> offices = QueryResult(("name",), ((Literal("水利处"),), (Literal("水务处"),)))
    >>> unknown_name(named_query("tasks-of-office"), {"office": "水利"}, lambda q, b: offices)
    '没有处室“水利”；是否指：水利处'
    >>> unknown_name(named_query("tasks-of-office"), {"office": "水利处"}, lambda q, b: offices)
    """
    for param, kind_name in query.kinds:
        value = given.get(param)
        if value is None:
            continue
        kind = NAME_KINDS[kind_name]
        known = kind_names(kind, run)
        if value not in known:
            return suggestion(kind.word, value, known)
    return None
