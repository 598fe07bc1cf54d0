"""Build settings, frozen once the command line is parsed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

DEFAULT_BASE = "https://w3id.org/policykg/id/"
# Every limit can be set for a run by an environment variable: POLICYKG_ and its name in
# capitals (POLICYKG_MAX_FILE_BYTES=500000000).
LIMIT_VARIABLE_PREFIX = "POLICYKG_"


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes at which a build changes how it works, and the most any one input may hold.
    Each has a reason in docs/performance.md; tests set smaller ones to reach those paths
    with small inputs; a user raises one with its environment variable (``variable``).

    ``map_triples``: past this many triples, a build writes graph.ttl alone (no map, report
    or registers: one page of a province's plans helps nobody, and its model would not fit).
    ``long_text``: a document of more characters is written as its tasks are read, its
    details never held at once. ``long_literal``: literals of more characters are set aside
    from a store's N-Triples (Oxigraph's parser reads at most 16 MiB of one line).
    ``window_per_worker``: documents in flight or waiting to be taken, per worker.

    What one document may hold, so that a tiny file cannot take the machine (a 37 KB .docx
    spanning a cell over 300 million columns, a 2 MB zip bomb, a 2.5 KB PDF drawing 2 million
    characters): ``max_file_bytes`` read from a file (a 52 MB plan is the largest in the
    benchmarks); ``max_unzipped_bytes``, what a .docx holds once unzipped (its declared
    sizes, which Python's zip reader never reads past); ``max_table_cells`` in the tables of
    a .docx or web page, spans counted; ``max_pdf_pages``; ``max_pdf_page_objects``, the
    characters and path segments one PDF page draws (a dense page of text has ~5,000);
    ``max_html_depth``, how deeply a web page's elements nest (its parser reads at most 255
    levels and silently drops the rest: so deeper pages are refused).
    """

    map_triples: int = 500_000
    long_text: int = 1_000_000
    long_literal: int = 1 << 20
    window_per_worker: int = 4
    max_file_bytes: int = 256 << 20
    max_unzipped_bytes: int = 256 << 20
    max_table_cells: int = 1_000_000
    max_pdf_pages: int = 5_000
    max_pdf_page_objects: int = 200_000
    max_html_depth: int = 255

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable that sets the limit ``name``.

        >>> Limits.variable("max_file_bytes")
        'POLICYKG_MAX_FILE_BYTES'
        """
        return LIMIT_VARIABLE_PREFIX + name.upper()

    def refusal(self, name: str, found: str) -> str:
        """The end of an error message for an input past the limit ``name``: what was found,
        the limit, and how to raise it.

        >>> Limits().refusal("max_pdf_pages", "6,000 pages").split(";")[0]
        '6,000 pages: more than the limit of 5,000 (max_pdf_pages)'
        """
        return (
            f"{found}: more than the limit of {getattr(self, name):,} ({name}); raise it with "
            f"the environment variable {self.variable(name)}=…"
        )

    def from_environment(self, environment: Mapping[str, str] | None = None) -> Limits:
        """These limits with those the environment sets (``POLICYKG_MAX_FILE_BYTES``…)."""
        environment = os.environ if environment is None else environment
        changed: dict[str, int] = {}
        for limit in fields(self):
            text = environment.get(self.variable(limit.name))
            if text is None:
                continue
            try:
                value = int(text.replace("_", ""))
            except ValueError:
                value = 0
            if value < 1:
                raise ValueError(
                    f"{self.variable(limit.name)}={text!r}: a limit is a whole number above 0"
                )
            changed[limit.name] = value
        return replace(self, **changed)


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """What a build needs beyond the documents themselves.

    ``base`` is the namespace of minted instance IRIs; ``issuer`` and ``year`` override what
    the document text says about who issued it and when; ``key`` replaces the document key
    that would be derived from them (one document's, from a manifest row); ``limits`` the
    sizes at which the build changes how it works.
    """

    base: str = DEFAULT_BASE
    issuer: str | None = None
    year: int | None = None
    key: str | None = None
    limits: Limits = field(default_factory=Limits)
