"""A new user's first steps: the README's commands in a clean copy of the repository, every
command with relative paths, and one graph whichever way it is built."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from graph.validation import validate

from .conftest import CORPUS, EXAMPLE, REPO
from .test_push import OXIGRAPH, free_port, oxigraph  # noqa: F401 - a fixture

POLICYKG = [sys.executable, "-m", "policykg"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*POLICYKG, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def assert_same_graph(expected: Graph, found: Graph, what: str) -> None:
    _, only_expected, only_found = graph_diff(to_isomorphic(expected), to_isomorphic(found))
    missing = sorted(map(str, only_expected))[:5]
    extra = sorted(map(str, only_found))[:5]
    assert (missing, extra) == ([], []), f"{what}: missing {missing}, extra {extra}"


def clean_copy(destination: Path) -> Path:
    """The repository's tracked files (as they are now) in ``destination``: no .venv, no
    out/, no shared/ folder beside it; its .venv a new one with this checkout's dependencies (no
    download) and the copy itself installed in it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            target = destination / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    venv = destination / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # This checkout's dependencies (the .pth files in their directory are not read, so this
    # checkout's own editable install stays out), then the copy itself, as pip -e would.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    (site / "policykg-copy.pth").write_text(f"{destination}\n")
    script = venv / "bin" / "policykg"
    script.write_text(f"#!{venv / 'bin' / 'python'}\nfrom policykg.cli import main\nmain()\n")
    script.chmod(0o755)
    (venv / ".installed-stamp").touch()
    return destination


def test_make_run_in_a_clean_copy_builds_the_example_into_out(tmp_path: Path) -> None:
    copy = clean_copy(tmp_path / "policykg")
    assert not copy.parent.joinpath("shared").exists()
    made = subprocess.run(
        ["make", "run"], cwd=copy, capture_output=True, text=True, timeout=300, check=False
    )
    assert made.returncode == 0, made.stderr
    assert "Built 1 document(s): 10 sections, 31 tasks, 22 offices" in made.stdout
    for name in ("graph.ttl", "graph.html", "report.html", "targets.csv", "ownership.csv"):
        assert (copy / "out" / name).stat().st_size > 0, name
    checked = subprocess.run(
        [str(copy / ".venv" / "bin" / "policykg"), "validate", "out/graph.ttl"],
        cwd=copy, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1].startswith("out/graph.ttl conforms: 0 violations")


@pytest.fixture(scope="module")
def relative_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory with plan.txt and its build in out/, made with relative paths."""
    here = tmp_path_factory.mktemp("relative")
    (here / "plan.txt").write_bytes(EXAMPLE.read_bytes())
    built = run("build", "plan.txt", "--out", "out", cwd=here)
    assert built.returncode == 0, built.stderr
    return here


@pytest.mark.parametrize("out", ["out2", "./out2", "out2/", "sub/dir/out2"])
def test_build_writes_into_any_relative_out(tmp_path: Path, out: str) -> None:
    (tmp_path / "plan.txt").write_bytes(EXAMPLE.read_bytes())
    built = run("build", "plan.txt", "--out", out, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (tmp_path / out).iterdir()) == [
        "graph.html",
        "graph.ttl",
        "ownership.csv",
        "report.html",
        "targets.csv",
    ]


def test_build_with_a_relative_store_and_out(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_bytes(EXAMPLE.read_bytes())
    built = run("build", "plan.txt", "--store", "plans.db", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    found = run("query", "plans.db", "SELECT (COUNT(*) AS ?n) WHERE { ?t a pk:Task }",
                "--format", "csv", cwd=tmp_path)  # fmt: skip
    assert found.stdout.splitlines()[1:] == ["31"]


def test_query_reads_a_relative_out_directory_and_graph_file(relative_build: Path) -> None:
    for graph in ("out", "out/", "out/graph.ttl", "./out/graph.ttl"):
        found = run("query", graph, "SELECT (COUNT(*) AS ?n) WHERE { ?t a pk:Task }",
                    "--format", "csv", cwd=relative_build)  # fmt: skip
        assert found.returncode == 0, found.stderr
        assert found.stdout.splitlines()[1:] == ["31"], graph


def test_query_reads_a_relative_query_file(relative_build: Path) -> None:
    (relative_build / "q.rq").write_text("ASK { ?t a pk:Task }", encoding="utf-8")
    found = run("query", "out", "--file", "q.rq", "--format", "json", cwd=relative_build)
    assert found.returncode == 0, found.stderr
    assert '"boolean": true' in found.stdout


def test_validate_a_relative_graph(relative_build: Path) -> None:
    checked = run("validate", "out", cwd=relative_build)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1].startswith("out conforms: 0 violations")


def test_diff_writes_a_relative_output(relative_build: Path) -> None:
    edited = (relative_build / "plan.txt").read_text("utf-8").replace("1.2万个", "1.5万个")
    (relative_build / "next.txt").write_text(edited, encoding="utf-8")
    compared = run("diff", "plan.txt", "next.txt", "--format", "json", "-o", "diff.json",
                   cwd=relative_build)  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    assert "目标提高 1" in compared.stderr
    assert '"kind": "TargetRaised"' in (relative_build / "diff.json").read_text("utf-8")


def test_serve_a_relative_out_directory(relative_build: Path) -> None:
    process = subprocess.Popen(
        [*POLICYKG, "serve", "out", "--port", "0"],
        cwd=relative_build, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        url = process.stderr.readline().split(" at ", 1)[1].split(" ", 1)[0]
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?t a pk:Task }"})
        request = urllib.request.Request(f"{url}sparql?{query}", headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.read().decode().split() == ["n", "31"]
        with urllib.request.urlopen(f"{url}map", timeout=30) as response:
            assert b"<html" in response.read()[:2000].lower()
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


def test_push_a_relative_out_directory(relative_build: Path, oxigraph: str) -> None:  # noqa: F811
    pushed = run("push", "out", "--endpoint", f"{oxigraph}/store", cwd=relative_build)
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith("Pushed 1 graph(s), 10386 triples")


@pytest.fixture(scope="module")
def four_ways(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    """The example built four ways: plain, with a store, as a corpus of one (in a worker),
    and read back from the store."""
    root = tmp_path_factory.mktemp("four-ways")
    (root / "one").mkdir()
    (root / "one" / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    for args in (
        ("build", str(EXAMPLE), "--out", "plain"),
        ("build", str(EXAMPLE), "--store", "store", "--out", "stored"),
        ("build", "one", "--jobs", "2", "--out", "corpus"),
    ):
        built = run(*args, cwd=root)
        assert built.returncode == 0, built.stderr
    back = run("query", "store", "CONSTRUCT WHERE { ?s ?p ?o }", cwd=root)
    assert back.returncode == 0, back.stderr
    graphs = {}
    for name, source in (("plain", "plain/graph.ttl"), ("store", "stored/graph.ttl"),
                         ("corpus", "corpus/graph.ttl")):  # fmt: skip
        graphs[name] = Graph().parse(root / source, format="turtle")
    graphs["read back"] = Graph().parse(data=back.stdout, format="turtle")
    return graphs


@pytest.mark.parametrize("way", ["store", "corpus", "read back"])
def test_every_build_path_gives_the_plain_builds_graph(
    four_ways: dict[str, Graph], way: str
) -> None:
    assert len(four_ways[way]) == len(four_ways["plain"]) == 10386
    assert_same_graph(four_ways["plain"], four_ways[way], way)


@pytest.mark.parametrize("way", ["plain", "read back"])
def test_every_build_path_gives_a_graph_that_conforms(
    four_ways: dict[str, Graph], way: str
) -> None:
    report = validate(four_ways[way])
    assert report.conforms, [f.message for f in report.findings[:5]]


@pytest.mark.parametrize(
    ("base", "code", "message"),
    [
        ("HTTP://example.org/plans/", 0, ""),
        ("http://a b/", 1, "Error: --base must be an absolute ASCII IRI ending in '/' with no "
         "spaces or <>\"{}|\\^` in it, such as https://example.org/plans/: 'http://a b/'"),
        ("https://example.org/plans", 1, "Error: --base must be an absolute ASCII IRI ending in "
         "'/' with no spaces or <>\"{}|\\^` in it, such as https://example.org/plans/: "
         "'https://example.org/plans'"),
        ("https://例子.org/", 1, "Error: --base must be an absolute ASCII IRI ending in '/' with "
         "no spaces or <>\"{}|\\^` in it, such as https://example.org/plans/: 'https://例子.org/'"),
    ],
)  # fmt: skip
def test_a_base_is_checked_by_the_minter_and_refused_in_one_line(
    tmp_path: Path, base: str, code: int, message: str
) -> None:
    built = run("build", str(EXAMPLE), "--out", "out", "--base", base, cwd=tmp_path)
    assert built.returncode == code, built.stderr
    if code:
        assert built.stderr.strip() == message
        assert not (tmp_path / "out").exists()
    else:
        ttl = (tmp_path / "out" / "graph.ttl").read_text("utf-8")
        assert "<http://example.org/plans/doc/2024-5f44b5354c7b>" in ttl


def test_diff_of_two_builds_compares_their_graphs(tmp_path: Path) -> None:
    edited = EXAMPLE.read_text("utf-8").replace("1.2万个", "1.5万个")
    (tmp_path / "next.txt").write_text(edited, encoding="utf-8")
    for plan, out in ((str(EXAMPLE), "out1"), ("next.txt", "out2")):
        assert run("build", plan, "--out", out, cwd=tmp_path).returncode == 0
    compared = run("diff", "out1/", "out2/", cwd=tmp_path)
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.splitlines()[-1] == "延续 31 · 目标提高 1"
    # The same build twice: one plan with one text, nothing to compare.
    same = run("diff", "out1", "out1/", cwd=tmp_path)
    assert same.returncode == 1
    assert same.stderr.strip() == (
        "Error: out1 and out1 are the same plan (2024-5f44b5354c7b) with the same text: "
        "there is nothing to compare"
    )


def test_diff_of_a_directory_that_is_no_build_says_so(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    compared = run("diff", "plans", str(EXAMPLE), cwd=tmp_path)
    assert compared.returncode == 1
    assert compared.stderr.strip() == (
        "Error: plans: is a directory but not a build (it holds no graph.ttl); give one plan "
        "or one graph"
    )


def test_diff_of_two_drafts_of_one_plan_compares_them(tmp_path: Path) -> None:
    draft = EXAMPLE.read_text("utf-8")
    (tmp_path / "draft1.txt").write_text(draft, encoding="utf-8")
    (tmp_path / "draft2.txt").write_text(draft.replace("1.2万个", "1.5万个"), encoding="utf-8")
    compared = run("diff", "draft1.txt", "draft2.txt", "--format", "ttl", cwd=tmp_path)
    assert compared.returncode == 0, compared.stderr
    graph = Graph().parse(data=compared.stdout, format="turtle")
    continued = {(str(new), str(old)) for new, old in graph.subject_objects(
        graph.namespace_manager.expand_curie("pk:continues"))}  # fmt: skip
    assert len(continued) == 31
    assert all(new != old for new, old in continued)
    table = run("diff", "draft1.txt", "draft2.txt", cwd=tmp_path)
    assert table.stdout.splitlines()[-1] == "延续 31 · 目标提高 1"


def test_build_skips_the_outputs_of_a_build_inside_its_input(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.txt").write_bytes((CORPUS / "guowuyuan-employment-2018.txt").read_bytes())
    for _ in range(2):  # the second run finds plans/out/ with graph.html and report.html
        built = run("build", "plans", "--out", "plans/out", cwd=tmp_path)
        assert built.returncode == 0, built.stderr
        assert built.stdout.startswith("Built 1 document(s)"), built.stdout
    for _ in range(2):  # and a build into the plans' own directory
        built = run("build", "plans", "--out", "plans", cwd=tmp_path)
        assert built.returncode == 0, built.stderr
        assert built.stdout.startswith("Built 1 document(s)"), built.stdout
    assert "Read" not in built.stderr  # one input file: no corpus summary
