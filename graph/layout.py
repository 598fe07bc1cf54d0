"""Positions for maps, computed once in Python so the browser need not simulate physics, and
no two nodes overlap.

Every map is laid out here (``compact_layout``): a force layout (networkx's spring layout of
the offices, tasks and their links) says where each node would like to be, squeezed to about
the area the nodes themselves cover, then the nodes are placed one by one, busiest first, each
at the free spot nearest its wish along a spiral (the greedy placement word clouds use; an
overlap-removal pass after layout, as Gephi's Noverlap is, that cannot jam). Measured in
Chromium on 2 cores (docs/performance.md): vis-network's own physics took 7.7 s to settle the
example (55 nodes) and left 4 pairs of nodes overlapping at a zoom of 0.43 (labels 6 px);
this layout takes about 0.1 s and leaves none, at a zoom of about 1.3. The page only frames it.

Large maps:

vis-network's physics needs ~30 s in Chromium on 2 cores to settle a map of 150 offices and
2,000 tasks, and networkx's spring layout of the whole bipartite graph ~12 s here. Offices are
few and tasks hang off them, so only the offices get a force layout (of the co-ownership
graph, where shared tasks pull offices together); each task then sits at the centre of its
offices, tasks with the same offices on a ring around that point, and details (targets,
programmes, documents) on a small ring around their task.

A task shared by a few offices pulls each pair of them together; one shared by many (a task
listing 5,000 units) would make millions of pairs (141 s and 3.4 GB), so its offices are
tied to a node of its own instead, which pulls them together as well, in as many edges as
they are.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

__all__ = ["Box", "compact_layout", "large_layout", "place_apart"]

PARTY_KINDS = ("office", "placeholder")
# networkx's spring layout needs scipy from 500 nodes on; beyond that offices go on a circle.
_SPRING_LIMIT = 499
# Offices of one task joined pair by pair up to this many; more are joined through the task.
_PAIRED = 8
_TASK_GAP = 40.0  # pixels between neighbouring tasks on a ring
_DETAIL_RING = 45.0


# Pixels kept free between two nodes' boxes, and the least stride of the spiral a node walks
# to find room.
GAP = 10.0
_SPIRAL_STEP = 6.0
_GRID = 64.0  # the cell of the index of placed boxes
_ASPECT = 1.5  # a map is wider than high: the screen beside the legend is
_SECTION_PULL = 0.2  # a task's spring to its section, against 1 to each of its offices
_DENSITY = 1.0  # the force layout squeezed to about the area its nodes cover


@dataclass(frozen=True, slots=True)
class Box:
    """The rectangle a node draws, in pixels: ``dy`` is how far the box's centre lies below the
    node's position (a circle's label hangs under it)."""

    width: float
    height: float
    dy: float = 0.0


def compact_layout(
    network: nx.Graph, boxes: Mapping[str, Box], first: Iterable[str]
) -> dict[str, tuple[float, float]]:
    """Deterministic x, y for every node with a box, no two boxes overlapping.

    ``first`` are the nodes shown at the start (offices, tasks; in a full view the details
    too): they are laid out by their links and placed apart. The others (details behind the
    legend's switches) go on rings around their task, as on a large map: a spiral search
    for room for each of a few hundred of them costs seconds, and they are seen together
    only when a reader asks for them.
    """
    shown = sorted(set(first) & set(boxes))
    core = nx.Graph()
    core.add_nodes_from(shown)
    core.add_edges_from((a, b) for a, b in network.edges() if a in core and b in core)
    springs = _with_anchors(network, core)
    layout = nx.spring_layout(springs, seed=7, iterations=300) if shown else {}
    wishes = _squeezed({n: layout[n] for n in shown}, boxes)
    busiest = sorted(shown, key=lambda n: (-core.degree(n), n))
    placed = place_apart(wishes, boxes, busiest)
    rest = sorted(set(boxes) - set(placed))
    by_anchor: dict[str, list[str]] = defaultdict(list)
    for node in rest:
        by_anchor[_anchor(network, node, placed)].append(node)
    for anchor, members in sorted(by_anchor.items()):
        centre = placed.get(anchor, (0.0, 0.0))
        placed.update(_ring(members, centre, _DETAIL_RING / 2, first_radius=_DETAIL_RING * 1.5))
    return placed


def _with_anchors(network: nx.Graph, core: nx.Graph) -> nx.Graph:
    """The nodes to lay out and their links, with an unseen anchor for each section and plan:
    a task hangs by a weak spring from its section, a section from its plan, so a plan's
    tasks stay together and a task no office answers for sits with its section instead of
    drifting to the edge of the map."""
    springs = nx.Graph()
    springs.add_nodes_from(core)
    springs.add_edges_from(core.edges(), weight=1.0)
    for node in core:
        data = network.nodes[node]
        if data.get("kind") != "task" or not data.get("plan"):
            continue
        plan, section = f"plan:{data['plan']}", f"section:{data.get('section') or data['plan']}"
        alone = core.degree(node) == 0
        springs.add_edge(node, section, weight=1.0 if alone else _SECTION_PULL)
        springs.add_edge(section, plan, weight=_SECTION_PULL)
    return springs


def _squeezed(
    layout: Mapping[str, object], boxes: Mapping[str, Box]
) -> dict[str, tuple[float, float]]:
    """A spring layout (coordinates in [-1, 1]) stretched to the area its nodes cover."""
    if not layout:
        return {}
    points = {n: (float(p[0]), float(p[1])) for n, p in layout.items()}  # type: ignore[index]
    area = sum(boxes[n].width * boxes[n].height for n in points) / _DENSITY
    height = math.sqrt(area / _ASPECT)
    xs, ys = [p[0] for p in points.values()], [p[1] for p in points.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: ((x - cx) / span_x * height * _ASPECT, (y - cy) / span_y * height)
        for n, (x, y) in points.items()
    }


def _anchor(network: nx.Graph, node: str, placed: Mapping[str, tuple[float, float]]) -> str:
    """The node a detail hangs by: the first of its neighbours already placed."""
    return next((other for other in sorted(_neighbours(network, node)) if other in placed), "")


def place_apart(
    wishes: Mapping[str, tuple[float, float]],
    boxes: Mapping[str, Box],
    order: Iterable[str],
    placed: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Each node of ``order`` at the free spot nearest its wish, ``GAP`` pixels from every box
    placed before it (``placed`` too, which stay where they are).

    >>> boxes = {n: Box(100, 40) for n in "abc"}
    >>> spots = place_apart({n: (0.0, 0.0) for n in "abc"}, boxes, "abc")
    >>> spots["a"], len({spots[n] for n in "abc"})
    ((0.0, 0.0), 3)
    """
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    at: dict[str, tuple[float, float]] = {}

    def cells(node: str, x: float, y: float) -> Iterable[tuple[int, int]]:
        box = boxes[node]
        half_w, half_h, cy = box.width / 2 + GAP, box.height / 2 + GAP, y + box.dy
        for gx in range(math.floor((x - half_w) / _GRID), math.floor((x + half_w) / _GRID) + 1):
            for gy in range(
                math.floor((cy - half_h) / _GRID), math.floor((cy + half_h) / _GRID) + 1
            ):
                yield gx, gy

    def free(node: str, x: float, y: float) -> bool:
        box = boxes[node]
        for cell in cells(node, x, y):
            for other in grid[cell]:
                ox, oy = at[other]
                theirs = boxes[other]
                if (
                    abs(ox - x) < (box.width + theirs.width) / 2 + GAP
                    and abs(oy + theirs.dy - y - box.dy) < (box.height + theirs.height) / 2 + GAP
                ):
                    return False
        return True

    def put(node: str, x: float, y: float) -> None:
        at[node] = (x, y)
        for cell in cells(node, x, y):
            grid[cell].append(node)

    for node, (x, y) in (placed or {}).items():
        put(node, x, y)
    new: dict[str, tuple[float, float]] = {}
    for node in order:
        x0, y0 = wishes.get(node, (0.0, 0.0))
        # An Archimedean spiral whose arms lie a quarter of the node's sides apart, walked in
        # steps of that length: a big node looks for room in big strides.
        box = boxes[node]
        spacing = max((box.width + box.height) / 4, _SPIRAL_STEP)
        x, y, turn = x0, y0, 0.0
        while not free(node, x, y):
            radius = spacing * turn / (2 * math.pi)
            turn += spacing / max(radius, spacing)
            x = x0 + radius * math.cos(turn) * _ASPECT
            y = y0 + radius * math.sin(turn)
        put(node, x, y)
        new[node] = (round(x, 1), round(y, 1))
    return new


def large_layout(network: nx.Graph) -> dict[str, tuple[float, float]]:
    """Deterministic x, y (in pixels) for every node of an ownership network."""
    parties = sorted(n for n, d in network.nodes(data=True) if d["kind"] in PARTY_KINDS)
    tasks = sorted(
        (n for n, d in network.nodes(data=True) if d["kind"] == "task"),
        key=lambda n: (network.nodes[n].get("order", 0), n),
    )
    owners = {
        task: sorted(p for p in _neighbours(network, task) if p in set(parties)) for task in tasks
    }
    spread = _TASK_GAP * math.sqrt(max(len(tasks), 1)) * 4
    positions = _party_positions(parties, owners, spread)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for task in tasks:
        groups[tuple(owners[task])].append(task)
    for group, members in groups.items():
        if group:
            cx = sum(positions[p][0] for p in group) / len(group)
            cy = sum(positions[p][1] for p in group) / len(group)
        else:  # tasks nobody answers for gather below the map
            cx, cy = 0.0, spread * 1.2
        positions.update(_ring(members, (cx, cy), _TASK_GAP, first_radius=_TASK_GAP))
    for task in tasks:
        details = sorted(n for n in _neighbours(network, task) if n not in positions)
        positions.update(
            _ring(details, positions[task], _DETAIL_RING / 3, first_radius=_DETAIL_RING)
        )
    for node in sorted(set(network) - set(positions)):  # anything left (none in our views)
        positions[node] = (0.0, 0.0)
    return positions


def _party_positions(
    parties: list[str], owners: dict[str, list[str]], spread: float
) -> dict[str, tuple[float, float]]:
    if len(parties) <= _SPRING_LIMIT:
        layout = nx.spring_layout(_sharing(parties, owners), seed=7, iterations=200, scale=spread)
    else:
        layout = nx.circular_layout(parties, scale=spread)
    return {node: (float(layout[node][0]), float(layout[node][1])) for node in parties}


def _sharing(parties: list[str], owners: dict[str, list[str]]) -> nx.Graph:
    """Who shares tasks with whom: offices weighted by the tasks they share, the offices of a
    task of many joined through a node for the task (edges as many as its offices)."""
    weights: Counter[tuple[Hashable, str]] = Counter()
    for task, group in owners.items():
        if len(group) <= _PAIRED:
            weights.update(combinations(group, 2))
        else:
            weights.update((("task", task), party) for party in group)
    shared = nx.Graph()
    shared.add_nodes_from(parties)
    shared.add_weighted_edges_from((a, b, weight) for (a, b), weight in weights.items())
    return shared


def _ring(
    members: list[str], centre: tuple[float, float], gap: float, first_radius: float
) -> dict[str, tuple[float, float]]:
    """Members on concentric rings around ``centre``, ``gap`` apart along each ring."""
    placed: dict[str, tuple[float, float]] = {}
    radius, index = first_radius, 0
    while index < len(members):
        room = max(1, int(2 * math.pi * radius / gap))
        batch = members[index : index + room]
        for i, member in enumerate(batch):
            angle = 2 * math.pi * i / len(batch)
            placed[member] = (
                centre[0] + radius * math.cos(angle),
                centre[1] + radius * math.sin(angle),
            )
        index += room
        radius += gap
    return placed


def _neighbours(network: nx.Graph, node: str) -> list[str]:
    if network.is_directed():
        return [*network.successors(node), *network.predecessors(node)]
    return list(network.neighbors(node))
