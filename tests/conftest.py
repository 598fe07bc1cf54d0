"""Shared fixtures: the corpus and gold files beside the repository, and built graphs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from rdflib import Graph

from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_plan
from graph.query import load_graph
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

# CI runs the same examples every time, so a submission passes or fails reproducibly; local
# runs explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYKG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
DATA = Path(__file__).resolve().parent / "data"


def gold(name: str) -> dict[str, Any]:
    """The gold annotation of a corpus document."""
    with (GOLD / f"{name}.gold.json").open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def parse_file(path: Path) -> Document:
    """Read and parse one document."""
    return parse_plan(read_document(path).text)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled example built once into a temporary out/ directory."""
    out = tmp_path_factory.mktemp("out")
    return build([EXAMPLE], out, BuildConfig())


@pytest.fixture(scope="session")
def example_graph(example_build: BuildResult) -> Graph:
    """The example's graph as a user would load it: parsed back from graph.ttl."""
    return load_graph(example_build.graph_path)


@pytest.fixture(scope="session")
def ningbo_gold() -> dict[str, Any]:
    """The gold annotation of the example."""
    return gold("ningbo-edu-2024")
