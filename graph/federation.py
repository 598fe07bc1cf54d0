"""Federated queries (SPARQL ``SERVICE``) are refused unless their host is allowed.

A ``SERVICE <http://host/…>`` clause makes the engine itself send a request to that address
and read the reply into the answer: a query that reaches ``serve`` from a web page the user
visits could make the machine fetch from anything it can reach (its own loopback services,
the local network). Both engines do it, rdflib and Oxigraph, and neither has a switch to stop
it, so every query is read here before either sees it: the target of every ``SERVICE`` is
found and its host compared with the hosts the user allowed (``--allow-service HOST``).

The reading follows the SPARQL grammar's tokens (string literals, IRIs, comments, variables,
names) after the ``\\u`` escapes that SPARQL decodes before parsing, so that no spelling of
the keyword slips through; where it cannot tell (a variable as the service, a prefix it does
not know, a relative IRI without a base), it refuses. A word that merely ends in the keyword
after digits (``1SERVICE``) is taken for it too: refusing a strange query costs less than
fetching.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping

from policykg.errors import InputError

__all__ = ["allowed_hosts", "check_services", "service_targets"]

# SPARQL 1.1 grammar, section 19.8: the tokens whose insides are not read as keywords.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
                |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'
                |"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<word>[\w.\-:%\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"[0-9.eE+\-]*service", re.IGNORECASE)
_FIX = "to allow federated queries to it, add --allow-service {host}"


def allowed_hosts(hosts: Iterable[str]) -> frozenset[str]:
    """The allow-list as given on the command line, checked and folded to lower case.

    >>> sorted(allowed_hosts(["Query.Wikidata.org", "127.0.0.1:7878"]))
    ['127.0.0.1:7878', 'query.wikidata.org']
    """
    checked = set()
    for host in hosts:
        text = host.strip().lower()
        if not text or "/" in text or "@" in text:
            raise InputError(
                f"--allow-service {host!r}: give a host name or address, optionally with a "
                "port (example.org, 127.0.0.1:7878), not a URL"
            )
        checked.add(text)
    return frozenset(checked)


def check_services(query: str, allowed: frozenset[str], prefixes: Mapping[str, str]) -> None:
    """Refuse ``query`` when it names a ``SERVICE`` whose host is not in ``allowed``.

    ``prefixes`` are the ones predeclared for every query (the query's own PREFIX lines
    are read from it).

    >>> check_services("SELECT * { ?s ?p 'SERVICE <http://x/>' }", frozenset(), {})
    >>> check_services("SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    ...                frozenset(), {})
    Traceback (most recent call last):
    ...
    policykg.errors.InputError: SERVICE <http://127.0.0.1:9/x>: federated queries are off; \
to allow federated queries to it, add --allow-service 127.0.0.1
    """
    for target in service_targets(query, prefixes):
        if target.startswith("?") or target.startswith("$"):
            raise InputError(
                f"SERVICE {target}: a service named by a variable cannot be checked before "
                "it runs, so it is refused; name the service's IRI"
            )
        parts = urllib.parse.urlsplit(target)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise InputError(
                f"SERVICE <{target}>: only http and https services with a host can be "
                "allowed; federated queries to anything else are refused"
            )
        with_port = f"{host}:{parts.port}" if parts.port is not None else host
        if host not in allowed and with_port not in allowed:
            raise InputError(
                f"SERVICE <{target}>: federated queries are off; " + _FIX.format(host=host)
            )


def service_targets(query: str, prefixes: Mapping[str, str]) -> Iterator[str]:
    """The IRI (or variable) each ``SERVICE`` of ``query`` names, resolved.

    >>> list(service_targets("PREFIX w: <http://w.org/> SELECT * { service silent w:sparql {} }",
    ...                      {}))
    ['http://w.org/sparql']
    >>> list(service_targets(r"SELECT * { \\u0053ERVICE <http://a/> {} }", {}))
    ['http://a/']
    """
    decoded = _unescaped(query)
    yield from _targets_in(decoded, prefixes)
    if decoded != query:  # read as written too: an engine might not decode first
        yield from _targets_in(query, prefixes)


def _targets_in(query: str, prefixes: Mapping[str, str]) -> Iterator[str]:
    tokens = [
        (match.lastgroup, match.group())
        for match in _TOKEN.finditer(query)
        if match.lastgroup != "comment"
    ]
    known = dict(prefixes)
    base: str | None = None
    for index, (kind, text) in enumerate(tokens):
        following = tokens[index + 1 : index + 4]
        if kind == "word" and text.lower() == "base" and following[:1]:
            base = _iri(following[0][1], base)
        elif kind == "word" and text.lower() == "prefix" and len(following) >= 2:
            name, iri = following[0][1], following[1][1]
            if name.endswith(":") and following[1][0] == "iri":
                known[name[:-1]] = _iri(iri, base) or ""
        elif kind == "word" and _SERVICE_WORD.fullmatch(text):
            yield _target(following, known, base)


def _target(
    following: list[tuple[str | None, str]], prefixes: dict[str, str], base: str | None
) -> str:
    """What a SERVICE keyword is followed by (SILENT skipped), as an absolute IRI."""
    if following and following[0][0] == "word" and following[0][1].lower() == "silent":
        following = following[1:]
    if not following:
        return ""
    kind, text = following[0]
    if kind == "variable":
        return text
    if kind == "iri":
        return _iri(text, base) or text[1:-1]
    if kind == "word" and ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return text


def _iri(token: str, base: str | None) -> str | None:
    """An IRI token resolved against the query's BASE (a relative IRI without one: None)."""
    if not (token.startswith("<") and token.endswith(">")):
        return None
    iri = token[1:-1]
    if urllib.parse.urlsplit(iri).scheme:
        return iri
    return urllib.parse.urljoin(base, iri) if base else None


def _unescaped(query: str) -> str:
    """The query with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes decoded, as SPARQL reads it
    before parsing (an escape that names no character is left as written)."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _UNICODE_ESCAPE.sub(decode, query)
