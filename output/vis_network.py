"""The part of pyvis the map uses, without importing pyvis's module.

``pyvis.network`` imports jsonpickle, IPython and a Jinja environment of its own; the map
needs only what ``pyvis.network.Network`` holds (nodes, edges, options) and hands to a
template (``get_network_data``), and the vis-network files pyvis ships. This module gives
the first with the same names and reads the second from pyvis's installed package directory,
found without running the package (its ``__init__`` imports ``pyvis.network``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from policykg.errors import InternalError

_VIS_NETWORK = ("lib", "vis-9.1.2")


class Network:
    """The network of a map page as ``pyvis.network.Network`` holds it for a template."""

    def __init__(
        self,
        height: str = "600px",
        width: str = "100%",
        directed: bool = False,
        cdn_resources: str = "local",
    ) -> None:
        self.height = height
        self.width = width
        self.directed = directed
        self.cdn_resources = cdn_resources
        self.heading = ""
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.options: dict[str, Any] = {}

    def get_network_data(
        self,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str, str, str, str]:
        """Nodes, edges, heading, height, width and the options as JSON, as pyvis gives them."""
        return (
            self.nodes,
            self.edges,
            self.heading,
            self.height,
            self.width,
            json.dumps(self.options),
        )


@cache
def _pyvis_directory() -> Path:
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise InternalError("pyvis is not installed; reinstall policykg (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


def vis_asset(name: str) -> str:
    """A file of the vis-network release pyvis ships (``vis-network.min.js``, ``.css``)."""
    return _pyvis_directory().joinpath(*_VIS_NETWORK, name).read_text(encoding="utf-8")
