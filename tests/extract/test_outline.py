"""Outline levels (GB/T 9704-2012): 一、 （一） 1. （1） and inline 一是, plus findings."""

from __future__ import annotations

import pytest

from noticeparse.extract.outline import extract_outline

FULLWIDTH = "一、总体情况\n（一）压实责任。正文，\n１．关于“资金监管不严”的问题。一是清理资金。二是约谈５人次。\n（二）强化督查\n二、下一步"
ASCII = "一、总体情况\n(一)压实责任。正文,\n1.关于“资金监管不严”的问题。一是清理资金。二是约谈5人次。\n(二)强化督查\n二、下一步"


def shape(text: str, rules):
    return [(n.level, n.ordinal, n.parent_id, n.heading, n.is_finding) for n in extract_outline(text, rules)]


def test_fullwidth_and_ascii_parse_alike(rules):
    from noticeparse.parse.normalize import normalize_text

    assert shape(normalize_text(FULLWIDTH).text, rules) == shape(ASCII, rules)


def test_tree(rules):
    assert shape(ASCII, rules) == [
        (1, 1, None, "总体情况", False),
        (2, 1, 1, "压实责任", False),
        (3, 1, 2, "关于“资金监管不严”的问题", True),
        (5, 1, 3, "清理资金", False),
        (5, 2, 3, "约谈5人次", False),
        (2, 2, 1, "强化督查", False),
        (1, 2, None, "下一步", False),
    ]


def test_level4_items(rules):
    text = "一、要求\n1.规范立项。\n(1)三千万元以上;\n(2)以下;\n2.加强概算。"
    assert [(n.level, n.marker, n.parent_id) for n in extract_outline(text, rules)] == [
        (1, "一、", None), (3, "1.", 1), (4, "(1)", 2), (4, "(2)", 2), (3, "2.", 1)]


def test_spans_nest(rules):
    nodes = extract_outline(ASCII, rules)
    by_id = {n.node_id: n for n in nodes}
    for node in nodes:
        assert ASCII[node.marker_start : node.marker_end] == node.marker
        if node.parent_id:
            parent = by_id[node.parent_id]
            assert parent.start <= node.start and node.end <= parent.end


@pytest.mark.parametrize(
    "text",
    ["2019、2020、2021年度学习总结", "统一是必要的", "第一责任人", "1.05亿元", "二是没有一是的列表"],
    ids=["year-list", "tongyi-shi", "ordinal", "decimal", "inline-without-start"],
)
def test_not_markers(text: str, rules):
    assert extract_outline(text, rules) == []


def test_finding_title_keeps_inner_quotes(rules):
    [node] = extract_outline("1.关于“‘三重一大’制度执行不严格”的问题。", rules)
    assert node.finding_title == "‘三重一大’制度执行不严格"


def test_repeated_or_backward_numbers_are_not_markers(rules):
    text = "1.甲项\n2.乙项\n2.重复\n1.新列表\n5.跳号"
    assert [n.marker for n in extract_outline(text, rules)] == ["1.", "2.", "1.", "5."]


def test_symbol_and_decimal_markers(rules):
    text = "一、背景\n1.1 巡察组织\n1.2 工作要求\n㈠ 程序\n①全国共审计"
    assert [(n.level, n.ordinal) for n in extract_outline(text, rules)] == [(1, 1), (3, 1), (3, 2), (2, 1), (4, 1)]


def test_inline_run_of_numbered_items(rules):
    """1、… 2、… 3、… on one line (a run-on list or a table of contents) are level-3 items (issue 14)."""
    text = "一、主要做法\n主要做法: 1、建立台账 2、定期调度 3、严格考核"
    assert [(n.level, n.marker, n.heading, n.parent_id) for n in extract_outline(text, rules)] == [
        (1, "一、", "主要做法", None), (3, "1、", "建立台账", 1), (3, "2、", "定期调度", 1), (3, "3、", "严格考核", 1)]
    assert [n.marker for n in extract_outline("1.总则 2.职责 3.附则", rules)] == ["1.", "2.", "3."]


def test_numbers_that_make_no_run_are_not_markers(rules):
    assert extract_outline("共有3、4批次，涉及 5、6个单位", rules) == []


def test_inline_items_after_a_noun(rules):
    nodes = extract_outline("镇党委一要提高站位，二要压实责任。", rules)
    assert [(n.level, n.marker, n.heading) for n in nodes] == [(5, "一要", "提高站位"), (5, "二要", "压实责任")]


def test_outline_written_as_one_paragraph(rules):
    """【提纲】一、… 。二、…。(一)…。(二)… on one line (a speech outline, hardcase p175)."""
    text = "【提纲】一、提高政治站位。二、聚焦重点攻坚,推动整改见底清零。(一)建立清单机制。(二)聚焦关键领域整改。"
    assert [(n.level, n.marker, n.parent_id) for n in extract_outline(text, rules)] == [
        (1, "一、", None), (1, "二、", None), (2, "(一)", 2), (2, "(二)", 2)]


def test_parenthesised_number_after_a_sentence_alone_is_no_marker(rules):
    assert [n.marker for n in extract_outline("组织召开会议。(二)扩大会议", rules)] == []
