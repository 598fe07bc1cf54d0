"""Build settings, frozen once the command line is parsed."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_BASE = "https://w3id.org/policykg/id/"


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes at which a build changes how it works. Each has a reason in
    docs/performance.md; tests set smaller ones to reach those paths with small inputs.

    ``map_triples``: past this many triples, a build writes graph.ttl alone (no map, report
    or registers: one page of a province's plans helps nobody, and its model would not fit).
    ``long_text``: a document of more characters is written as its tasks are read, its
    details never held at once. ``long_literal``: literals of more characters are set aside
    from a store's N-Triples (Oxigraph's parser reads at most 16 MiB of one line).
    ``window_per_worker``: documents in flight or waiting to be taken, per worker.
    """

    map_triples: int = 500_000
    long_text: int = 1_000_000
    long_literal: int = 1 << 20
    window_per_worker: int = 4


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
