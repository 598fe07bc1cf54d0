"""Build settings, frozen once the command line is parsed."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE = "https://w3id.org/policykg/id/"


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """What a build needs beyond the documents themselves.

    ``base`` is the namespace of minted instance IRIs; ``issuer`` and ``year`` override what
    the document text says about who issued it and when; ``key`` replaces the document key
    that would be derived from them (one document's, from a manifest row).
    """

    base: str = DEFAULT_BASE
    issuer: str | None = None
    year: int | None = None
    key: str | None = None
