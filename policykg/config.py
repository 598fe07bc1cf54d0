"""Build settings, frozen once the command line is parsed."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE = "https://w3id.org/policykg/id/"


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """What a build needs beyond the documents themselves.

    ``base`` is the namespace of minted instance IRIs; ``issuer`` and ``year`` override what
    the document text says about who issued it and when.
    """

    base: str = DEFAULT_BASE
    issuer: str | None = None
    year: int | None = None
