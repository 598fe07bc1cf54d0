"""Frozen dataclasses made about as fast as plain ones.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` looked up
anew for every field (its own ``__setattr__`` refuses). A build makes some 170,000 views per
million triples, a third of them spans, and that lookup was a tenth of resolving them
(docs/performance.md). ``quick_init`` gives a frozen, slotted dataclass an ``__init__`` of
the same signature that sets each slot through its descriptor, bound once.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["quick_init"]

_Class = TypeVar("_Class", bound=type)


def quick_init(cls: _Class) -> _Class:
    """``cls`` (a frozen dataclass with slots, no ``__post_init__``, no default factories)
    with a quicker ``__init__``; put it above ``@dataclass``."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init cannot call __post_init__")
    names: dict[str, Any] = {}
    arguments, body = [], []
    for item in dataclasses.fields(cls):
        if not item.init or item.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: quick_init sets every field as given")
        names[f"_set_{item.name}"] = cls.__dict__[item.name].__set__
        if item.default is dataclasses.MISSING:
            arguments.append(item.name)
        else:
            names[f"_default_{item.name}"] = item.default
            arguments.append(f"{item.name}=_default_{item.name}")
        body.append(f"    _set_{item.name}(self, {item.name})")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "\n".join(body or ["    pass"])
    exec(source, names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    generated = cls.__dict__["__init__"]
    init.__doc__ = generated.__doc__
    init.__annotations__ = dict(generated.__annotations__)
    type.__setattr__(cls, "__init__", init)
    return cls
