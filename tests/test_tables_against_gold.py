"""The three real task-division tables of the corpus against their gold files: every task's
number and title, its units in the printed order, its leads, and whether it names a
placeholder — a Word table with merged section rows, a page flattened one cell per paragraph
(the lead column after the units column), and a table flattened with no delimiters at all."""

from __future__ import annotations

from typing import Any

import pytest

from extract.normalization import normalize_text
from extract.records import Document, Role
from extract.structure import parse_plan

from .conftest import CORPUS, gold, parse_file

TABLE_DOCUMENTS = (
    "guangzhou-talent-project-2012-table",
    "liandu-duty-table-2023-fragment",
    "district-livelihood-table-2021-fragment",
)


def found(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "number": t.number,
            "title": t.title.text,
            "units": [u.name for u in t.units if not u.generic],
            "lead": [u.name for u in t.units if u.role is Role.LEAD and not u.generic],
            "collective": any(u.generic for u in t.units),
        }
        for t in document.tasks
    ]


def expected(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "number": t["number"],
            "title": normalize_text(t["title"]),
            "units": [normalize_text(u) for u in t["units"]],
            "lead": [normalize_text(u) for u in t["lead"]],
            "collective": t["collective"],
        }
        for t in annotation["tasks"]
    ]


@pytest.mark.parametrize("name", TABLE_DOCUMENTS)
def test_every_task_of_a_real_table_has_the_gold_units_and_leads(name: str) -> None:
    annotation = gold(name)
    document = parse_file(CORPUS / annotation["document"])
    assert found(document) == expected(annotation)


def test_the_word_table_puts_each_task_in_its_merged_section_row() -> None:
    document = parse_file(CORPUS / "guangzhou-talent-project-2012-table.docx")
    paths = {t.number: t.path for t in document.tasks}
    assert (paths["2"], paths["9"], paths["32"], paths["40"], paths["45"]) == (
        "二(一)[2]",
        "二(二)[9]",
        "三(一)[32]",
        "四[40]",
        "五[45]",
    )


def test_the_page_flattened_one_cell_per_paragraph_keeps_its_two_categories() -> None:
    document = parse_file(CORPUS / "liandu-duty-table-2023-fragment.txt")
    titles = {s.key: s.title.text for s in document.sections}
    assert [
        (titles[t.section or ""], t.number) for t in (document.tasks[0], document.tasks[13])
    ] == [
        ("发展目标", "1"),
        ("激发市场活力", "14"),
    ]


def test_the_run_together_table_reads_a_task_merged_over_two_rows_as_one() -> None:
    document = parse_file(CORPUS / "district-livelihood-table-2021-fragment.txt")
    third = document.tasks[2]
    assert [(u.name, u.role) for u in third.units][:4] == [
        ("文体旅局", Role.LEAD),
        ("晋陵公司", Role.SUPPORTING),
        ("轨道公司", Role.SUPPORTING),
        ("住建局", Role.LEAD),
    ]
    # The leaders' names of the 分管领导 column are no offices.
    assert not any(u.name.startswith(("何", "芮", "张")) for t in document.tasks for u in t.units)


def flattened_copies() -> dict[str, str]:
    """The real Word table flattened as pages copy it: one cell per paragraph, one cell per
    line, and run together over pages of 400 characters marked 1、 2、 …; merged (empty)
    cells and the section rows' empty cells are not printed."""
    text = parse_file(CORPUS / "guangzhou-talent-project-2012-table.docx").text
    title, *rows = text.split("\n")
    cells = [cell for row in rows for cell in row.split("\t") if cell]
    run = "".join(cells)
    pages = [run[i : i + 400] for i in range(0, len(run), 400)]
    return {
        "paragraph": "\n\n".join([title, *cells]),
        "line": "\n".join([title, *cells]),
        "run together": title + "\n" + "\n".join(f"{n}、{p}" for n, p in enumerate(pages, 1)),
    }


@pytest.mark.parametrize("shape", ["paragraph", "line", "run together"])
def test_the_word_table_flattened_reads_the_same_units_and_leads(shape: str) -> None:
    word = found(parse_file(CORPUS / "guangzhou-talent-project-2012-table.docx"))
    flat = found(parse_plan(flattened_copies()[shape]))
    assert [t["number"] for t in flat] == [t["number"] for t in word]
    assert [(t["units"], t["lead"], t["collective"]) for t in flat] == [
        (t["units"], t["lead"], t["collective"]) for t in word
    ]
    same_titles = sum(f["title"] == w["title"] for f, w in zip(flat, word, strict=True))
    # Run together, one name (加强组织领导) runs into a content that opens with no verb.
    assert same_titles == len(word) - (shape == "run together")


def test_the_page_flattened_otherwise_reads_the_same_units_and_leads() -> None:
    """The Liandu page's cells one per line, and run together (in one line, and over pages):
    the same tasks, categories, units and leads, but for the last row's lead — run together,
    a row cut off after its units column cannot tell it from a lead column."""
    text = parse_file(CORPUS / "liandu-duty-table-2023-fragment.txt").text
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    first = paragraphs.index("分类")
    title, cells = paragraphs[first - 1], paragraphs[first:]
    run = "".join(cells)
    pages = "\n".join(f"{n}、{run[i : i + 300]}" for n, i in enumerate(range(0, len(run), 300), 1))
    page = found(parse_file(CORPUS / "liandu-duty-table-2023-fragment.txt"))
    for flat in ("\n".join([title, *cells]), title + run, title + "\n" + pages):
        read = found(parse_plan(flat))
        assert [(t["number"], t["title"], t["units"]) for t in read] == [
            (t["number"], t["title"], t["units"]) for t in page
        ]
        assert [t["lead"] for t in read[:-1]] == [t["lead"] for t in page[:-1]]
