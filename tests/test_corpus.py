"""Corpus builds: many documents in parallel into one store, one node per real thing,
per-document identity and overrides, failures reported without stopping the others."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from typer.testing import CliRunner

from graph.census import COUNT_QUERIES
from graph.query import load_graph
from graph.store import PlanStore
from ontology.namespaces import PK
from policykg.cli import app
from policykg.config import BuildConfig, Limits
from policykg.errors import InputError
from policykg.inputs import read_manifest
from policykg.pipeline import BuildResult, build

from .conftest import CORPUS, EXAMPLE, THREE_PLANS

CONSUMPTION = CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt"
NDRC = "国家发展和改革委员会"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def select(store: Path, sparql: str) -> list[tuple[str, ...]]:
    plans = PlanStore(store, writable=False)
    try:
        result = plans.query(sparql)
    finally:
        plans.close()
    return sorted(tuple("" if c is None else str(c) for c in row) for row in result.rows)


@pytest.fixture(scope="module")
def corpus_store(
    tmp_path_factory: pytest.TempPathFactory, three_plans_dir: Path
) -> tuple[Path, BuildResult]:
    """The three plans' directory built into one store by two worker processes."""
    root = tmp_path_factory.mktemp("corpus")
    result = build(
        [three_plans_dir], root / "out", BuildConfig(), store_dir=root / "store", workers=2
    )
    return root / "store", result


def test_a_directory_is_built_document_by_document(corpus_store: tuple[Path, BuildResult]) -> None:
    store, result = corpus_store
    assert (result.inputs, result.loaded, result.failures) == (3, 3, ())
    assert (result.documents, result.loaded_tasks) == (3, 31 + 17 + 18)
    plans = select(
        store,
        "SELECT ?title (COUNT(DISTINCT ?task) AS ?tasks) WHERE { GRAPH ?g { ?plan a pk:WorkPlan ;"
        " dcterms:title ?title . OPTIONAL { ?task a pk:Task } } } GROUP BY ?title",
    )
    assert plans == [
        ("国务院关于印发国家职业教育改革实施方案的通知", "18"),
        ("国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见", "17"),
        ("宁波市教育局2024年工作要点", "31"),
    ]


def test_a_ministry_is_one_node_across_documents_and_names(
    corpus_store: tuple[Path, BuildResult],
) -> None:
    store, _ = corpus_store
    # 教育部 answers for consumption-poverty tasks and is mentioned by the Ningbo plan: one node.
    moe = select(
        store,
        "SELECT ?o (COUNT(DISTINCT ?plan) AS ?plans) WHERE { ?o skos:prefLabel '教育部'@zh . "
        "{ ?t pk:responsibleParty ?o } UNION { ?t pk:mentionsOrganization ?o } "
        "?t dcterms:isPartOf+ ?plan . ?plan a pk:WorkPlan } GROUP BY ?o",
    )
    assert len(moe) == 1
    assert moe[0][1] == "2"
    # The document prints 发展改革委; the node is the commission's full name, the form kept.
    ndrc = select(
        store,
        f"SELECT ?o ?alt WHERE {{ ?o skos:prefLabel '{NDRC}'@zh ; skos:altLabel ?alt }}",
    )
    assert [alt for _, alt in ndrc] == ["发展改革委"]
    # No two organisation nodes carry one name (offices of one issuer included).
    clashes = select(
        store,
        "SELECT ?l WHERE { ?o a org:Organization ; skos:prefLabel ?l } "
        "GROUP BY ?l HAVING (COUNT(DISTINCT ?o) > 1)",
    )
    assert clashes == []


def test_the_examples_offices_are_scoped_to_its_bureau(
    corpus_store: tuple[Path, BuildResult],
) -> None:
    store, _ = corpus_store
    rows = select(
        store,
        "SELECT DISTINCT ?issuer ?office WHERE { ?plan a pk:WorkPlan ; "
        "dcterms:title '宁波市教育局2024年工作要点'@zh . ?t dcterms:isPartOf+ ?plan ; "
        "pk:responsibleParty ?o . ?o a org:OrganizationalUnit ; skos:prefLabel ?office ; "
        "org:unitOf ?i . ?i skos:prefLabel ?issuer }",
    )
    assert len(rows) == 22
    assert {issuer for issuer, _ in rows} == {"宁波市教育局"}
    assert ("宁波市教育局", "基教处") in rows


def test_document_number_and_date_come_from_the_text(
    corpus_store: tuple[Path, BuildResult],
) -> None:
    store, _ = corpus_store
    rows = select(
        store,
        "SELECT ?number ?issued ?year WHERE { ?p a pk:WorkPlan ; pk:documentNumber ?number ; "
        "dcterms:issued ?issued ; pk:planYear ?year }",
    )
    assert rows == [
        ("国办发〔2018〕129号", "2018-12-30", "2018"),
        ("国发〔2019〕4号", "2019-01-24", "2019"),
    ]


def test_a_rebuild_skips_every_unchanged_document(
    corpus_store: tuple[Path, BuildResult], tmp_path: Path, three_plans_dir: Path
) -> None:
    store, _ = corpus_store
    again = build([three_plans_dir], tmp_path / "out", BuildConfig(), store_dir=store, workers=2)
    assert (again.loaded, again.unchanged, again.documents) == (0, 3, 3)


def test_parallel_and_serial_builds_write_the_same_turtle(tmp_path: Path) -> None:
    files = list(THREE_PLANS)
    serial = build(files, tmp_path / "one", BuildConfig(), workers=1)
    parallel = build(files, tmp_path / "two", BuildConfig(), workers=2)
    assert serial.graph_path.read_bytes() == parallel.graph_path.read_bytes()


def next_year(text: str) -> str:
    return text.replace("印发2024年工作要点", "印发2025年工作要点")


def test_one_issuers_office_is_one_node_across_years_and_not_another_issuers(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "plans"
    corpus.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (corpus / "2024.txt").write_text(text, encoding="utf-8")
    (corpus / "2025.txt").write_text(next_year(text), encoding="utf-8")
    # The same plan issued by another bureau: its 基教处 is another office.
    (corpus / "wenzhou.txt").write_text(text.replace("宁波市教育局", "温州市教育局"), "utf-8")
    store = tmp_path / "store"
    result = build([corpus], tmp_path / "out", BuildConfig(), store_dir=store, workers=2)
    assert result.loaded == 3
    rows = select(
        store,
        "SELECT ?issuer (COUNT(DISTINCT ?o) AS ?offices) (COUNT(DISTINCT ?plan) AS ?plans) "
        "WHERE { ?o skos:prefLabel '基教处'@zh ; org:unitOf ?i . ?i skos:prefLabel ?issuer . "
        "?t pk:responsibleParty ?o ; dcterms:isPartOf+ ?plan . ?plan a pk:WorkPlan } "
        "GROUP BY ?issuer",
    )
    assert rows == [("宁波市教育局", "1", "2"), ("温州市教育局", "1", "1")]


def test_a_failed_document_is_reported_and_the_others_are_built(tmp_path: Path) -> None:
    corpus = tmp_path / "plans"
    corpus.mkdir()
    shutil.copy(EXAMPLE, corpus / "a-ningbo.txt")
    (corpus / "b-empty.txt").write_bytes(b"")
    (corpus / "c-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    shutil.copy(CONSUMPTION, corpus / "d-consumption.txt")
    code, stdout, stderr = run("build", str(corpus), "--out", str(tmp_path / "out"), "-j", "2")
    assert code == 1
    assert f"Error: {corpus / 'b-empty.txt'}: the file is empty" in stderr
    assert f"Error: {corpus / 'c-image.txt'}: this is a PNG image" in stderr
    assert (
        "Read 4 file(s): 2 built (48 tasks, 53 units, 119 targets), 0 unchanged, 0 duplicate, "
        "2 failed"
    ) in stderr
    assert stdout.startswith("Built 2 document(s): ")
    assert "48 tasks, 53 offices" in stdout
    assert "119 targets" in stdout
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_when_every_document_fails_nothing_is_written(tmp_path: Path) -> None:
    corpus = tmp_path / "plans"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    (corpus / "b.txt").write_bytes(b" \n")
    code, stdout, stderr = run("build", str(corpus), "--out", str(tmp_path / "out"))
    assert (code, stdout) == (1, "")
    assert stderr.startswith("Error: none of the 2 documents could be built:\n")
    assert not (tmp_path / "out").exists()


def test_a_directory_without_documents_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# not a plan")
    code, _, stderr = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr.startswith(f"Error: {tmp_path}: is a directory with no document in it")


@pytest.mark.parametrize("kind", ["csv", "toml"])
def test_a_manifest_sets_issuer_year_and_key_per_document(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "plan.txt"
    # A plan whose text names neither issuer nor year.
    text = EXAMPLE.read_text(encoding="utf-8").replace("近日,宁波市教育局印发2024年工作要点,", "")
    source.write_text(text, encoding="utf-8")
    manifest = tmp_path / f"manifest.{kind}"
    if kind == "csv":
        manifest.write_text("file,issuer,year,key\nplan.txt,宁波市教育局,2024,nb-edu-2024\n")
    else:
        manifest.write_text(
            '[[document]]\nfile = "plan.txt"\nissuer = "宁波市教育局"\nyear = 2024\n'
            'key = "nb-edu-2024"\n'
        )
    code, _, _ = run("build", str(source), "--manifest", str(manifest), "-o", str(tmp_path / "o"))
    assert code == 0
    graph = load_graph(tmp_path / "o")
    plan = URIRef("https://w3id.org/policykg/id/doc/nb-edu-2024")
    assert (plan, RDF.type, PK.WorkPlan) in graph
    assert str(graph.value(plan, PK.planYear)) == "2024"
    assert str(graph.value(graph.value(plan, DCTERMS.publisher), SKOS.prefLabel)) == "宁波市教育局"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,key\nplan.txt,../x\n", "entry 1: key '../x' must be ASCII letters"),
        ("file,year\nplan.txt,24\n", "entry 1: year must be four digits, not '24'"),
        ("issuer\n宁波市教育局\n", "entry 1 names no file"),
    ],
)
def test_a_bad_manifest_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        read_manifest(manifest)


def test_a_store_too_large_for_one_page_writes_no_map(
    tmp_path: Path, three_plans_dir: Path
) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    config = BuildConfig(limits=Limits(map_triples=10_000))
    result = build([three_plans_dir], out, config, store_dir=store, workers=2)
    # Each triple once: what two plans say of an office they share is stated once.
    assert result.warnings[-1].startswith(
        "Map, report and graph.ttl: not written; the store holds 14,666 triples"
    )
    assert (result.documents, result.sections, result.tasks, result.offices) == (3, 21, 66, 53)
    assert (result.triples, result.graph_path, result.map_path) == (14666, store, None)
    assert not out.exists()
    # A new store's counts come from its loads and the workers' census: they are the store's.
    stored = PlanStore(store, writable=False)
    counted = {name: int(str(stored.query(q).rows[0][0])) for name, q in COUNT_QUERIES.items()}
    assert {name: getattr(result, name) for name in counted} == counted
    assert stored.triple_count() == result.triples


def test_two_documents_with_one_identity_are_named(tmp_path: Path) -> None:
    corpus = tmp_path / "plans"
    corpus.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text.replace("1.2万个", "1.3万个"), encoding="utf-8")
    for store in (None, tmp_path / "store"):  # in one run, with and without a store
        options = () if store is None else ("--store", str(store))
        code, stdout, stderr = run("build", str(corpus), "-o", str(tmp_path / "out"), *options)
        assert code == 0
        assert (
            f"Warning: {corpus / 'b.txt'}: the same issuer, year and title as {corpus / 'a.txt'}"
            " (key 2024-5f44b5354c7b); left out, the first is kept."
        ) in stderr
        assert "10386 triples" in stdout  # one plan, one text: not the two merged
        assert ", 1 duplicate, 0 failed" in stderr
        graph = load_graph(tmp_path / "out")
        (kept,) = graph.objects(None, PK.content)
        assert "1.2万个" in str(kept)


def test_a_new_store_killed_while_building_is_not_there_and_the_next_build_completes(
    tmp_path: Path, three_plans_dir: Path
) -> None:
    store = tmp_path / "store"
    command = [
        *(sys.executable, "-m", "policykg", "-q", "build", str(three_plans_dir)),
        *("--store", str(store), "--jobs", "2"),
    ]
    for delay in (1.2, 2.0):
        process = subprocess.Popen(
            [*command, "-o", str(tmp_path / "o")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert _workers_left(str(store)) == []  # the workers die with their parent
        if store.exists():  # the build finished before the kill: the whole store is there
            assert len(select(store, "SELECT ?g WHERE { GRAPH ?g { ?s a pk:SourceText } }")) == 3
            break
        # Killed before the rename: no store, only a staging directory for the next run.
        assert [p.name.split("-")[0] for p in tmp_path.glob(".store.building-*")] in (
            [],
            [".store.building"],
        )
    result = build([three_plans_dir], tmp_path / "out", BuildConfig(), store_dir=store, workers=2)
    assert result.documents == 3
    assert list(tmp_path.glob(".store.building-*")) == []


def _workers_left(marker: str) -> list[int]:
    """Processes (a killed build's workers) whose command line names ``marker``, after a
    moment for the kernel to deliver their parent-death signal."""
    time.sleep(0.5)
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
