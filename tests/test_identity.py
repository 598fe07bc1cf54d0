"""What documents say about themselves, on three real documents and a lede."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CORPUS, EXAMPLE, parse_file


@pytest.mark.parametrize(
    ("path", "title", "issuer", "year"),
    [
        (EXAMPLE, "宁波市教育局2024年工作要点", "宁波市教育局", 2024),
        (
            CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt",
            "国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见",
            "国务院办公厅",
            2018,
        ),
        (
            CORPUS / "guowuyuan-vocational-education-reform-2019.txt",
            "国务院关于印发国家职业教育改革实施方案的通知",
            "国务院",
            2019,
        ),
    ],
    ids=["ningbo", "consumption-poverty", "vocational-education"],
)
def test_title_issuer_and_year_are_read_from_the_text(
    path: Path,
    title: str,
    issuer: str,
    year: int,
) -> None:
    info = parse_file(path).info
    assert (info.title, info.issuer, info.year) == (title, issuer, year)


def test_a_two_line_title_keeps_its_span_across_the_line_break() -> None:
    document = parse_file(CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt")
    span = document.info.title_span
    assert span is not None
    assert span.text == "国务院办公厅关于深入开展消费扶贫\n助力打赢脱贫攻坚战的指导意见"


def test_announced_counts_are_read_from_the_lede() -> None:
    info = parse_file(EXAMPLE).info
    assert (info.declared_sections, info.declared_tasks) == (10, 31)
