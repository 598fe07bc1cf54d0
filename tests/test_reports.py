"""The CSV reports a build writes beside the graph."""

from __future__ import annotations

import csv
from pathlib import Path

from policykg.pipeline import BuildResult


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_target_register_has_every_target_with_offices_and_sentence(
    example_build: BuildResult,
) -> None:
    rows = read(example_build.graph_path.parent / "targets.csv")
    assert len(rows) == example_build.targets == 119
    row = next(r for r in rows if r["quote"] == "参与人数不少于110万人次")
    columns = ("plan", "issuer", "task", "offices", "metric", "comparator", "target", "unit")
    assert {k: row[k] for k in columns} == {
        "plan": "宁波市教育局2024年工作要点",
        "issuer": "宁波市教育局",
        "task": "8",
        "offices": "基教处、体艺劳处",
        "metric": "参与人数",
        "comparator": "不少于(≥)",  # in Chinese, as the pages show it (pk:AtLeast in the graph)
        "target": "110万人次",
        "unit": "人次",
    }
    # The plan's year implies the deadline: the words it is taken from, the day, the mark.
    assert (row["deadline"], row["due"], row["deadline_implied"]) == (
        "2024年",
        "2024-12-31",
        "true",
    )
    assert {(r["due"], r["deadline_implied"]) for r in rows} == {("2024-12-31", "true")}
    money = next(r for r in rows if r["quote"] == "高校科研经费突破15亿元")
    assert (money["comparator"], money["target"]) == ("不少于(≥)", "15亿元")
    share = next(r for r in rows if r["quote"] == "在甬高校三分之一以上")
    assert (share["comparator"], share["target"]) == ("不少于(≥)", "三分之一")
    assert (
        row["sentence"]
        == "修订非学科类课程资源进入课后服务办法,课后服务供给率达到100%,参与人数不少于110万人次。"
    )


def test_the_office_register_ranks_offices_by_load(example_build: BuildResult) -> None:
    rows = read(example_build.graph_path.parent / "ownership.csv")
    first = rows[0]
    assert (first["plan"], first["issuer"], first["office"]) == (
        "宁波市教育局2024年工作要点",
        "宁波市教育局",
        "基教处",
    )
    assert (first["tasks_total"], first["role_not_stated"]) == ("12", "12")
    assert first["tasks"] == "5 6 7 8 15 16 17 19 22 23 24 27"
    placeholder = next(r for r in rows if r["office"] == "各相关处室")
    assert (placeholder["kind"], placeholder["tasks"]) == ("泛指", "22 26")
    assert len(rows) == 24  # 22 offices, 2 placeholders
