"""Each package states its public API in ``__all__`` (kept sorted by ruff's RUF022): every
name there resolves, each is defined in our packages, and none is imported before it is used."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = ("extract", "ontology", "graph", "output", "policykg")


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_resolves_to_our_code(name: str) -> None:
    package = importlib.import_module(name)
    exported = package.__all__
    assert len(exported) == len(set(exported)) == len(package._EXPORTS)
    assert set(exported) == set(package._EXPORTS)
    for member in exported:
        value = getattr(package, member)
        defined_in = getattr(value, "__module__", None)
        if defined_in is not None and callable(value):
            assert defined_in.split(".")[0] in PACKAGES, member
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        _ = package.nothing_here


@pytest.mark.parametrize("name", PACKAGES)
def test_importing_a_package_loads_none_of_its_modules(name: str) -> None:
    code = f"import sys, {name}; print(sorted(m for m in sys.modules if m.startswith('{name}.')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded in ("[]", "['policykg.lazy_exports']")  # the one helper every __init__ uses


def test_the_documented_entry_points_are_the_public_ones() -> None:
    import policykg

    assert {"build", "diff_plans", "BuildConfig", "Limits", "InputError"} <= set(policykg.__all__)
    import graph

    assert {"PlanView", "resolve_plan", "write_plan", "plans_of_graph", "PlanStore"} <= set(
        graph.__all__
    )
