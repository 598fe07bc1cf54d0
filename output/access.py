"""Who may ask the server: the ``Host`` and ``Origin`` a request may carry.

A web page the user visits can send requests to a server on the user's machine — a form POST
needs no permission, and a name of the page's own (DNS rebinding) can point at 127.0.0.1. So a
request is answered only when its ``Host`` is the address the server bound (or a name given
with ``--allow-host``) and it comes from no other origin (``Origin``, ``Sec-Fetch-Site``).
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer

__all__ = ["Access"]

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARD = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True, slots=True)
class Access:
    """Which ``Host`` and ``Origin`` a request may carry."""

    names: frozenset[str]
    any_address: bool  # bound to every interface: any IP address names this server
    port: int

    @classmethod
    def of(cls, server: ThreadingHTTPServer, allowed: Iterable[str]) -> Access:
        bound, port = str(server.server_address[0]), int(server.server_address[1])
        names = {bound.lower(), *(name.lower().rstrip(".") for name in allowed)}
        if _is_loopback(bound):
            names |= _LOOPBACK_NAMES
        return cls(frozenset(names), bound in _WILDCARD, port)

    def host_refusal(self, host: str | None) -> str | None:
        """Why a request with this ``Host`` header is refused, or None."""
        if host is None:  # HTTP/1.0 without Host: no browser sends that
            return None
        name = _host_name(host)
        if name in self.names or (self.any_address and _is_address(name)):
            return None
        return (
            f"Host {host!r} is not this server's address; if it is a name of this server, "
            f"start serve with --allow-host {name or 'NAME'}"
        )

    def origin_refusal(self, origin: str | None, fetch_site: str | None) -> str | None:
        """Why a request from this ``Origin`` (or ``Sec-Fetch-Site``) is refused, or None."""
        if fetch_site is not None and fetch_site.lower() == "cross-site":
            return "requests from other sites are refused"
        if origin is None:
            return None
        parts = urllib.parse.urlsplit(origin)
        name = (parts.hostname or "").lower()
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = -1
        same = (name in self.names or (self.any_address and _is_address(name))) and (
            port == self.port or not (_is_loopback(name) or _is_address(name))
        )
        return None if same else f"requests from {origin!r} are refused (another origin)"


def _host_name(host: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"
