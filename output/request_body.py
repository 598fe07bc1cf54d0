"""A request's body, read within the server's limits: one declared length, no chunks, no more
than the cap, and no longer than the read timeout lets a silent client hold a thread.

A body past the cap is read and dropped, up to a bound, so that the client, still sending,
hears the 413 rather than a reset connection; past the bound the connection is cut.
"""

from __future__ import annotations

from email.message import Message
from http import HTTPStatus
from io import BufferedIOBase

__all__ = ["length_refusal", "read_body"]

_MAX_DISCARDED_BYTES = 64_000_000
_DISCARD_CHUNK = 1 << 16


def length_refusal(
    headers: Message, max_body: int, rfile: BufferedIOBase
) -> tuple[HTTPStatus, str] | None:
    """Why the body is not read, from its headers (a body past the cap is dropped)."""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        return HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length"
    declared = headers.get_all("Content-Length") or []
    if not declared:
        return HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header"
    if len(set(declared)) > 1 or not (declared[0].isascii() and declared[0].isdigit()):
        shown = ", ".join(declared)
        return (
            HTTPStatus.BAD_REQUEST,
            f"Content-Length must be one whole number of bytes, not {shown!r}",
        )
    length = int(declared[0])
    if length > max_body:
        _discard(rfile, length)
        return (
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"the query is longer than {max_body:,} bytes",
        )
    return None


def read_body(rfile: BufferedIOBase, length: int) -> bytes:
    """Up to ``length`` bytes of the body: fewer when the client fell silent (read timeout)."""
    data = b""
    try:
        while len(data) < length and (chunk := rfile.read1(length - len(data))):
            data += chunk
    except TimeoutError:
        pass
    return data


def _discard(rfile: BufferedIOBase, length: int) -> None:
    """Read and drop a body of ``length`` bytes (up to _MAX_DISCARDED_BYTES)."""
    left = min(length, _MAX_DISCARDED_BYTES)
    try:
        while left > 0 and (chunk := rfile.read(min(left, _DISCARD_CHUNK))):
            left -= len(chunk)
    except TimeoutError:
        pass
