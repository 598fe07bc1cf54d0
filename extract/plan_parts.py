"""Which parts of a plan commit to action: for plans that name no responsible unit anywhere.

Such a plan (国家职业教育改革实施方案 names none) still has tasks: its numbered measures under
主要任务, 重点任务 … or, where no part is titled so, under every part but 指导思想, 基本原则,
目标 and 保障措施 (shared/gold/GUIDELINES.md). The words are data: ``[parts]`` in
``extract/data/fields.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .lexicon import load_data


@dataclass(frozen=True, slots=True)
class _Words:
    action: tuple[str, ...]
    nothing: tuple[str, ...]


@cache
def _words() -> _Words:
    data = load_data("fields.toml")["parts"]
    return _Words(tuple(data["action"]), tuple(data["nothing"]))


def is_action_part(title: str) -> bool:
    """Whether a part's title says it holds the plan's tasks (三、主要任务).

    >>> is_action_part("主要任务"), is_action_part("完善国家职业教育制度体系")
    (True, False)
    """
    return any(word in title for word in _words().action)


def commits_to_nothing(title: str, is_part: bool) -> bool:
    """Whether an item commits to nothing: a part whose title holds a word such as 指导思想 or
    保障措施, or a measure whose title starts or ends with one.

    >>> commits_to_nothing("做好改革组织实施工作", True), commits_to_nothing("工作目标", False)
    (True, True)
    >>> commits_to_nothing("完善目标考核机制", False), commits_to_nothing("重点任务", True)
    (False, False)
    """
    words = _words().nothing
    if is_action_part(title):
        return False
    if is_part:
        return any(word in title for word in words)
    return title.startswith(words) or title.endswith(words)
