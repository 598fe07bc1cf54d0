"""Minting instance IRIs: deterministic, ASCII-only, never built from raw text.

Structure inside a document is addressed by its numbering (``doc/{key}/task-21``); things
known by a name (an issuer, an office, a programme) by a hash of a normalised form of the name,
so the same name gives the same IRI in every document and no text ever lands in an IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from policykg.errors import InputError

_MARKS = re.compile(r"[“”‘’\"'《》〈〉「」『』]")
_KEY_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# scheme://authority/path/ with no character an IRI may not hold (RFC 3987: space, <>"{}|\^`).
_BASE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://[^\s<>\"{}|\\^`/?#]+(/[^\s<>\"{}|\\^`?#]*)?/$")


def checked_base(base: str) -> str:
    """``base`` as the namespace of minted IRIs (its scheme in lower case, as RFC 3986 writes
    it), or InputError saying what a base must be.

    >>> checked_base("HTTP://example.org/plans/")
    'http://example.org/plans/'
    """
    match = _BASE.match(base) if base.isascii() else None
    if match is None:
        raise InputError(
            f"--base must be an absolute ASCII IRI ending in '/' with no spaces or <>\"{{}}|\\^` "
            f"in it, such as https://example.org/plans/: {base!r}"
        )
    scheme = match.group(1)
    return scheme.lower() + base[len(scheme) :]


def name_key(name: str) -> str:
    """The form of a name that decides identity: NFKC, quote marks dropped, spaces collapsed.

    >>> name_key("“三个课堂”") == name_key("三个课堂")
    True
    """
    key = _MARKS.sub("", unicodedata.normalize("NFKC", name))
    return re.sub(r"\s+", " ", key).strip().lower()


def digest(text: str, length: int = 16) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``text`` (UTF-8).

    >>> digest("")[:8]
    'e3b0c442'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def is_safe_key(key: str) -> bool:
    """Whether ``key`` may stand in an IRI path segment as it is.

    >>> is_safe_key("2024-a1b2"), is_safe_key("工作要点"), is_safe_key("../x")
    (True, False, False)
    """
    return bool(_KEY_SAFE.match(key)) and ".." not in key


class IriMinter:
    """Mints every instance IRI under one base (default ``https://w3id.org/policykg/id/``)."""

    def __init__(self, base: str) -> None:
        self.base = checked_base(base)

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents and their structure
    def plan(self, doc_key: str) -> URIRef:
        return self._iri(f"doc/{doc_key}")

    def document_graph(self, doc_key: str) -> URIRef:
        return self._iri(f"graph/{doc_key}")

    def section(self, doc_key: str, section_key: str) -> URIRef:
        return self._iri(f"doc/{doc_key}/sec-{section_key}")

    def task(self, doc_key: str, task_key: str) -> URIRef:
        return self._iri(f"doc/{doc_key}/task-{task_key}")

    def statement(self, task: URIRef, kind: str) -> URIRef:
        return URIRef(f"{task}/{kind}")

    def responsibility(self, task: URIRef, position: int) -> URIRef:
        return URIRef(f"{task}/resp-{position}")

    # the text and spans of it
    def source_text(self, sha256: str) -> URIRef:
        return self._iri(f"text/{sha256[:20]}")

    def span(self, sha256: str, start: int, end: int) -> URIRef:
        return self._iri(f"text/{sha256[:20]}/span-{start}-{end}")

    def position_selector(self, sha256: str, start: int, end: int) -> URIRef:
        return self._iri(f"text/{sha256[:20]}/pos-{start}-{end}")

    def quote_selector(self, sha256: str, start: int, end: int) -> URIRef:
        return self._iri(f"text/{sha256[:20]}/quote-{start}-{end}")

    def comparison(self, old_key: str, new_key: str) -> URIRef:
        """A comparison of two plans (policykg diff), by their document keys."""
        return self._iri(f"diff/{old_key}--{new_key}")

    def instant(self, iso_date: str) -> URIRef:
        return self._iri(f"instant/{iso_date}")

    # organisations, scoped by name
    def issuer(self, issuer_name: str) -> URIRef:
        return self._iri(f"org/h-{digest(name_key(issuer_name))}")

    def unit(self, issuer: URIRef, unit_name: str) -> URIRef:
        return URIRef(f"{issuer}/unit/h-{digest(name_key(unit_name))}")

    def generic_party(self, issuer: URIRef, surface: str) -> URIRef:
        return URIRef(f"{issuer}/generic/h-{digest(name_key(surface))}")
