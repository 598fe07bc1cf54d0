"""Inputs that once broke policykg (found by Hypothesis or by `make fuzz`), kept as tests."""

from __future__ import annotations

import pytest

from extract.details import extract_details
from extract.reading import decode_document
from extract.structure import parse_plan
from policykg.errors import InputError

CASES = [
    b"%PDF-",  # a PDF signature and nothing else: pdfminer raised its own exception
    "一、:\n问题描述:0".encode(),  # a heading with no title became a task with an empty span
    "一、\u2028".encode(),  # U+2028 split N-Triples lines when sorting them
    b"",  # an empty graph
    b"=98" + b"0" * 40 + "8万亿元".encode(),  # make fuzz: Decimal.quantize overflowed
    ("1.任务\n目标任务:新增学位" + "9" * 60 + "万个\n责任处室:甲处").encode(),
]


def test_a_number_too_large_for_any_target_is_refused() -> None:
    from extract.numbers import parse_number

    with pytest.raises(InputError, match="number too large"):
        parse_number("98" + "0" * 40 + "万")


@pytest.mark.parametrize("data", CASES)
def test_former_crashes_now_build_or_raise_input_error(data: bytes) -> None:
    try:
        text = decode_document(data, "case").text
    except InputError:
        return
    document = extract_details(parse_plan(text))
    for task in document.tasks:
        assert task.title.text
        assert text[task.span.start : task.span.end] == task.span.text


@pytest.mark.parametrize(
    "text",
    ["0.:0\n问题描述:0", "(0)甲\n问题描述:0", "零、甲\n问题描述:0", "(〇)甲"],
)
def test_nothing_is_numbered_zero_so_no_task_lacks_its_number(text: str) -> None:
    """Hypothesis found 「0.」 made task 0, which has no pk:taskNumber and broke the shapes."""
    from graph.build import build_graph
    from graph.validation import validate
    from policykg.config import BuildConfig

    document = extract_details(parse_plan(text))
    assert document.tasks == ()
    assert validate(build_graph([document], BuildConfig())).conforms


def test_numbers_with_a_leading_zero_are_still_headings() -> None:
    fields = "\n目标任务:新建基地。\n责任处室:甲处\n"
    document = parse_plan(
        f"一、总体\n01.甲任务{fields}02.乙任务{fields}十、其他\n10.丙任务{fields}"
    )
    assert [(t.number, t.title.text) for t in document.tasks] == [
        ("01", "甲任务"),
        ("02", "乙任务"),
        ("10", "丙任务"),
    ]
