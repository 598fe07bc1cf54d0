"""The interactive ownership map: offices and the tasks they answer for, as one offline HTML file.

pyvis holds the network (nodes, edges, options) and ships vis-network; the page is rendered
from our own template with vis-network inlined, so it opens with no network at all. Document
text reaches the page only as JSON inside a script (escaped by Jinja's ``tojson``) or as HTML
text (autoescaped); vis-network shows tooltips as text, never as HTML.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from graph.layout import Box, compact_layout, large_layout
from graph.progress_views import ProgressOverlay, TaskProgress

from .map_status import status_legend, status_node, task_progress

_END_TAG = re.compile(r"</(script|style)", re.IGNORECASE)
_OFFICE_COLOUR = "#2b6cb0"
_FOCUS_COLOUR = "#dd6b20"
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
    "unspecified": "未区分牵头/配合",
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
# The task's legend line while the tasks are coloured by their progress status.
_TASK_BY_STATUS = "任务 (颜色 = 最新进展)"
_TOOLTIP_TARGETS = 6
# Offices and tasks above which a map is laid out the large way (offices by a force layout,
# tasks around them: graph/layout.py) and labels are drawn only once zoomed in to read;
# measured in make bench, stage 4 (docs/performance.md).
LARGE_MAP = 250
# Labels: pixels at zoom 1, and characters a line. A task shows its number and the start of
# its title on two lines at most (the whole title is in its tooltip and panel), so a map of
# about a hundred offices and tasks fits the screen with labels of 12 px or more.
_FONT = 14
_FONT_FACE = "Noto Sans CJK SC, Microsoft YaHei, sans-serif"
_TASK_LINE = 9
_TASK_LINES = 2
_OFFICE_LINE = 8
_DETAIL_LINE = 10
_BOX_MARGIN = 5  # vis-network's default margin inside a box
_LINE_HEIGHT = 1.25  # a label line's height, in font sizes (measured on the example: 17 px)
_LABEL_OFFSET = 6  # pixels between a shape and the label under it
_LARGEST_OFFICE = 60  # a bureau-wide office with 300 tasks must not cover the map
_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},  # laid out in Python (graph/layout.py)
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "edges": {"smooth": False},
    "nodes": {"font": {"face": _FONT_FACE, "size": _FONT}},
}


@dataclass(frozen=True, slots=True)
class MapLegendEntry:
    """One line of the legend: a swatch and what it stands for (``key`` for a switch)."""

    colour: str
    shape: str
    text: str
    key: str = ""


@dataclass(frozen=True, slots=True)
class MapPlan:
    """A plan as the map's selector and legend name it, with its sections."""

    key: str
    name: str
    sections: tuple[MapLegendEntry, ...]


def render_map(
    network: nx.Graph,
    title: str,
    show_details: bool = False,
    progress: Sequence[ProgressOverlay] = (),
) -> str:
    """The HTML page of an ownership network or one of its views (see ``graph.views``).

    Targets, programmes and documents start hidden unless ``show_details``; the legend has a
    switch for every kind of node and every section, sections grouped by plan, and a map of
    several plans a selector that shows one of them. With the ``progress`` of its plans'
    reports, a switch colours the tasks by their latest status instead of their section.
    """
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    plan_names = network.graph.get("plans", {})
    colours = section_colours(network)
    statuses = task_progress(progress) if progress else None
    # Filling pyvis's lists directly: Network.add_node/add_edge are quadratic in graph size.
    net.nodes = [
        _node(node, data, colours, show_details, statuses)
        for node, data in sorted(network.nodes(data=True))
    ]
    net.edges = [_edge(a, b, d, show_details) for a, b, d in sorted(network.edges(data=True))]
    net.options = _OPTIONS
    drawn = sum(1 for _, kind in network.nodes(data="kind") if kind not in DETAIL_KINDS)
    if drawn > LARGE_MAP:
        # Offices by a force layout, tasks around them, and labels drawn only once zoomed in.
        positions = large_layout(network)
        net.options = {
            **_OPTIONS,
            "nodes": {**_OPTIONS["nodes"], "scaling": {"label": {"drawThreshold": 9}}},
        }
    else:
        first = [n["id"] for n in net.nodes if not n.get("hidden")]
        positions = compact_layout(network, {n["id"]: node_box(n) for n in net.nodes}, first)
    for node in net.nodes:
        node["x"], node["y"] = (round(v, 1) for v in positions[node["id"]])
    nodes, edges, _, height, width, options = net.get_network_data()
    present = {d["kind"] for _, d in network.nodes(data=True)}
    kinds = [
        (kind, MapLegendEntry(colour, shape, text), kind not in DETAIL_KINDS or show_details)
        for kind, (shape, colour, text) in _KINDS.items()
        if kind in present
    ]
    roles = {role for *_, role in network.edges(data="role")}
    names_no_units = "task" in present and not present & {"office", "placeholder"}
    focus = [n for n, f in network.nodes(data="focus") if f]
    tasks = [n for n, kind in sorted(network.nodes(data="kind")) if kind == "task"]
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
        plans=_legend_plans(network, colours, plan_names),
        focus=focus[0] if focus else None,
        focus_name=network.graph.get("focus_name", ""),
        status_legend=status_legend(tasks, statuses) if statuses is not None and tasks else [],
        status_period=_one_period(statuses),
        task_by_status=_TASK_BY_STATUS,
        edge_legend=[(role, text) for role, text in _EDGE_LEGEND.items() if role in roles],
        vis_js=Markup(_inline_safe(_vis_asset("vis-network.min.js"))),
        vis_css=Markup(_inline_safe(_vis_asset("vis-network.css"))),
    )


def section_colours(network: nx.Graph) -> dict[str, str]:
    """A colour for each section (by IRI), distinct across every plan of the map: hues a
    golden angle apart, in plan and section order.

    >>> g = nx.Graph()
    >>> g.add_node("t1", kind="task", plan="a", section="s1", section_order=1)
    >>> g.add_node("t2", kind="task", plan="b", section="s2", section_order=1)
    >>> section_colours(g)
    {'s1': 'hsl(20, 65%, 78%)', 's2': 'hsl(158, 65%, 78%)'}
    """
    numbered = {
        (d.get("plan", ""), d.get("section_order", 0), d["section"])
        for _, d in network.nodes(data=True)
        if d.get("kind") == "task" and d.get("section")
    }
    ordered = [section for *_, section in sorted(numbered)]
    return {s: f"hsl({round(20 + 137.508 * i) % 360}, 65%, 78%)" for i, s in enumerate(ordered)}


def _legend_plans(
    network: nx.Graph, colours: dict[str, str], names: dict[str, str]
) -> list[MapPlan]:
    """The plans of the map with their sections, for the legend and the plan selector."""
    sections: dict[str, dict[str, str]] = {}
    for _, data in network.nodes(data=True):
        if data.get("kind") == "task":
            plan = sections.setdefault(data.get("plan", ""), {})
            if data.get("section"):
                plan[data["section"]] = data["section_label"]
    return [
        MapPlan(
            key,
            names.get(key, key),
            tuple(
                MapLegendEntry(colours[s], "box", label, s)
                for s, label in sorted(held.items(), key=lambda item: list(colours).index(item[0]))
            ),
        )
        for key, held in sorted(
            sections.items(), key=lambda item: (names.get(item[0], item[0]), item[0])
        )
    ]


def node_box(node: dict[str, Any]) -> Box:
    """The rectangle a node of the page draws at zoom 1, as vis-network draws it (labels in
    a CJK font: a Chinese character is one font size wide, a digit or letter about 0.6)."""
    size = node.get("font", {}).get("size", _FONT)
    lines = str(node["label"]).split("\n")
    text_width = max(_text_width(line, size) for line in lines)
    text_height = len(lines) * size * _LINE_HEIGHT
    if node["shape"] == "box":
        return Box(text_width + 2 * _BOX_MARGIN + 2, text_height + 2 * _BOX_MARGIN + 2)
    radius = float(node.get("size", 10))
    width = max(2 * radius, text_width + 4)
    height = 2 * radius + _LABEL_OFFSET + text_height
    return Box(width, height, dy=height / 2 - radius)


def _text_width(line: str, size: float) -> float:
    return sum(size if ord(c) > 0x2E7F else 0.6 * size for c in line)


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
    node: str,
    data: dict[str, Any],
    colours: dict[str, str],
    show_details: bool,
    statuses: Mapping[str, TaskProgress] | None,
) -> dict[str, Any]:
    if data["kind"] in DETAIL_KINDS:
        shape, colour, text = DETAIL_KINDS[data["kind"]]
        return {
            "id": node,
            "label": _wrap(data["label"], _DETAIL_LINE),
            "title": f"{text}: {data['label']}",
            "shape": shape,
            "size": 14 if data["kind"] == "section" else 8,
            "color": colour,
            "kind": data["kind"],
            "name": data["label"],
            "hidden": not show_details,
            **({"plan": data["plan"]} if "plan" in data else {}),
        }
    if data["kind"] == "task":
        status = status_node(statuses.get(node)) if statuses is not None else {}
        return {
            "id": node,
            "label": _wrap(data["label"], _TASK_LINE, _TASK_LINES),
            "title": f"任务 {data['number']}: {data['title']}\n部分: {data['section_label'] or '—'}"
            + _targets_line(data.get("targets", []))
            + status.pop("statusLines", ""),
            "shape": "box",
            "color": colours.get(data["section"], "#e2e8f0"),
            "kind": "task",
            "plan": data.get("plan", ""),
            "section": data["section"],
            "sectionLabel": data["section_label"],
            "fields": data.get("fields", []),
            "number": data["number"],
            "order": data["order"],
            "targetRows": data.get("target_rows", []),
            "name": data["title"],
            **status,
        }
    placeholder = data["kind"] == "placeholder"
    kind_name = "泛指" if placeholder else "处室/单位"
    focus = bool(data.get("focus"))
    colour = _PLACEHOLDER_COLOUR if placeholder else _FOCUS_COLOUR if focus else _OFFICE_COLOUR
    return {
        "id": node,
        "label": _wrap(data["label"], _OFFICE_LINE),
        "title": f"{kind_name}: {data['label']}\n负责任务: {data['tasks']} 项"
        + ("\n(本图的焦点处室)" if focus else ""),
        "shape": "diamond" if placeholder else "dot",
        "size": min(round(8 + 5 * math.sqrt(data["tasks"]), 1), _LARGEST_OFFICE),
        "color": colour,
        "borderWidth": 4 if focus else 1,
        "font": {
            "size": _FONT + 2 if focus else _FONT,
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
            # An edge may pass under an office's label: the label keeps a light ground.
            "background": "rgba(255,255,255,0.7)",
            "bold": focus,
        },
        "kind": data["kind"],
        "name": data["label"],
        "aliases": data.get("aliases", []),
        "focus": focus,
    }


def _one_period(statuses: Mapping[str, TaskProgress] | None) -> str:
    """The period every reported task was last reported for, if they share one."""
    periods = {t.period for t in (statuses or {}).values() if t.status is not None}
    return periods.pop() if len(periods) == 1 else ""


def _targets_line(targets: list[str]) -> str:
    if not targets:
        return "\n指标: 无"
    shown = "\n  ".join(targets[:_TOOLTIP_TARGETS])
    more = f"\n  …等 {len(targets)} 项" if len(targets) > _TOOLTIP_TARGETS else ""
    return f"\n指标 ({len(targets)}):\n  {shown}{more}"


def _wrap(text: str, width: int, lines: int | None = None) -> str:
    r"""``text`` in lines of ``width`` characters, at most ``lines`` of them (the last cut
    short with …).

    >>> _wrap("建设城市书房网络群", 4), _wrap("建设城市书房网络群", 4, 2)
    ('建设城市书\n房网络群', '建设城市\n书房网…')
    """
    if lines is None and len(text) > width and len(text) % width == 1:
        width += 1  # no line of one character: a name of 9 is one line, not 8 + 1
    cut = [text[i : i + width] for i in range(0, len(text), width)]
    if lines is not None and len(cut) > lines:
        cut = [*cut[: lines - 1], cut[lines - 1][: width - 1] + "…"]
    return "\n".join(cut)


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
