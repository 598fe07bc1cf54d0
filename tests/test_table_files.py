"""Task-division tables in the files they reach us in, each read into exact tasks, units and
leads: .docx with merged rows, merged lead cells and a header over two rows, .html with
rowspan and colspan, a PDF with section rows across it. The documents are written for the
tests, one city and bureau each, so that no rule fits one real document."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from extract.details import extract_details
from extract.reading import decode_document
from extract.structure import parse_plan

from .table_cases import TABLES, L, S, U, parsed, sections, targets, tasks

# --- .docx: merged section rows, merged lead cells, rows merged into one task ---------------


def word_table(title: str, rows: list[list[str]]) -> tuple[Any, Any]:
    """A Word document with a title paragraph and a table of ``rows`` (empty strings left
    empty), to be merged and saved by the caller."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    return document, table


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def taizhou_docx() -> bytes:
    """A Word table: section rows merged across all columns (one of them numbered 二(一)), a
    lead cell merged down over two tasks, and a task whose number and name are merged over
    two rows, each row with content and offices of its own."""
    rows = [
        ["序号", "重点任务", "具体内容", "牵头单位", "配合单位"],
        ["一、扩大有效投资", "", "", "", ""],
        ["1", "招引重大项目", "引进亿元以上项目20个。", "投资促进处", "外资处"],
        ["2", "办好投资推介会", "举办推介活动6场。", "", "会展办"],
        ["二(一)外贸稳量提质", "", "", "", ""],
        ["3", "培育外贸主体", "新增有进出口实绩企业300家。", "外贸处", "各县(市、区)商务局"],
        ["", "", "组织企业参加境外展会50次。", "外贸处", "口岸办"],
        ["4", "发展跨境电商", "跨境电商进出口额增长20%。", "电商处", "外贸处"],
    ]
    document, table = word_table("台州市商务局2024年重点工作任务分工表", rows)
    for section_row in (1, 4):
        table.cell(section_row, 0).merge(table.cell(section_row, 4))
    table.cell(2, 3).merge(table.cell(3, 3))  # one lead for tasks 1 and 2
    table.cell(5, 0).merge(table.cell(6, 0))  # task 3 over two rows
    table.cell(5, 1).merge(table.cell(6, 1))
    return saved(document)


def test_a_docx_table_with_merged_section_rows_and_a_merged_lead_cell() -> None:
    document = parse_plan(decode_document(taizhou_docx(), "plan.docx").text)
    assert sections(document) == [("一", "扩大有效投资"), ("二", "二"), ("一", "外贸稳量提质")]
    assert tasks(document) == [
        ("一[1]", "招引重大项目", [("投资促进处", L), ("外资处", S)]),
        ("一[2]", "办好投资推介会", [("投资促进处", L), ("会展办", S)]),
        (
            "二(一)[3]",
            "培育外贸主体",
            [("外贸处", L), ("各县(市、区)商务局*", S), ("口岸办", S)],
        ),
        ("二(一)[4]", "发展跨境电商", [("电商处", L), ("外贸处", S)]),
    ]


def test_a_task_merged_over_two_rows_keeps_the_targets_of_both() -> None:
    document = extract_details(parse_plan(decode_document(taizhou_docx(), "plan.docx").text))
    third = document.tasks[2]
    assert targets(third) == [("300", "家"), ("50", "次")]


def zhangzhou_docx() -> bytes:
    """A Word table in another column order (the lead column first, merged down over three
    tasks), with a column of leaders' names and one of progress, offices in two paragraphs of
    one cell, and two offices run together in one cell."""
    rows = [
        ["牵头处室", "序号", "工作任务", "分管领导", "协办处室", "完成时限", "推进情况"],
        ["就业处", "1", "城镇新增就业3万人", "陈志明", "", "2025年12月", "序时推进"],
        ["", "2", "开展职业技能培训2万人次", "陈志明", "职建处", "2025年11月", "已完成45%"],
        ["", "3", "帮扶困难人员就业1500人", "林芳", "", "2025年底", ""],
        [
            "养老保险处",
            "4",
            "企业职工养老保险参保率达到95%",
            "林芳",
            "社保中心市医保局",
            "2025年12月",
            "正常",
        ],
    ]
    document, table = word_table("漳州市人力资源和社会保障局2025年重点任务推进表", rows)
    cell = table.cell(1, 4)
    cell.text = "失业保险处"
    cell.add_paragraph("人才开发处")
    table.cell(1, 0).merge(table.cell(3, 0))
    return saved(document)


def test_a_docx_table_with_the_lead_column_first_and_leaders_and_progress_columns() -> None:
    document = extract_details(parse_plan(decode_document(zhangzhou_docx(), "plan.docx").text))
    assert tasks(document) == [
        ("[1]", "城镇新增就业3万人", [("就业处", L), ("失业保险处", S), ("人才开发处", S)]),
        ("[2]", "开展职业技能培训2万人次", [("就业处", L), ("职建处", S)]),
        ("[3]", "帮扶困难人员就业1500人", [("就业处", L)]),
        (
            "[4]",
            "企业职工养老保险参保率达到95%",
            [("养老保险处", L), ("社保中心", S), ("市医保局", S)],
        ),
    ]
    assert [t.deadline_date for t in document.tasks] == [
        date(2025, 12, 31),
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2025, 12, 31),
    ]
    # 已完成45% is progress, not a target.
    assert targets(document.tasks[1]) == [("20000", "人次")]


# --- .html: rowspan and colspan --------------------------------------------------------------

QUZHOU = """<html><head><meta charset="utf-8"><title>衢州市市场监督管理局</title></head><body>
<div class="content"><h1>衢州市市场监督管理局2024年重点工作分工</h1>
<table><thead><tr><th>序号</th><th>重点工作</th><th>责任处室</th><th>配合单位</th>
<th>时间节点</th></tr></thead><tbody>
<tr><td colspan="5">一、优化营商环境</td></tr>
<tr><td>1</td><td>深化商事登记改革</td><td rowspan="2">登记注册处</td>
<td>信用监管处<br>法规处</td><td>2024年6月底前</td></tr>
<tr><td>2</td><td>推进企业开办一件事</td><td>数据中心</td><td>2024年9月底前</td></tr>
<tr><td colspan="5">二、守牢安全底线</td></tr>
<tr><td>3</td><td>开展食品安全抽检</td><td>食品处</td><td><p>各县(市、区)市场监管局</p></td>
<td>2024年底</td></tr>
</tbody></table></div></body></html>"""

QUANZHOU = """<html><head><meta charset="utf-8"></head><body><div id="zoom">
<p>泉州市住房和城乡建设局2025年重点项目责任表</p>
<table border="1">
<tr><td>序号</td><td>项目名称</td><td>建设内容</td><td>责任领导</td><td>牵头单位</td>
<td>配合单位</td><td>完成情况</td></tr>
<tr><td rowspan="2">1</td><td rowspan="2">城市更新行动</td><td>改造老旧小区40个。</td>
<td>黄卫东</td><td>房管处</td><td>市城管局市园林局</td><td>已完成30%</td></tr>
<tr><td>新建口袋公园25个。</td><td>黄卫东</td><td>园林处</td><td></td><td>推进中</td></tr>
<tr><td>2</td><td>保障性住房建设</td><td>筹集保障性租赁住房5000套。</td><td>郑敏</td>
<td>保障处</td><td>各县(市、区)住建局</td><td>序时推进</td></tr>
</table></div></body></html>"""


def test_an_html_table_with_colspan_sections_a_rowspan_lead_and_offices_on_lines() -> None:
    document = parse_plan(decode_document(QUZHOU.encode("utf-8"), "page.html").text)
    assert sections(document) == [("一", "优化营商环境"), ("二", "守牢安全底线")]
    assert tasks(document) == [
        ("一[1]", "深化商事登记改革", [("登记注册处", U), ("信用监管处", S), ("法规处", S)]),
        ("一[2]", "推进企业开办一件事", [("登记注册处", U), ("数据中心", S)]),
        ("二[3]", "开展食品安全抽检", [("食品处", U), ("各县(市、区)市场监管局*", S)]),
    ]


def test_an_html_table_whose_task_spans_two_rows_with_leaders_and_progress_columns() -> None:
    document = extract_details(
        parse_plan(decode_document(QUANZHOU.encode("utf-8"), "page.html").text)
    )
    assert tasks(document) == [
        (
            "[1]",
            "城市更新行动",
            [("房管处", L), ("市城管局", S), ("市园林局", S), ("园林处", L)],
        ),
        ("[2]", "保障性住房建设", [("保障处", L), ("各县(市、区)住建局*", S)]),
    ]
    assert targets(document.tasks[0]) == [
        ("40", "个"),
        ("25", "个"),
    ]


def ningde_docx() -> bytes:
    """A Word table whose header takes two rows (责任单位 merged over 牵头单位 | 配合单位, the
    other header cells merged down), with section rows that print their number in the number
    column and their name beside it (一 | 保护修复, (一) | 森林防火)."""
    rows = [
        ["序号", "重点任务", "责任单位", "", "完成时限"],
        ["", "", "牵头单位", "配合单位", ""],
        ["一", "保护修复", "", "", ""],
        ["1", "完成植树造林2万亩", "生态修复科", "各县(市、区)林业局", "2025年6月底前"],
        ["(一)", "森林防火", "", "", ""],
        ["2", "建设防火隔离带120公里", "防火办", "林政科、资金科", "2025年12月底前"],
    ]
    document, table = word_table("宁德市林业局2025年重点工作分解表", rows)
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 2).merge(table.cell(0, 3))
    for section_row in (2, 4):
        table.cell(section_row, 1).merge(table.cell(section_row, 4))
    return saved(document)


def test_a_header_over_two_rows_and_section_numbers_in_the_number_column() -> None:
    document = extract_details(parse_plan(decode_document(ningde_docx(), "plan.docx").text))
    assert sections(document) == [("一", "保护修复"), ("一", "森林防火")]
    assert tasks(document) == [
        ("一[1]", "完成植树造林2万亩", [("生态修复科", L), ("各县(市、区)林业局*", S)]),
        ("一(一)[2]", "建设防火隔离带120公里", [("防火办", L), ("林政科", S), ("资金科", S)]),
    ]
    assert [t.deadline_date for t in document.tasks] == [date(2025, 6, 30), date(2025, 12, 31)]


def test_a_name_merged_over_several_measures_leaves_each_measure_a_task() -> None:
    # Without a number column each measure with words of its own is a task; a row with
    # offices only adds them to the measure above.
    assert tasks(parsed(TABLES / "tab-lijiang-safety-2024.txt")) == [
        ("[1]", "开展隐患排查", [("危化科", L), ("执法支队", S)]),
        ("[2]", "建立隐患清单闭环管理制度", [("基础科", L), ("综合科", L)]),
        ("[3]", "强化应急救援", [("救援科", L), ("各县(区)应急局*", S)]),
    ]


def test_labels_and_role_marks_inside_an_offices_cell_give_the_roles() -> None:
    assert tasks(parsed(TABLES / "tab-yantai-ocean-2025.txt")) == [
        ("[1]", "建设海洋牧场", [("渔业处", L), ("科技处", S), ("各区市海洋发展局*", S)]),
        ("[2]", "发展远洋渔业", [("远洋处", L), ("计财处", U)]),
        ("[3]", "推进海洋碳汇", [("生态处", L), ("法规处", S), ("各区市海洋发展局*", S)]),
    ]


def fuzhou_pdf() -> bytes:
    """A PDF table with section rows spanning the table and a lead cell spanning two rows."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    rows = [
        ["序号", "工作事项", "牵头部门", "协办部门"],
        ["一、招商引资", "", "", ""],
        ["1", "引进外资项目30个", "外资科", "投促中心"],
        ["2", "举办招商活动12场", "", "会展科"],
        ["二、对外贸易", "", "", ""],
        ["3", "培育外贸企业50家", "外贸科", "各县(市、区)商务局"],
    ]
    table = Table(
        rows,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (0, 1), (3, 1)),
                ("SPAN", (2, 2), (2, 3)),
                ("SPAN", (0, 4), (3, 4)),
            ]
        ),
    )
    buffer = io.BytesIO()
    title = Paragraph("福州市商务局2025年工作任务分解表", style)
    SimpleDocTemplate(buffer, pagesize=A4).build([title, table])
    return buffer.getvalue()


def test_a_pdf_table_with_section_rows_across_it_and_a_merged_lead_cell() -> None:
    document = parse_plan(decode_document(fuzhou_pdf(), "plan.pdf").text)
    assert sections(document) == [("一", "招商引资"), ("二", "对外贸易")]
    assert tasks(document) == [
        ("一[1]", "引进外资项目30个", [("外资科", L), ("投促中心", S)]),
        ("一[2]", "举办招商活动12场", [("外资科", L), ("会展科", S)]),
        ("二[3]", "培育外贸企业50家", [("外贸科", L), ("各县(市、区)商务局*", S)]),
    ]
