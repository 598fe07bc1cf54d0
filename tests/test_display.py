"""Numbers, comparators and roles in Chinese, as every page, register and sheet shows them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.display import (
    amount_text,
    comparator_text,
    magnitude_text,
    role_text,
    target_text,
)
from graph.model import Comparator, Role, SpanView, TargetView


def target(
    comparator: Comparator,
    *,
    value: str | None = None,
    minimum: str | None = None,
    maximum: str | None = None,
    unit: str | None = None,
    printed: str | None = None,
    bound: Comparator | None = None,
    implied: bool = False,
) -> TargetView:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return TargetView(
        iri="urn:x:target",
        statement="urn:x:statement",
        metric="指标",
        comparator=comparator,
        value=number(value),
        minimum=number(minimum),
        maximum=number(maximum),
        unit=unit,
        cue="",
        value_text=printed,
        span=SpanView(0, 1, "x"),
        change_bound=bound,
        implied=implied,
    )


@pytest.mark.parametrize(
    ("comparator", "text"),
    [
        (Comparator.AT_LEAST, "不少于(≥)"),
        (Comparator.MORE_THAN, "超过(>)"),
        (Comparator.AT_MOST, "不超过(≤)"),
        (Comparator.LESS_THAN, "低于(<)"),
        (Comparator.EQUAL, "等于(=)"),
        (Comparator.APPROX, "约(≈)"),
        (Comparator.RANGE, "介于"),
        (Comparator.INCREASE_BY, "提高"),
        (Comparator.DECREASE_BY, "下降"),
        (Comparator.FULL_COVERAGE, "全覆盖"),
    ],
)
def test_every_comparator_reads_in_chinese_with_its_sign(comparator: Comparator, text: str) -> None:
    assert comparator_text(comparator) == text


def test_a_change_with_a_bound_on_its_size_reads_as_both() -> None:
    assert comparator_text(Comparator.DECREASE_BY, Comparator.AT_LEAST) == "下降不少于(≥)"
    assert comparator_text(Comparator.INCREASE_BY, Comparator.MORE_THAN) == "提高超过(>)"
    # A bound means nothing on a level: the level's own word stands.
    assert comparator_text(Comparator.AT_LEAST, Comparator.AT_MOST) == "不少于(≥)"


@pytest.mark.parametrize(
    ("role", "text"), [(Role.LEAD, "牵头"), (Role.SUPPORTING, "配合"), (Role.UNSPECIFIED, "未区分")]
)
def test_every_role_reads_in_chinese(role: Role, text: str) -> None:
    assert role_text(role) == text


@pytest.mark.parametrize(
    ("value", "printed", "text"),
    [
        ("1500000000", "15", "15亿"),  # 15亿元: the plan printed 15 and the word 亿
        ("100000000", None, "1亿"),
        ("123000000", None, "1.23亿"),
        ("1100000", "110", "110万"),
        ("12000", "1.2万", "1.2万"),
        ("20000", "2万", "2万"),
        ("12000", "12000", "12000"),  # printed as plain digits: kept as printed
        ("12345", None, "12345"),  # 1.2345万 is no way a plan writes a number
        ("123456789", None, "123456789"),
        ("9999", None, "9999"),
        ("0.3333", "三分之一", "三分之一"),  # the fraction, not its rounded decimal
        ("100.0", "100", "100"),
        ("0.25", "0.25", "0.25"),
        ("2", "两", "2"),
    ],
)
def test_magnitudes_read_as_printed_or_in_wan_and_yi(
    value: str, printed: str | None, text: str
) -> None:
    assert magnitude_text(Decimal(value), printed) == text


@pytest.mark.parametrize(
    ("made", "amount", "short"),
    [
        (
            target(Comparator.AT_LEAST, minimum="1500000000", unit="元", printed="15"),
            "15亿元",
            "不少于15亿元",
        ),
        (
            target(Comparator.AT_LEAST, minimum="1100000", unit="人次", printed="110"),
            "110万人次",
            "不少于110万人次",
        ),
        (
            target(Comparator.AT_LEAST, minimum="0.3333", printed="三分之一"),
            "三分之一",
            "不少于三分之一",
        ),
        (target(Comparator.EQUAL, value="12000", unit="个", printed="1.2万"), "1.2万个", "1.2万个"),
        (target(Comparator.EQUAL, value="100.0", unit="%", printed="100"), "100%", "100%"),
        (target(Comparator.APPROX, value="30", unit="个", printed="30"), "30个", "约30个"),
        (target(Comparator.MORE_THAN, minimum="70", unit="%", printed="70"), "70%", "超过70%"),
        (target(Comparator.AT_MOST, maximum="0.25", printed="0.25"), "0.25", "不超过0.25"),
        (target(Comparator.LESS_THAN, maximum="5", unit="%", printed="5"), "5%", "低于5%"),
        (
            target(Comparator.RANGE, minimum="2", maximum="3", unit="个", printed="2-3"),
            "2–3个",
            "2–3个",
        ),
        (target(Comparator.INCREASE_BY, value="5", unit="%", printed="5"), "5%", "提高5%"),
        (
            target(
                Comparator.DECREASE_BY, value="1", unit="%", printed="1", bound=Comparator.AT_LEAST
            ),
            "1%",
            "下降不少于1%",
        ),
        (target(Comparator.FULL_COVERAGE, value="100", unit="%", implied=True), "", "全覆盖"),
    ],
)
def test_a_target_reads_as_its_amount_with_unit_and_in_a_few_characters(
    made: TargetView, amount: str, short: str
) -> None:
    assert (amount_text(made), target_text(made)) == (amount, short)
