"""The structure parser on the example and on small documents written for each edge case."""

from __future__ import annotations

import pytest

from extract.records import Document, FieldKind, Role
from extract.structure import parse_plan

from .conftest import DATA, EXAMPLE, parse_file


@pytest.fixture(scope="module")
def hangzhou() -> Document:
    return parse_file(DATA / "hangzhou-health-2025.txt")


def test_spans_quote_the_text_exactly_everywhere(hangzhou: Document) -> None:
    spans = [t.span for t in hangzhou.tasks] + [t.title for t in hangzhou.tasks]
    spans += [f.content for t in hangzhou.tasks for f in t.fields]
    spans += [f.label for t in hangzhou.tasks for f in t.fields]
    spans += [u.surface for t in hangzhou.tasks for u in t.units]
    spans += [s.title for s in hangzhou.sections]
    assert [s for s in spans if hangzhou.text[s.start : s.end] != s.text] == []


def test_full_width_numbering_and_colons_are_read(hangzhou: Document) -> None:
    assert [(s.number, s.title.text) for s in hangzhou.sections] == [
        ("一", "深化医药卫生体制改革"),
        ("二", "加强公共卫生体系建设"),
    ]
    # Numbering restarts in each section, so keys carry the section: 1-1, 2-1.
    assert [(t.key, t.section, t.path, t.title.text) for t in hangzhou.tasks] == [
        ("1-1", "1", "一1", "推进紧密型城市医疗集团建设"),
        ("1-2", "1", "一2", "提升基层医疗服务能力"),
        ("2-1", "2", "二1", "完善疾病预防控制体系"),
        ("2-2", "2", "二2", "强化卫生应急能力"),
    ]


def test_a_label_with_stray_spaces_is_still_a_label(hangzhou: Document) -> None:
    problem = hangzhou.tasks[0].field(FieldKind.PROBLEM)
    assert problem is not None
    assert problem.label.text == "问题描述"
    assert problem.content.text == "城市医疗集团内部协作不够紧密。"


def test_a_field_continues_over_following_lines(hangzhou: Document) -> None:
    task = hangzhou.tasks[0]
    outcome = task.field(FieldKind.OUTCOME)
    measure = task.field(FieldKind.MEASURE)
    assert outcome is not None
    assert measure is not None
    assert outcome.content.text == "每个区县(市)至少建成1个紧密型城市医疗集团。"
    assert measure.label.text == "工作举措"
    assert measure.content.text == "完善集团内人员统筹机制。\n推进检查检验结果互认。"


def test_lead_and_supporting_labels_give_stated_roles_and_a_wrapped_list_continues(
    hangzhou: Document,
) -> None:
    units = [(u.name, u.role, u.alias, u.position) for u in hangzhou.tasks[0].units]
    assert units == [
        ("体制改革处", Role.LEAD, None, 1),
        ("医政医管处", Role.SUPPORTING, None, 2),
        ("基层卫生处", Role.SUPPORTING, None, 3),
        ("财务处", Role.SUPPORTING, "审计处", 4),
    ]


def test_bracketed_labels_and_comma_separated_units_with_a_placeholder(
    hangzhou: Document,
) -> None:
    task = hangzhou.tasks[1]
    assert [f.kind for f in task.fields] == [
        FieldKind.PROBLEM,
        FieldKind.OBJECTIVE,
        FieldKind.RESPONSIBLE,
    ]
    assert [(u.name, u.generic, u.role) for u in task.units] == [
        ("基层卫生处", False, Role.UNSPECIFIED),
        ("有关处室", True, Role.UNSPECIFIED),
    ]


def test_a_name_qualifier_in_brackets_is_not_an_alias(hangzhou: Document) -> None:
    assert [(u.name, u.alias, u.generic) for u in hangzhou.tasks[2].units] == [
        ("疾控处", None, False),
        ("市疾控中心(筹)", None, False),
        ("各区县(市)卫生健康局", None, True),
    ]


def test_an_empty_field_is_dropped_and_boilerplate_ends_the_document(
    hangzhou: Document,
) -> None:
    last = hangzhou.tasks[-1]
    assert [f.kind for f in last.fields] == [FieldKind.RESPONSIBLE]
    assert [u.name for u in last.units] == ["应急办"]
    assert hangzhou.trailing is not None
    assert hangzhou.trailing.text == "责任编辑:王五\n打印本页 关闭窗口"


def test_document_identity_comes_from_the_title_line(hangzhou: Document) -> None:
    info = hangzhou.info
    assert (info.title, info.issuer, info.year) == (
        "杭州市卫生健康委员会2025年工作要点",
        "杭州市卫生健康委员会",
        2025,
    )


def test_a_document_without_tasks_parses_to_no_tasks() -> None:
    document = parse_file(DATA / "notice-without-tasks.txt")
    assert (document.sections, document.tasks) == ((), ())
    assert document.info.title == "关于举办2025年全市教育工作会议的通知"


def test_the_example_keeps_the_trailing_copyright_notice_out_of_task_31() -> None:
    document = parse_file(EXAMPLE)
    last = document.tasks[-1]
    assert last.number == "31"
    assert last.span.text.endswith("教育工会、服电中心")
    assert document.trailing is not None
    assert document.trailing.text.startswith("① 凡本站注明")


def test_task_16_reads_the_gongzuo_juchuo_label_as_measures() -> None:
    task = parse_file(EXAMPLE).tasks[15]
    measure = task.field(FieldKind.MEASURE)
    assert (task.number, measure is not None and measure.label.text) == ("16", "工作举措")


def test_numbers_with_decimals_do_not_start_tasks() -> None:
    text = "一、目标\n1.总体目标\n目标任务:新增学位\n1.2万个学位在年底前交付。\n责任处室:基教处\n"
    document = parse_plan(text)
    objective = document.tasks[0].field(FieldKind.OBJECTIVE)
    assert [t.number for t in document.tasks] == ["1"]
    assert objective is not None
    assert objective.content.text == "新增学位\n1.2万个学位在年底前交付。"


def test_repeated_numbers_in_one_section_get_distinct_keys() -> None:
    text = "一、甲\n1.任务甲\n责任处室:甲处\n1.任务乙\n责任处室:乙处\n"
    assert [t.key for t in parse_plan(text).tasks] == ["1-1.1", "1-1.2"]
