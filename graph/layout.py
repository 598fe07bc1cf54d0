"""Positions for large maps, computed once in Python so the browser need not simulate physics.

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
from collections.abc import Hashable
from itertools import combinations

import networkx as nx

PARTY_KINDS = ("office", "placeholder")
# networkx's spring layout needs scipy from 500 nodes on; beyond that offices go on a circle.
_SPRING_LIMIT = 499
# Offices of one task joined pair by pair up to this many; more are joined through the task.
_PAIRED = 8
_TASK_GAP = 40.0  # pixels between neighbouring tasks on a ring
_DETAIL_RING = 45.0


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
