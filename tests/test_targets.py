"""Numbers, units and comparators: every example of shared/gold/GUIDELINES.md, and more."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.numbers import parse_number
from extract.quotes import find_quoted
from extract.records import Comparator, Field, FieldKind, Span, Target
from extract.segmentation import default_segmenter
from extract.targets import find_targets


def targets(sentence: str) -> list[Target]:
    """The targets of one sentence given as the content of a 预期成果 field."""
    text = "预期成果:" + sentence
    field = Field(FieldKind.OUTCOME, Span.of(text, 0, 4), Span.of(text, 5, len(text)))
    quoted = find_quoted(text)
    return find_targets(
        text,
        [field],
        default_segmenter(),
        [q.outer for q in quoted],
        frozenset(q.inner.text for q in quoted),
    )


def readings(sentence: str) -> list[tuple[str, str | None, str, str | None]]:
    return [
        (str(t.value), t.unit, t.comparator.value, str(t.upper) if t.upper is not None else None)
        for t in targets(sentence)
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("40", "40"),
        ("1.2万", "12000"),
        ("110万", "1100000"),
        ("15亿", "1500000000"),
        ("三分之一", "0.3333"),
        ("0.25", "0.25"),
        ("8.5", "8.5"),
        ("十二", "12"),
        ("两", "2"),
        ("百分之十五", "15"),
        ("2万", "20000"),
    ],
)
def test_numbers_are_normalised_exactly(written: str, value: str) -> None:
    assert str(parse_number(written)) == value


@given(
    st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False),
    st.sampled_from(["万", "亿"]),
)
def test_any_arabic_number_with_wan_or_yi_round_trips(number: Decimal, multiplier: str) -> None:
    factor = 10**4 if multiplier == "万" else 10**8
    assert parse_number(f"{number}{multiplier}") == number * factor


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the examples of GUIDELINES.md
        ("新增省、市清廉学校示范校30所以上", [("30", "所", "at_least", None)]),
        ("参与人数不少于110万人次", [("1100000", "人次", "at_least", None)]),
        ("职业本科招生规模不低于高职专科招生规模的12%", [("12", "%", "at_least", None)]),
        ("5A等级学校达到40%", [("40", "%", "at_least", None)]),
        ("中高职一体化招生规模超40%", [("40", "%", "at_least", None)]),
        ("在校研究生规模突破2万人", [("20000", "人", "at_least", None)]),
        ("十大行动计划完成率超过70%", [("70", "%", "more_than", None)]),
        ("义务教育学校校际差异系数控制在0.25以内", [("0.25", None, "at_most", None)]),
        ("各30个(名)左右", [("30", "个", "approx", None)]),
        ("新增中小学位1.2万个", [("12000", "个", "equal", None)]),
        ("高校科研经费突破15亿元", [("1500000000", "元", "at_least", None)]),
        ("打造2-3个融合教育示范县", [("2", "个", "range", "3")]),
        ("近视率下降1%以上", [("1", "%", "decrease_by", None)]),
        ("心理极端事件发生率较前三年平均下降10%以上", [("10", "%", "decrease_by", None)]),
        ("获奖率提升5%", [("5", "%", "increase_by", None)]),
        ("覆盖率力争提高到35%左右", [("35", "%", "approx", None)]),
        ("在甬高校三分之一以上二级院系列入标杆院系", [("0.3333", None, "at_least", None)]),
        (
            "初中、高中教师研究生比例分别达到8.5%和20%",
            [("8.5", "%", "at_least", None), ("20", "%", "at_least", None)],
        ),
        (
            "建设10个左右登峰学科、60个优势特色学科",
            [("10", "个", "approx", None), ("60", "个", "equal", None)],
        ),
        ("食堂信息化平台覆盖率70%", [("70", "%", "equal", None)]),
        ("接入50%及以上中小学服务企业", [("50", "%", "at_least", None)]),
        # beyond the example
        ("新建10至15所学校", [("10", "所", "range", "15")]),
        ("培训教师约200人次", [("200", "人次", "approx", None)]),
        ("新增学位不超过3000个", [("3000", "个", "at_most", None)]),
        ("投入资金5000万元", [("50000000", "元", "equal", None)]),
        ("建成三个示范基地", [("3", "个", "equal", None)]),
        ("辍学率低于0.5%", [("0.5", "%", "less_than", None)]),
        ("培育200余家企业", [("200", "家", "more_than", None)]),
        ("优良率提高2个百分点", [("2", "个百分点", "increase_by", None)]),
    ],
)
def test_value_unit_and_comparator(
    sentence: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert readings(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "制定2024-2027年行动计划,出台2024年中考政策",
        "保持省内第一、全国第一方阵地位",
        "推进“1+5+5”教育数字化改革,稳步扩大“3+4”中本一体化试点",
        "升级“甬上云校2.0”,升级阿拉教师码3.0",
        "培养选拔优秀85后青年干部",
        "加大5G、大数据在智慧课堂的推广",
        "提升甬凉10+3教育联盟共同体建设水平",
        "开展二级及以上幼儿园评估,启动一批项目",
        "6个月内完成验收",
    ],
)
def test_years_ordinals_and_numbers_in_names_are_not_targets(sentence: str) -> None:
    assert readings(sentence) == []


def test_a_name_quoted_elsewhere_is_not_a_count_where_it_is_unquoted() -> None:
    assert readings("落实“四个学校”建设,建立健全四个学校建设机制") == []


def test_full_coverage_is_an_implied_hundred_percent() -> None:
    (target,) = targets("实现党组织书记培训全覆盖")
    assert (target.comparator, target.value, target.unit, target.implied) == (
        Comparator.FULL_COVERAGE,
        Decimal(100),
        "%",
        True,
    )
    assert target.metric is not None
    assert target.metric.text == "党组织书记培训"


def test_metric_cue_deadline_and_baseline_are_kept() -> None:
    (target,) = targets("到2025年,心理极端事件发生率较前三年平均下降10%以上")
    assert target.metric is not None
    assert target.metric.text == "心理极端事件发生率"
    assert target.cue == "下降…以上"
    assert target.change_bound is Comparator.AT_LEAST
    assert target.deadline is not None
    assert target.deadline.text == "到2025年"
    assert str(target.deadline_date) == "2025-12-31"
    assert target.baseline is not None
    assert target.baseline.text == "前三年平均"


def test_a_deadline_with_month_ends_on_the_last_day() -> None:
    (target,) = targets("2024年6月底前,建成3个基地")
    assert str(target.deadline_date) == "2024-06-30"
    assert target.span.text == "建成3个基地"


def test_a_level_written_from_to_keeps_the_start_as_baseline() -> None:
    (target,) = targets("覆盖率从60%提高到80%")
    assert (str(target.value), target.comparator) == ("80", Comparator.AT_LEAST)
    assert target.baseline is not None
    assert target.baseline.text == "60%"


def test_a_count_is_of_the_thing_after_it_and_a_level_of_the_words_before() -> None:
    count, level = targets("建设10个大中小学思政课一体化建设共同体,课后服务供给率达到100%")
    assert count.metric is not None
    assert count.metric.text == "大中小学思政课一体化建设共同体"
    assert count.span.text == "建设10个大中小学思政课一体化建设共同体"
    assert level.metric is not None
    assert level.metric.text == "课后服务供给率"


def test_a_cue_inside_a_word_is_no_cue() -> None:
    (target,) = targets("中等职业学校办学条件达标率100%")
    assert target.comparator is Comparator.EQUAL


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("举办招聘会50场次", [("50", "场次", "equal", None)]),
        ("入户走访困难群众1200户次", [("1200", "户次", "equal", None)]),
        ("完成巡查飞行36架次以上", [("36", "架次", "at_least", None)]),
        ("细颗粒物年均浓度控制在35微克/立方米以下", [("35", "微克/立方米", "at_most", None)]),
    ],
)
def test_measure_words_are_read_as_printed(
    sentence: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert readings(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "规范处置危险废物,防止二次污染",  # a numeral inside a word of the dictionary
        "减少二次污染风险",  # … even after a change cue
        "统筹两个市场,拓展两个市场",  # a numeral with no count verb names a pair
        "做到机构、编制、人员、经费四个到位",
        "严把教学标准和毕业学生质量标准两个关口",  # a count that sums up the list before it
        "创建三公里充分就业社区",  # written out before a unit of measurement: a kind of thing
        "启动361人才培育工程",  # the number runs into the word 人才
        "发放一次性吸纳就业补贴",
    ],
)
def test_numbers_inside_names_are_not_targets(sentence: str) -> None:
    assert readings(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("新建两所学校", [("2", "所", "equal", None)]),
        ("开展三次专项督查", [("3", "次", "equal", None)]),
        ("新建人才驿站三个", [("3", "个", "equal", None)]),
        (
            "建成三个生态示范基地和两个实验区",
            [("3", "个", "equal", None), ("2", "个", "equal", None)],
        ),
        ("引进高层次人才不少于两百名", [("200", "名", "at_least", None)]),
        ("建设10个三公里充分就业社区", [("10", "个", "equal", None)]),
        ("推动两个以上项目落地", [("2", "个", "at_least", None)]),
    ],
)
def test_a_count_written_in_chinese_is_a_target_with_its_count_verb_or_cue(
    sentence: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert readings(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "年满18周岁的退役军人可报名参加",
        "对年满60周岁以上的老年人发放补贴",
        "对超过100人的企业给予一次性补贴",
        "对不足10人的教学班予以合并",
        # a condition (…的,) followed by what may then be done: its numbers say who qualifies
        "小微企业新招用人员达到职工总数15%(超过100人的企业达到8%)并签订1年以上劳动合同的,可申请贴息",
        "连续缴纳社会保险满12个月且吸纳就业3人以上的,给予奖励",
        "对80岁以上老人发放高龄津贴",  # an age without a level cue says who
        "加大对35岁以下青年科技人员的扶持",
    ],
)
def test_eligibility_thresholds_are_not_targets(sentence: str) -> None:
    assert readings(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a qualifier inside the words the next number measures: only that number is a target
        ("拥有3项以上发明专利的企业达到200家", [("200", "家", "at_least", None)]),
        ("超过300人的企业占比达到15%", [("15", "%", "at_least", None)]),
        # a cap on what is granted, a count with its verb and a share to reach stay targets
        ("可申请最高不超过15万元的创业担保贷款", [("150000", "元", "at_most", None)]),
        ("培育50家以上的龙头企业", [("50", "家", "at_least", None)]),
        ("力争90%以上的行政村通光纤", [("90", "%", "at_least", None)]),
        ("符合条件的,可申请最高不超过20万元的贷款", [("200000", "元", "at_most", None)]),
        ("新增3岁以下婴幼儿托位2000个", [("2000", "个", "equal", None)]),
        # a level kept as the floor of what follows is no qualifier
        ("在生均拨款水平达到8000元的基础上逐步提高", [("8000", "元", "at_least", None)]),
        # an age with its level cue is a target
        ("人均预期寿命达到79岁", [("79", "岁", "at_least", None)]),
    ],
)
def test_a_bounded_number_that_qualifies_a_noun_is_no_target_but_its_neighbours_are(
    sentence: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert readings(sentence) == expected
