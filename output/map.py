"""The interactive ownership map: offices and the tasks they answer for, as one offline HTML file.

pyvis holds the network (nodes, edges, options) and ships vis-network; the page is rendered
from our own template with vis-network inlined, so it opens with no network at all. Document
text reaches the page only as JSON inside a script (escaped by Jinja's ``tojson``) or as HTML
text (autoescaped); vis-network shows tooltips as text, never as HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from graph.layout import large_layout

_SECTION_COLOURS = (
    "#e8a87c",
    "#85cdca",
    "#d5a6e6",
    "#c3e88d",
    "#f6d186",
    "#a0c4ff",
    "#ffadad",
    "#bdb2ff",
    "#9bf6ff",
    "#fdffb6",
    "#caffbf",
    "#ffc6ff",
)
_END_TAG = re.compile(r"</(script|style)", re.IGNORECASE)
_OFFICE_COLOUR = "#2b6cb0"
_PLACEHOLDER_COLOUR = "#a0aec0"
_EDGE_STYLES: dict[str, dict[str, Any]] = {
    "lead": {"color": "#c53030", "width": 3, "dashes": False},
    "supporting": {"color": "#718096", "width": 1, "dashes": True},
    "unspecified": {"color": "#4a5568", "width": 1.5, "dashes": False},
    "involves": {"color": "#cbd5e0", "width": 1, "dashes": True},
    "shared": {"color": "#63b3ed", "dashes": False},
}
_EDGE_LEGEND = {
    "lead": "牵头",
    "supporting": "配合",
    "unspecified": "负责 (未区分牵头/配合)",
    "shared": "共同负责任务 (线宽 = 任务数)",
}
# Details a reader switches on from the legend: kind → (shape, colour, legend text).
DETAIL_KINDS: dict[str, tuple[str, str, str]] = {
    "target": ("triangle", "#dd6b20", "指标"),
    "programme": ("ellipse", "#38a169", "专项/品牌 (“…”)"),
    "document": ("square", "#805ad5", "政策文件 (《…》)"),
    "section": ("star", "#4a5568", "部分 (章节)"),
    "organisation": ("hexagon", "#319795", "提及的组织/机构"),
    "place": ("triangleDown", "#b7791f", "提及的地点"),
}
# Every kind of node, in legend order: kind → (shape, colour, legend text).
_KINDS: dict[str, tuple[str, str, str]] = {
    "office": ("dot", _OFFICE_COLOUR, "处室/单位 (大小 = 负责任务数)"),
    "placeholder": ("diamond", _PLACEHOLDER_COLOUR, "泛指 (如 各相关处室)"),
    "task": ("box", "#e2e8f0", "任务 (颜色 = 所属部分)"),
    **DETAIL_KINDS,
}
_TOOLTIP_TARGETS = 6
# Offices and tasks above which the browser's physics is too slow to wait for, and a layout
# computed in Python draws sooner (measured in make bench, stage 4; docs/performance.md).
LARGE_MAP = 250
_LARGEST_OFFICE = 70  # a bureau-wide office with 300 tasks must not cover the map
_OPTIONS: dict[str, Any] = {
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        "stabilization": {"iterations": 400},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "layout": {"randomSeed": 7},  # the same map on every load
    "edges": {"smooth": False},
}


@dataclass(frozen=True, slots=True)
class MapLegendEntry:
    """One line of the legend: a swatch and what it stands for."""

    colour: str
    shape: str
    text: str


def render_map(network: nx.Graph, title: str, show_details: bool = False) -> str:
    """The HTML page of an ownership network or one of its views (see ``graph.views``).

    Targets, programmes and documents start hidden unless ``show_details``; the legend has a
    switch for every kind of node and every section.
    """
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    numbered = {
        (d.get("section_order", 0), d.get("section", "")) for _, d in network.nodes(data=True)
    }
    sections = [section for _, section in sorted(numbered) if section]
    colours = {s: _SECTION_COLOURS[i % len(_SECTION_COLOURS)] for i, s in enumerate(sections)}
    # Filling pyvis's lists directly: Network.add_node/add_edge are quadratic in graph size.
    net.nodes = [
        _node(node, data, colours, show_details) for node, data in sorted(network.nodes(data=True))
    ]
    net.edges = [_edge(a, b, d, show_details) for a, b, d in sorted(network.edges(data=True))]
    net.options = _OPTIONS
    drawn = sum(1 for _, kind in network.nodes(data="kind") if kind not in DETAIL_KINDS)
    if drawn > LARGE_MAP:
        # Positions from Python, physics off, and labels drawn only once zoomed in to read.
        positions = large_layout(network)
        for node in net.nodes:
            node["x"], node["y"] = (round(v, 1) for v in positions[node["id"]])
        net.options = {
            **_OPTIONS,
            "physics": {"enabled": False},
            "nodes": {"scaling": {"label": {"drawThreshold": 9}}},
        }
    nodes, edges, _, height, width, options = net.get_network_data()
    present = {d["kind"] for _, d in network.nodes(data=True)}
    kinds = [
        (kind, MapLegendEntry(colour, shape, text), kind not in DETAIL_KINDS or show_details)
        for kind, (shape, colour, text) in _KINDS.items()
        if kind in present
    ]
    roles = {role for *_, role in network.edges(data="role")}
    names_no_units = "task" in present and not present & {"office", "placeholder"}
    template = template_environment().get_template("map.html.j2")
    return template.render(
        title=title,
        names_no_units=names_no_units,
        nodes=nodes,
        edges=edges,
        options=Markup(json.dumps(json.loads(options), ensure_ascii=True)),
        height=height,
        width=width,
        kinds=kinds,
        sections=[MapLegendEntry(colour, "box", s) for s, colour in colours.items()],
        edge_legend=[(role, text) for role, text in _EDGE_LEGEND.items() if role in roles],
        vis_js=Markup(_inline_safe(_vis_asset("vis-network.min.js"))),
        vis_css=Markup(_inline_safe(_vis_asset("vis-network.css"))),
    )


def _edge(a: str, b: str, data: dict[str, Any], show_details: bool) -> dict[str, Any]:
    role = data["role"]
    edge = {"from": a, "to": b, "role": role, **_EDGE_STYLES[role]}
    if role == "shared":  # co-ownership: undirected, as wide as the tasks shared
        tasks = data["tasks"]
        edge.update(
            width=1 + 2 * data["weight"],
            arrows={"to": {"enabled": False}},
            title=f"共同负责 {data['weight']} 项任务: " + "、".join(tasks),
            weight=data["weight"],
        )
    else:
        edge.update(
            position=data.get("position", 0), hidden=role == "involves" and not show_details
        )
    return edge


def _node(
    node: str, data: dict[str, Any], colours: dict[str, str], show_details: bool
) -> dict[str, Any]:
    if data["kind"] in DETAIL_KINDS:
        shape, colour, text = DETAIL_KINDS[data["kind"]]
        return {
            "id": node,
            "label": _wrap(data["label"], 12),
            "title": f"{text}: {data['label']}",
            "shape": shape,
            "size": 14 if data["kind"] == "section" else 8,
            "color": colour,
            "kind": data["kind"],
            "hidden": not show_details,
        }
    if data["kind"] == "task":
        return {
            "id": node,
            "label": _wrap(data["label"], 14),
            "title": f"任务 {data['number']}: {data['title']}\n部分: {data['section'] or '—'}"
            + _targets_line(data.get("targets", [])),
            "shape": "box",
            "color": colours.get(data["section"], "#e2e8f0"),
            "kind": "task",
            "section": data["section"],
            "fields": data.get("fields", []),
            "number": data["number"],
            "order": data["order"],
            "targetRows": data.get("target_rows", []),
            "name": data["title"],
        }
    placeholder = data["kind"] == "placeholder"
    kind_name = "泛指" if placeholder else "处室/单位"
    return {
        "id": node,
        "label": data["label"],
        "title": f"{kind_name}: {data['label']}\n负责任务: {data['tasks']} 项",
        "shape": "diamond" if placeholder else "dot",
        "size": min(10 + 3 * data["tasks"], _LARGEST_OFFICE),
        "color": _PLACEHOLDER_COLOUR if placeholder else _OFFICE_COLOUR,
        "font": {"size": 18, "strokeWidth": 3, "strokeColor": "#ffffff"},
        "kind": data["kind"],
        "aliases": data.get("aliases", []),
    }


def _targets_line(targets: list[str]) -> str:
    if not targets:
        return "\n指标: 无"
    shown = "\n  ".join(targets[:_TOOLTIP_TARGETS])
    more = f"\n  …等 {len(targets)} 项" if len(targets) > _TOOLTIP_TARGETS else ""
    return f"\n指标 ({len(targets)}):\n  {shown}{more}"


def _wrap(text: str, width: int) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def _inline_safe(code: str) -> str:
    """Code that cannot close the <script> or <style> element it is inlined in."""
    return _END_TAG.sub(lambda m: "<\\/" + m.group(1), code)


def _vis_asset(name: str) -> str:
    return resources.files(pyvis).joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")


def template_environment() -> Environment:
    """Our templates, autoescaped: document text is HTML-escaped wherever it lands."""
    return Environment(
        loader=PackageLoader("output", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
