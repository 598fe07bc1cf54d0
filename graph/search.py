"""Names close to a name that matched nothing: the suggestions of ``是否指：水利处``.

Closeness is rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity over characters,
0–100), which reads Chinese names as they are: 水利 is 80 from 水利处, 水资源 86 from 水资源处.
The map's search box scores names in the browser by the same measure
(``output/templates/map.html.j2``, held to rapidfuzz's numbers by ``tests/test_browser.py``),
so a page and the command line suggest the same names.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["CLOSE_ENOUGH", "closest_names", "suggestion"]

# Below this a name shares too little with the one asked for to be what was meant (水利 and
# 水务处 score 40); within _NEAR_BEST of the best, several names are offered.
CLOSE_ENOUGH = 60.0
_NEAR_BEST = 15.0
_SHOWN = 5


def closest_names(name: str, names: Iterable[str], limit: int = _SHOWN) -> list[str]:
    """The names closest to ``name``, best first (ties by name), none if none is close.

    >>> closest_names("水利", ["水务处", "水利处", "水资源处"])
    ['水利处']
    >>> closest_names("水利资源处", ["水利处", "水资源处", "财务处"])
    ['水资源处', '水利处']
    """
    from rapidfuzz import fuzz, process  # here: only a name that matched nothing needs it

    choices = sorted(set(names))
    scored = process.extract(name, choices, scorer=fuzz.ratio, limit=None)
    scored.sort(key=lambda match: (-match[1], match[0]))
    if not scored or scored[0][1] < CLOSE_ENOUGH:
        return []
    floor = max(CLOSE_ENOUGH, scored[0][1] - _NEAR_BEST)
    return [choice for choice, score, _ in scored if score >= floor][:limit]


def suggestion(kind: str, name: str, names: Iterable[str]) -> str:
    """What to say when no ``kind`` is called ``name``: the closest names, or some of them.

    >>> suggestion("处室", "水利", ["水利处", "水务处"])
    '没有处室“水利”；是否指：水利处'
    >>> suggestion("处室", "审计", ["水利处", "水务处"])
    '没有处室“审计”；处室有：水利处、水务处'
    """
    every = sorted(set(names))
    close = closest_names(name, every)
    if close:
        return f"没有{kind}“{name}”；是否指：{'、'.join(close)}"
    shown = "、".join(every[:20]) + (" …" if len(every) > 20 else "")
    return f"没有{kind}“{name}”；{kind}有：{shown or '(无)'}"
