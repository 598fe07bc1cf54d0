"""Formats plans are published in: .docx, .html, .pdf and GBK text, each built into exact
tasks, units and leads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.reading import decode_document, read_document
from extract.records import Document, Role
from extract.structure import parse_plan
from policykg.errors import InputError

from .conftest import DATA


def units(document: Document) -> list[tuple[str, list[tuple[str, Role]]]]:
    return [(t.path, [(u.name, u.role) for u in t.units]) for t in document.tasks]


# --- .docx -----------------------------------------------------------------------------------


def make_docx() -> bytes:
    """A plan whose headings use Word's automatic Chinese numbering and whose tasks sit in
    a table with cells merged down and across."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )

    document.add_paragraph("嘉兴市教育局2025年重点工作任务分解")
    numbered("深化教育综合改革")
    table = document.add_table(rows=4, cols=5)
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "配合单位"],
        ["1", "推进集团化办学", "新建教育集团20个。", "基础教育处", "发展规划处"],
        ["2", "", "组建名校长工作室10个。", "", "人事处"],
        ["3", "深化评价改革", "出台评价办法。", "督导室", ""],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # one task spanning two rows
    table.cell(1, 3).merge(table.cell(2, 3))  # one lead for both
    table.cell(3, 3).merge(table.cell(3, 4))  # a cell across two columns
    table.cell(3, 3).text = "督导室"
    numbered("强化保障")
    document.add_paragraph("1.加强经费保障。教育经费投入不低于12亿元。")
    document.add_paragraph("牵头单位:财务处")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_keeps_its_word_numbering_and_merged_table_cells() -> None:
    source = decode_document(make_docx(), "plan.docx")
    document = parse_plan(source.text)
    assert source.encoding == "docx"
    assert [(s.number, s.title.text) for s in document.sections] == [
        ("一", "深化教育综合改革"),
        ("二", "强化保障"),
    ]
    assert units(document) == [
        ("一[1]", [("基础教育处", Role.LEAD), ("发展规划处", Role.SUPPORTING)]),
        ("一[2]", [("基础教育处", Role.LEAD), ("人事处", Role.SUPPORTING)]),
        ("一[3]", [("督导室", Role.LEAD)]),
        ("二1", [("财务处", Role.LEAD)]),
    ]
    assert [t.title.text for t in document.tasks] == [
        "推进集团化办学",
        "组建名校长工作室10个",
        "深化评价改革",
        "加强经费保障",
    ]


def test_a_zip_that_is_no_docx_is_refused() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b")
    with pytest.raises(InputError, match=r"a ZIP archive \(not a \.docx\), not a text file"):
        decode_document(buffer.getvalue(), "plan.docx")


# --- .html -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>湖州市教育局2025年重点工作任务分解表_湖州市人民政府</title></head><body>
<div class="header"><a href="/">首页</a> <a href="/news">新闻中心</a></div>
<div class="nav"><ul><li>政务公开</li><li>办事服务</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div id="zoom">
<h1>湖州市教育局2025年重点工作任务分解表</h1>
<p>一、推进教育优质均衡</p>
<table border="1">
<tr><th>序号</th><th>具体措施</th><th>牵头单位</th><th>责任单位</th><th>完成时限</th></tr>
<tr><td>1</td><td>新增学位5000个。</td><td rowspan="2">基础教育处</td><td>各区县教育局</td>
<td>2025年8月底前</td></tr>
<tr><td>2</td><td>建成智慧校园100所。</td><td>信息中心</td><td>2025年底</td></tr>
</table>
<p>二、加强队伍建设</p>
<p>1.培训校长教师2000人次。（牵头单位：人事处；责任单位：教师发展中心）</p>
</div>
<div class="footer">版权所有 湖州市人民政府 网站地图 联系我们</div>
<script>var x = "<p>一、假标题</p>";</script>
</body></html>"""


def test_an_html_page_gives_its_article_without_navigation() -> None:
    source = decode_document(PAGE.encode("utf-8"), "page.html")
    document = parse_plan(source.text)
    assert source.encoding == "html (utf-8)"
    assert "首页" not in source.text
    assert "版权所有" not in source.text
    assert "假标题" not in source.text
    assert document.info.title == "湖州市教育局2025年重点工作任务分解表"
    assert units(document) == [
        ("一[1]", [("基础教育处", Role.LEAD), ("各区县教育局", Role.UNSPECIFIED)]),
        ("一[2]", [("基础教育处", Role.LEAD), ("信息中心", Role.UNSPECIFIED)]),
        ("二1", [("人事处", Role.LEAD), ("教师发展中心", Role.UNSPECIFIED)]),
    ]
    assert document.tasks[0].units[1].generic


def test_an_html_page_in_gbk_reads_the_same() -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="gbk"')
    source = decode_document(page.encode("gbk"), "page.html")
    assert units(parse_plan(source.text)) == units(
        parse_plan(decode_document(PAGE.encode("utf-8"), "page.html").text)
    )


# --- .pdf ------------------------------------------------------------------------------------


def make_pdf(with_text: bool = True) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "新建学校10所", "基础教育处", "财务处"],
        ["2", "培训教师500人次", "", "人事处"],
    ]
    table = Table(
        rows,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (2, 1), (2, 2)),
            ]
        ),
    )
    buffer = io.BytesIO()
    story = (
        [
            Paragraph("嘉兴市教育局2025年工作任务分解表", style),
            Paragraph("一、扩大优质资源", style),
            table,
        ]
        if with_text
        else []
    )
    SimpleDocTemplate(buffer, pagesize=A4).build(story or [Table([[""]])])
    return buffer.getvalue()


def test_a_pdf_gives_its_text_and_its_table_in_reading_order() -> None:
    source = decode_document(make_pdf(), "plan.pdf")
    document = parse_plan(source.text)
    assert source.encoding == "pdf"
    assert document.info.title == "嘉兴市教育局2025年工作任务分解表"
    assert units(document) == [
        ("一[1]", [("基础教育处", Role.LEAD), ("财务处", Role.SUPPORTING)]),
        ("一[2]", [("基础教育处", Role.LEAD), ("人事处", Role.SUPPORTING)]),
    ]


def test_a_pdf_without_a_text_layer_asks_for_ocr() -> None:
    with pytest.raises(InputError, match="the PDF has no text layer \\(a scan\\?\\); run OCR"):
        decode_document(make_pdf(with_text=False), "scan.pdf")


# --- text ------------------------------------------------------------------------------------


def test_a_gbk_file_builds_the_same_tasks_as_utf8(tmp_path: Path) -> None:
    source = DATA / "hangzhou-health-2025.txt"
    copy = tmp_path / "plan.txt"
    copy.write_bytes(source.read_text(encoding="utf-8").encode("gbk"))
    assert units(parse_plan(read_document(copy).text)) == units(
        parse_plan(read_document(source).text)
    )


def test_a_text_export_of_a_table_reads_like_the_table() -> None:
    document = parse_plan(read_document(DATA / "task-division-table.txt").text)
    assert units(document) == [
        (
            "一[1]",
            [
                ("基础教育处", Role.LEAD),
                ("发展规划处", Role.SUPPORTING),
                ("财务处", Role.SUPPORTING),
            ],
        ),
        ("一[2]", [("基础教育处", Role.LEAD), ("人事处", Role.SUPPORTING)]),
        (
            "一[3]",
            [
                ("督导室", Role.LEAD),
                ("基础教育处", Role.SUPPORTING),
                ("各县(市、区)教育局", Role.SUPPORTING),
            ],
        ),
        ("二[1]", [("财务处", Role.LEAD), ("发展规划处", Role.SUPPORTING)]),
    ]
    assert [str(t.deadline_date) for t in document.tasks] == ["None"] * 4  # set by extraction


def test_markdown_and_space_separated_tables_are_tables_too() -> None:
    markdown = (
        "某局2025年任务清单\n| 序号 | 工作任务 | 责任单位 |\n|---|---|---|\n"
        "| 1 | 开展调研 | 办公室、法规处 |\n| 2 | 制定方案 | 法规处 |\n"
    )
    spaced = (
        "某局2025年任务清单\n序号  工作任务  牵头单位\n1  开展调研  办公室\n2  制定方案  法规处\n"
    )
    assert units(parse_plan(markdown)) == [
        ("[1]", [("办公室", Role.UNSPECIFIED), ("法规处", Role.UNSPECIFIED)]),
        ("[2]", [("法规处", Role.UNSPECIFIED)]),
    ]
    assert units(parse_plan(spaced)) == [
        ("[1]", [("办公室", Role.LEAD)]),
        ("[2]", [("法规处", Role.LEAD)]),
    ]
