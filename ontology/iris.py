"""Minting instance IRIs: deterministic, ASCII-only, never built from raw text.

Structure inside a document is addressed by its numbering (``doc/{key}/task-21``); things
known by a name (an issuer, an office, a programme) by a hash of a normalised form of the name,
so the same name gives the same IRI in every document and no text ever lands in an IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from policykg.errors import InputError

_MARKS = re.compile(r"[“”‘’\"'《》〈〉「」『』]")
_KEY_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# scheme://authority/path/ with no character an IRI may not hold (RFC 3987: space, <>"{}|\^`).
# The first path segments of the IRIs of shared things (issuer, unit, generic_party,
# programme, policy_document, place, instant below).
_SHARED_KINDS = ("org", "programme", "policydoc", "place", "instant")
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


@lru_cache(maxsize=1 << 16)
def name_digest(name: str) -> str:
    """The digest that stands for a name in IRIs: the same for every printed form of it.

    Remembered: a plan names the same offices and programmes task after task, and each
    digest normalises the name and hashes it.

    >>> name_digest("“三个课堂”") == name_digest("三个课堂")
    True
    """
    return digest(name_key(name))


def is_safe_key(key: str) -> bool:
    """Whether ``key`` may stand in an IRI path segment as it is.

    >>> is_safe_key("2024-a1b2"), is_safe_key("工作要点"), is_safe_key("../x")
    (True, False, False)
    """
    return bool(_KEY_SAFE.match(key)) and ".." not in key


class IriMinter:
    """Mints every instance IRI under one base (default ``https://w3id.org/policykg/id/``).

    IRIs are plain strings: a file sink writes them as they are, an rdflib graph wraps them.
    Every pattern of an instance IRI is here, and nowhere else.
    """

    def __init__(self, base: str) -> None:
        self.base = checked_base(base)

    # documents and their structure
    def plan(self, doc_key: str) -> str:
        return f"{self.base}doc/{doc_key}"

    def document_graph(self, doc_key: str) -> str:
        """The named graph of a plan in a store."""
        return f"{self.base}graph/{doc_key}"

    def document_key(self, graph: str) -> str | None:
        """The document key of a plan's named graph, or None for another IRI."""
        prefix = f"{self.base}graph/"
        return graph[len(prefix) :] if graph.startswith(prefix) else None

    def shared_nodes(self) -> tuple[str, ...]:
        """How the IRIs of things several plans name begin: issuers with their offices and
        placeholders, programmes, policy documents, places and days. A store states what
        is said of them once, in its default graph, not again in every plan's graph."""
        return tuple(f"{self.base}{kind}/" for kind in _SHARED_KINDS)

    def section(self, doc_key: str, section_key: str) -> str:
        return f"{self.base}doc/{doc_key}/sec-{section_key}"

    def task(self, doc_key: str, task_key: str) -> str:
        return f"{self.base}doc/{doc_key}/task-{task_key}"

    def goal(self, plan: str, start: int) -> str:
        """A goal block of a plan (发展目标: …), by where its text starts."""
        return f"{plan}/goal-{start}"

    def statement(self, task: str, kind: str) -> str:
        return f"{task}/{kind}"

    def responsibility(self, task: str, position: int) -> str:
        return f"{task}/resp-{position}"

    def target(self, owner: str, start: int, end: int) -> str:
        """A target of a task or plan, by the span of its number."""
        return f"{owner}/target-{start}-{end}"

    def mention(self, task: str, start: int, end: int) -> str:
        return f"{task}/mention-{start}-{end}"

    def document_action(self, task: str, verb_start: int, end: int) -> str:
        return f"{task}/docaction-{verb_start}-{end}"

    # the text and spans of it
    def source_text(self, sha256: str) -> str:
        return f"{self.base}text/{sha256[:20]}"

    def spans(self, sha256: str) -> SpanMinter:
        """The minter of the spans of one text (its prefix made once)."""
        return SpanMinter(self.source_text(sha256))

    def span(self, sha256: str, start: int, end: int) -> str:
        return self.spans(sha256).span(start, end)

    def position_selector(self, sha256: str, start: int, end: int) -> str:
        return self.spans(sha256).selectors(start, end)[0]

    def quote_selector(self, sha256: str, start: int, end: int) -> str:
        return self.spans(sha256).selectors(start, end)[1]

    def comparison(self, old_key: str, new_key: str) -> str:
        """A comparison of two plans (policykg diff), by their document keys."""
        return f"{self.base}diff/{old_key}--{new_key}"

    def change(self, comparison: str, number: int) -> str:
        """One change of a comparison, by its place in the list."""
        return f"{comparison}/change-{number}"

    # progress reports laid over a plan
    def progress_report(self, doc_key: str, report_key: str) -> str:
        """A progress report on a plan, by the plan's key and a digest of the report's text."""
        return f"{self.plan(doc_key)}/progress-{report_key}"

    def progress_graph(self, doc_key: str, report_key: str) -> str:
        """The named graph of a progress report in a store: beside, not among, the plans'."""
        return f"{self.base}progress-graph/{doc_key}/{report_key}"

    def progress_statement(self, report: str, start: int, end: int) -> str:
        """What a report says of one task, by the span of its row or paragraph."""
        return f"{report}/statement-{start}-{end}"

    def reported_value(self, statement: str, start: int, end: int) -> str:
        """A quantity a statement reports, by the span of its number."""
        return f"{statement}/value-{start}-{end}"

    def instant(self, iso_date: str) -> str:
        return f"{self.base}instant/{iso_date}"

    # things known by a name
    def issuer(self, issuer_name: str) -> str:
        """An organisation (an issuer, a national body, one a plan mentions), by its name."""
        return f"{self.base}org/h-{name_digest(issuer_name)}"

    def unit(self, issuer: str, unit_name: str) -> str:
        return f"{issuer}/unit/h-{name_digest(unit_name)}"

    def generic_party(self, issuer: str, surface: str) -> str:
        return f"{issuer}/generic/h-{name_digest(surface)}"

    def programme(self, name: str) -> str:
        return f"{self.base}programme/h-{name_digest(name)}"

    def policy_document(self, name: str) -> str:
        return f"{self.base}policydoc/h-{name_digest(name)}"

    def place(self, code: str | None, name: str) -> str:
        """A place by its code (cn-330281, iso-RO) where known, else by its name."""
        return f"{self.base}place/{code or 'h-' + name_digest(name)}"


class SpanMinter:
    """Mints the IRIs of the spans of one text, and of their position and quote selectors.

    Made once per text: a plan's writer mints some 10,000 span IRIs, each under the same
    prefix (the text's IRI)."""

    __slots__ = ("_prefix",)

    def __init__(self, text_iri: str) -> None:
        self._prefix = text_iri + "/"

    def span(self, start: int, end: int) -> str:
        return f"{self._prefix}span-{start}-{end}"

    def selectors(self, start: int, end: int) -> tuple[str, str]:
        """The position selector's IRI and the quote selector's."""
        prefix, where = self._prefix, f"{start}-{end}"
        return f"{prefix}pos-{where}", f"{prefix}quote-{where}"
