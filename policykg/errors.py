"""The exception tree of policykg.

Every error policykg raises on purpose is a ``PolicyKGError``:

- ``InputError``: the input cannot be used as given — a missing, empty, binary or undecodable
  file, a document whose layout does not parse, malformed SPARQL, an unknown output format, an
  unwritable output directory. The message says what, where and how to fix it. The CLI prints it
  as one ``Error: …`` line and exits with status 1.
  ``DocumentError``, a kind of it, concerns one document of a corpus: that document is
  reported and the others are built.
- ``InternalError``: a bug in policykg. The CLI prints one line and exits with status 3.

Third-party exceptions are wrapped where they occur (``raise InputError(...) from exc``), so
nothing else escapes the stages.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class of every error policykg raises on purpose."""


class InputError(PolicyKGError):
    """The input (document, query, option, output location) cannot be used as given."""


class DocumentError(InputError):
    """One document of several cannot be taken as it is (a store refuses its graph): it is
    reported and the others are built."""


class InternalError(PolicyKGError):
    """Something that should not happen happened: a bug in policykg."""
