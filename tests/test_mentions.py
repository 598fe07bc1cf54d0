"""Programmes, policy documents, organisations and places, on text from several places."""

from __future__ import annotations

from extract.entities import Gazetteer, entity_mentions
from extract.mentions import named_mentions
from extract.records import Field, FieldKind, MentionKind, Span
from extract.segmentation import default_segmenter


def mentions(sentence: str, document: str = "") -> list[tuple[str, str, str | None, str | None]]:
    text = "工作措施:" + sentence
    field = Field(FieldKind.MEASURE, Span.of(text, 0, 4), Span.of(text, 5, len(text)))
    title = Span.of(text, 0, 0)
    found = named_mentions(text, title, [field]) + entity_mentions(
        text, title, [field], default_segmenter(), Gazetteer.for_document(document or text)
    )
    return [(m.kind.value, m.name, m.key, m.action.kind if m.action else None) for m in found]


def test_quoted_names_are_programmes_without_their_marks() -> None:
    assert mentions('巩固“双减”成效,打造「城乡共阅」平台,推进"智慧教育"示范区建设') == [
        ("programme", "双减", None, None),
        ("programme", "城乡共阅", None, None),
        ("programme", "智慧教育", None, None),
    ]


def test_a_verb_governs_every_title_of_a_list() -> None:
    found = mentions("研究制定《甲市学前教育条例》和《甲市托育服务管理办法》,落实《乙方案》")
    assert [(kind, name, action) for kind, name, _, action in found] == [
        ("policy_document", "甲市学前教育条例", "Formulate"),
        ("policy_document", "甲市托育服务管理办法", "Formulate"),
        ("policy_document", "乙方案", "Implement"),
    ]


def test_a_title_keeps_inner_quotes_and_yields_the_programme_too() -> None:
    found = mentions("出台《深化“四个学校”建设 提升治理能力行动方案》")
    assert [(kind, name) for kind, name, _, _ in found] == [
        ("policy_document", "深化“四个学校”建设 提升治理能力行动方案"),
        ("programme", "四个学校"),
    ]


def test_places_resolve_to_their_division_codes() -> None:
    found = mentions("支持杭州市西湖区、滨江区和温州市建设示范区,深化与罗马尼亚、长三角的合作")
    assert [(name, key) for kind, name, key, _ in found if kind == "place"] == [
        ("杭州市", "cn-330100"),
        ("西湖区", "cn-330106"),
        ("滨江区", "cn-330108"),
        ("温州市", "cn-330300"),
        ("罗马尼亚", "iso-RO"),
        ("长三角", None),
    ]


def test_a_county_short_name_counts_only_where_its_city_is_in_the_document() -> None:
    sentence = "指导西湖、滨江等地开展创建工作"
    in_hangzhou = mentions(sentence, document="杭州市教育局2025年工作要点。" + sentence)
    elsewhere = mentions(sentence, document="成都市教育局2025年工作要点。" + sentence)
    assert [(name, key) for _, name, key, _ in in_hangzhou] == [
        ("西湖区", "cn-330106"),
        ("滨江区", "cn-330108"),
    ]
    assert elsewhere == []


def test_organisations_are_central_bodies_or_names_ending_in_an_organisation_word() -> None:
    found = mentions("会同发展改革委、人力资源社会保障部,支持四川大学华西医院和现代产业学院建设")
    assert [(kind, name) for kind, name, _, _ in found] == [
        ("organization", "国家发展和改革委员会"),
        ("organization", "人力资源和社会保障部"),
        ("organization", "四川大学华西医院"),
    ]


def test_a_place_inside_an_organisation_name_is_not_a_place() -> None:
    found = mentions("支持宁波大学和宁波东方理工大学(暂名)建设")
    assert [(kind, name) for kind, name, _, _ in found] == [
        ("organization", "宁波大学"),
        ("organization", "宁波东方理工大学(暂名)"),
    ]


def test_a_place_name_in_a_fixed_phrase_or_in_quotes_is_no_place() -> None:
    found = mentions("学习中国特色社会主义理论,打造“留学宁波”品牌")
    assert [(kind, name) for kind, name, _, _ in found] == [("programme", "留学宁波")]


def test_mention_spans_quote_the_text() -> None:
    text = "工作措施:推进宁波市与香港大学合作,落实“双减”"
    field = Field(FieldKind.MEASURE, Span.of(text, 0, 4), Span.of(text, 5, len(text)))
    found = named_mentions(text, Span.of(text, 0, 0), [field]) + entity_mentions(
        text, Span.of(text, 0, 0), [field], default_segmenter(), Gazetteer.for_document(text)
    )
    assert {m.kind for m in found} == set(MentionKind) - {MentionKind.POLICY_DOCUMENT}
    assert all(text[m.span.start : m.span.end] == m.span.text for m in found)
