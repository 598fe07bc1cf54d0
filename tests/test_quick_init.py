"""quick_init gives a frozen dataclass the __init__ dataclasses would, only quicker; a build's
collector set as collection.py says, and left as it was found."""

from __future__ import annotations

import dataclasses
import gc
import inspect

import pytest

from graph import model
from graph.quick_init import quick_init
from policykg.collection import THRESHOLD, collecting_rarely


def _views() -> list[type]:
    return [
        cls
        for cls in vars(model).values()
        if isinstance(cls, type)
        and cls.__module__ == model.__name__
        and dataclasses.is_dataclass(cls)
    ]


def _quick(cls: type) -> bool:
    init = cls.__dict__["__init__"]
    return any(name.startswith("_set_") for name in init.__code__.co_names)


def test_the_views_made_by_the_thousand_are_quick() -> None:
    quick = {cls.__name__ for cls in _views() if _quick(cls)}
    assert {"SpanView", "TargetView", "MentionView", "PartyView", "TaskView"} <= quick


@pytest.mark.parametrize("cls", [c for c in _views() if _quick(c)], ids=lambda c: c.__name__)
def test_a_quick_init_takes_what_the_dataclass_init_takes(cls: type) -> None:
    namespace: dict[str, object] = {"__annotations__": dict(cls.__annotations__)}
    for item in dataclasses.fields(cls):
        if item.default is not dataclasses.MISSING:
            namespace[item.name] = item.default
    plain: type = dataclasses.dataclass(frozen=True, slots=True)(type(cls.__name__, (), namespace))
    assert inspect.signature(cls) == inspect.signature(plain)


def test_a_view_made_quickly_is_the_same_view() -> None:
    span = model.SpanView(3, 7, "教育处")
    assert span == model.SpanView(start=3, end=7, quote="教育处")
    assert hash(span) == hash(model.SpanView(3, 7, "教育处"))
    assert repr(span) == "SpanView(start=3, end=7, quote='教育处')"
    office = model.OfficeView("urn:o", model.OfficeKind.UNIT, "教育处")
    assert (office.aliases, office.issuer, office.formal) == ((), None, False)
    assert dataclasses.replace(office, aliases=("教育局教育处",)).aliases == ("教育局教育处",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.SpanView(3, 7)  # type: ignore[call-arg]


def test_quick_init_refuses_what_it_cannot_do() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    for cls in (NoSlots, Factory):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_a_build_collects_rarely_and_leaves_the_collector_as_it_was() -> None:
    before = gc.get_threshold()
    with collecting_rarely():
        assert gc.get_threshold()[0] == THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
