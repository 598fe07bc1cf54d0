"""Task-division tables as text in every shape they reach us in, each read into exact tasks,
units and leads: with tabs, with pipes (with and without the outer pipes), one cell per line,
one cell per paragraph, and no delimiters at all; in other column orders, with columns of
leaders and of progress, and with offices run together in one cell. The documents are
written for the tests, one city and bureau each, so that no rule fits one real document.
The same tables in .docx, .html and PDF: test_table_files.py."""

from __future__ import annotations

from datetime import date

from extract.details import extract_details

from .table_cases import TABLES, L, S, U, parsed, sections, targets, tasks

# --- text, one row per line ------------------------------------------------------------------


def test_tab_rows_with_a_merged_and_a_bare_section_row_and_a_ditto_cell() -> None:
    document = extract_details(parsed(TABLES / "tab-shaoxing-culture-2024.txt"))
    assert sections(document) == [("一", "文旅融合发展"), ("二", "公共文化服务")]
    assert tasks(document) == [
        ("一[1]", "打造文旅消费新场景", [("产业发展处", U), ("资源开发处", S), ("市场管理处", S)]),
        ("一[2]", "培育研学旅行品牌", [("产业发展处", U), ("公共服务处", S)]),
        ("二[3]", "建设城市书房", [("公共服务处", U), ("各区、县(市)文广旅游局*", S)]),
        ("二[4]", "开展送戏下乡", [("艺术处", U), ("公共服务处", S)]),
    ]
    assert [t.deadline_date for t in document.tasks] == [
        date(2024, 10, 31),
        date(2024, 12, 31),
        date(2024, 12, 31),
        date(2024, 11, 30),
    ]


def test_tab_rows_with_the_units_column_first_an_empty_merged_cell_and_a_lead_rule() -> None:
    # 责任部门 alone states no role; the document's 列第一位者为牵头单位 makes the first lead.
    document = parsed(TABLES / "tab-xiamen-water-2025.txt")
    assert tasks(document) == [
        ("[1]", "完善防洪工程体系", [("防汛处", L), ("规划处", U)]),
        ("[2]", "推进水系连通", [("防汛处", L), ("规划处", U)]),
        ("[3]", "落实最严格水资源管理制度", [("水资源处", L)]),
    ]


def test_pipe_rows_with_outer_pipes_and_a_markdown_rule() -> None:
    assert tasks(parsed(TABLES / "pipe-wuhan-transport-2024.txt")) == [
        ("[1]", "优化公交线网", [("公交处", L), ("规划处", S), ("各区交通局*", S)]),
        ("[2]", "建设停车设施", [("停车办", L), ("规划处", S), ("各区交通局*", S)]),
        ("[3]", "推进绿色出行", [("公交处", L), ("能源办", S)]),
    ]


def test_pipe_rows_without_outer_pipes_and_offices_run_together() -> None:
    document = extract_details(parsed(TABLES / "pipe-chengdu-health-2025.txt"))
    assert tasks(document) == [
        ("[1]", "建设区域医疗中心", [("医政处", U), ("规划处", U)]),
        ("[2]", "提升基层服务能力", [("基层卫生处", U)]),
        ("[3]", "推进智慧医院建设", [("信息中心", U), ("县卫健局", U)]),
    ]
    assert [t.deadline_date for t in document.tasks] == [
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2025, 11, 30),
    ]


# --- text, one cell per line or per paragraph ------------------------------------------------


def test_one_cell_per_line_rows_are_cut_by_their_numbers() -> None:
    assert tasks(parsed(TABLES / "cell-line-hefei-edu-2024.txt")) == [
        ("[1]", "新建改扩建中小学30所", [("基教处", L), ("发规处", S), ("财务处", S)]),
        ("[2]", "培训骨干教师3000人次", [("人事处", L), ("教师发展中心", S)]),
        ("[3]", "推进智慧校园建设", [("电教馆", L)]),
    ]


def test_one_cell_per_line_with_a_category_printed_once_per_group() -> None:
    document = extract_details(parsed(TABLES / "cell-line-nanning-env-2025.txt"))
    # 环境质量目标 reads as a header word too; it is the first row's category.
    assert sections(document) == [("1", "环境质量目标"), ("2", "水污染防治")]
    assert [(t.section, t.title.text) for t in document.tasks] == [
        ("1", "PM2.5年均浓度控制在28微克/立方米以内"),
        ("1", "完成挥发性有机物治理项目50个"),
        ("2", "国控断面水质优良比例达到90%"),
    ]
    assert [[(u.name, u.role) for u in t.units] for t in document.tasks] == [
        [("大气处", U)],
        [("大气处", U), ("执法支队", U)],
        [("水生态处", U)],
    ]
    assert [t.deadline_date for t in document.tasks] == [
        date(2025, 12, 31),
        date(2025, 10, 31),
        date(2025, 12, 31),
    ]


def test_one_cell_per_paragraph_with_the_lead_column_before_the_units_and_progress() -> None:
    # The first content cell is wrapped over two lines; the title is its first line.
    document = extract_details(parsed(TABLES / "cell-paragraph-qingtian-2023.txt"))
    assert sections(document) == [("1", "乡村振兴"), ("2", "城市更新")]
    assert tasks(document) == [
        (
            "[1]",
            "新建高标准农田2万亩",
            [("县农业农村局", L), ("县财政局", U), ("各乡镇(街道)*", U)],
        ),
        ("[2]", "农村居民人均可支配收入增长7%", [("县农业农村局", L), ("县人力社保局", U)]),
        ("[3]", "改造老旧小区12个", [("县住建局", L), ("县城投集团", U)]),
    ]
    assert targets(document.tasks[0]) == [
        ("20000", "亩"),
        ("10000", "亩"),
    ]


def test_one_cell_per_paragraph_with_a_leaders_column_and_a_missing_last_cell() -> None:
    document = extract_details(parsed(TABLES / "cell-paragraph-jinhua-transport-2024.txt"))
    assert tasks(document) == [
        ("[1]", "建成金义东市域轨道交通", [("建设处", L), ("规划处", S), ("财务处", S)]),
        ("[2]", "新改建农村公路100公里", [("公路处", L)]),
    ]
    assert [t.deadline_date for t in document.tasks] == [date(2024, 6, 30), date(2024, 12, 31)]


# --- text with no delimiters at all ----------------------------------------------------------


def test_a_table_run_together_over_page_markers_with_a_leaders_column() -> None:
    document = extract_details(parsed(TABLES / "run-together-pages-2022.txt"))
    assert tasks(document) == [
        ("[1]", "扩大托育服务供给", [("卫健局", L), ("妇联", S), ("各镇(街道)*", S)]),
        ("[2]", "提升老旧小区品质", [("住建局", L), ("城管局", S), ("各镇(街道)*", S)]),
        ("[3]", "完善便民交通", [("交通局", L), ("公安分局", S)]),
    ]
    assert [targets(task) for task in document.tasks] == [
        [("8", "家"), ("600", "个")],
        [("20", "个"), ("5000", "户")],
        [("1200", "个")],
    ]
    # The page marker inside 各镇(2、街道) is part of no name.
    assert "2、" in document.tasks[0].units[2].surface.text


def test_a_table_run_together_one_row_a_line_with_a_deadline_column() -> None:
    document = extract_details(parsed(TABLES / "run-together-rows-2023.txt"))
    assert tasks(document) == [
        ("[1]", "城乡供水一体化", [("县水务局", L), ("县财政局", U), ("各乡镇*", U)]),
        ("[2]", "公办幼儿园扩容", [("县教育局", L), ("县发改局", U)]),
    ]
    assert [t.deadline_date for t in document.tasks] == [date(2023, 12, 31), date(2023, 9, 30)]


def test_full_width_pipes_with_outer_pipes_spaced_header_words_and_merged_section_rows() -> None:
    document = parsed(TABLES / "pipe-kunming-culture-2025.txt")
    assert sections(document) == [("一", "文旅产业"), ("二", "公共服务")]
    assert tasks(document) == [
        ("一[1]", "培育旅游演艺", [("产业处", S), ("市场处", L)]),
        ("一[2]", "发展乡村旅游", [("资源处", S), ("各县(市、区)文旅局*", S), ("市场处", L)]),
        ("二[3]", "建设智慧文旅平台", [("信息中心", S), ("公共服务处", L)]),
    ]


def test_pipe_rows_without_outer_pipes_end_where_the_plan_goes_on_in_paragraphs() -> None:
    document = parsed(TABLES / "pipe-lanzhou-agri-2024.txt")
    assert tasks(document) == [
        ("[1]", "稳定粮食生产", [("种植业处", S), ("农机中心", S), ("粮食处", L)]),
        ("[2]", "发展设施农业", [("计财处", S), ("种植业处", L)]),
        ("三1", "加强队伍建设", [("人事处", L)]),
    ]
