"""Shared fixtures: the corpus and gold files the repository carries, and built graphs."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import settings
from rdflib import Graph

from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_source
from graph.query import load_graph
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

# CI runs the same examples every time, so a submission passes or fails reproducibly; local
# runs explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
# Real plans and their gold annotations, copied into the repository (tests/corpus/SOURCES.md).
CORPUS = REPO / "tests" / "corpus"
GOLD = REPO / "tests" / "gold"
# The three plans the corpus held first: an annual work plan with labelled fields, a State
# Council opinion with unit brackets, and a long plan that names no unit.
THREE_PLANS = tuple(
    CORPUS / name
    for name in (
        "guowuyuan-consumption-poverty-alleviation-2018.txt",
        "guowuyuan-vocational-education-reform-2019.txt",
        "ningbo-edu-2024.txt",
    )
)
# Debian's chromium, for the tests that look at the pages in a real browser.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
DATA = Path(__file__).resolve().parent / "data"

# Parameters for the named queries that take them: offices and a task of the example.
QUERY_PARAMS = {
    "due-by": {"date": "2025-06-30"},
    "offices-of-task": {"task": "21"},
    "progress-of-office": {"office": "基教处"},
    "shared-tasks": {"office": "基教处", "other": "职教处"},
    "targets-of-office": {"office": "高教处"},
    "tasks-of-office": {"office": "基教处"},
}


def gold(name: str) -> dict[str, Any]:
    """The gold annotation of a corpus document."""
    with (GOLD / f"{name}.gold.json").open(encoding="utf-8") as handle:
        return cast(dict[str, Any], json.load(handle))


def assert_spans_quote_the_text(document: Document) -> None:
    """Every span of the document's tasks and sections is non-empty and quotes its text, and
    task keys are unique."""
    text = document.text
    spans = [t.span for t in document.tasks] + [t.title for t in document.tasks]
    spans += [f.content for t in document.tasks for f in t.fields]
    spans += [u.surface for t in document.tasks for u in t.units]
    spans += [s.title for s in document.sections]
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    assert len({t.key for t in document.tasks}) == len(document.tasks)


def map_file(result: BuildResult) -> Path:
    """The map a build wrote: every build the map tests make is small enough for one."""
    assert result.map_path is not None, "no graph.html: the build was past Limits.map_triples"
    return result.map_path


def parse_file(path: Path) -> Document:
    """Read and parse one document."""
    return parse_source(read_document(path))


@pytest.fixture(scope="session")
def three_plans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the three plans of THREE_PLANS (for builds of a directory)."""
    directory = tmp_path_factory.mktemp("three-plans")
    for path in THREE_PLANS:
        shutil.copyfile(path, directory / path.name)
    return directory


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled example built once into a temporary out/ directory."""
    out = tmp_path_factory.mktemp("out")
    return build([EXAMPLE], out, BuildConfig())


@pytest.fixture(scope="session")
def three_plans_build(
    tmp_path_factory: pytest.TempPathFactory, three_plans_dir: Path
) -> BuildResult:
    """The three plans of THREE_PLANS built together once into a temporary out/ directory."""
    return build([three_plans_dir], tmp_path_factory.mktemp("three-out"), BuildConfig())


@pytest.fixture(scope="session")
def example_graph(example_build: BuildResult) -> Graph:
    """The example's graph as a user would load it: parsed back from graph.ttl."""
    return load_graph(example_build.graph_path)


@pytest.fixture(scope="session")
def ningbo_gold() -> dict[str, Any]:
    """The gold annotation of the example."""
    return gold("ningbo-edu-2024")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless chromium driven by Playwright, for the tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()
