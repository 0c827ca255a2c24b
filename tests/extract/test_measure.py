"""Measure status and deadline forms, aliases and canonical names (issue 15).

CASES: each status form the issue names (done 已/完成/出台/印发, ongoing 正在/推进中/持续, planned
将/拟/计划, long-term 长期坚持) in an 一是 item of a finding, with and without a deadline, and (issue 26)
action, an act named without its end (开展, 建立, 完善); the body sentences of a finding without items;
CASES_BUGS_CAUGHT: 未完成 once read as done; CASES_XFAIL: forms the rules do not read yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from noticeparse.extract import (
    Entities,
    extract_aliases,
    extract_entities,
    extract_measures,
    summarize_findings,
)
from noticeparse.extract.alias import canonical_name, find_inspected_unit
from noticeparse.records import Measure
from noticeparse.rules import load_rules

FINDING = "1.关于“学习不深入”的问题。"


@dataclass(frozen=True)
class Case:
    measure: str
    status: str | None
    deadline: date | None = None
    word: str | None = None  # the status span's text


CASES = [
    Case("一是已制定学习计划。", "done", word="已"),
    Case("一是完成全员轮训。", "done", word="完成"),
    Case("一是出台《学习制度》。", "done", word="出台"),
    Case("一是印发《实施方案》。", "done", word="印发"),
    Case("一是目前正在开展评估。", "ongoing", word="正在"),
    Case("一是供地工作推进中。", "ongoing", word="推进中"),
    Case("一是持续开展专项整治。", "ongoing", word="持续"),
    Case("一是将于2022年6月底前完成轮训。", "planned", date(2022, 6, 30), "将于"),
    Case("一是拟修订考核办法。", "planned", word="拟"),
    Case("一是计划于2023年12月底前接入平台。", "planned", date(2023, 12, 31), "计划于"),
    Case("一是此项整改需长期坚持。", "long_term", word="长期坚持"),
    Case("一是已完成一半，其余正在推进。", "ongoing", word="正在"),  # partly done, still running
    Case("一是于2021年12月31日前将资产清单报送财政分局。", None, date(2021, 12, 31)),
    Case("一是目前仍未落实。", None),
    Case("一是已于2022年3月底前完成。", "done", date(2022, 3, 31), "已"),  # 已于 is done, not planned
    # issue 26: an act named without its end is `action`, never done (开展 was done)
    Case("一是开展违规吃喝专项整治。", "action", word="开展"),
    Case("一是建立节假日明察暗访工作机制。", "action", word="建立"),
    Case("一是完善村级小微权力清单。", "action", word="完善"),
    Case("一是开展专项整治，查处问题9起。", "done", word="查处"),  # the finished act decides
    Case("一是对闲置项目收回资金286.5万元。", "done", word="收回"),
]

CASES_BUGS_CAUGHT = [
    Case("一是截至目前尚有2项未完成。", "ongoing", word="未完成"),  # 未完成 read as 完成 (done)
]

CASES_XFAIL = [
    Case("一是整改已完成80%。", "ongoing"),  # a share done is a measure still running: read as done
]


def _measures(text: str) -> tuple[Entities, list[Measure]]:
    rules = load_rules()
    found = extract_entities(text, rules)
    return found, extract_measures(text, found.outline, found.dates, rules)


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=[c.measure for c in CASES + CASES_BUGS_CAUGHT])
def test_status_and_deadline(case: Case):
    text = FINDING + case.measure
    _, [measure] = _measures(text)
    assert (measure.kind, measure.status, measure.deadline_end) == ("item", case.status, case.deadline)
    if case.word:
        assert text[measure.status_start:measure.status_end] == case.word


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(strict=True)) for c in CASES_XFAIL],
                         ids=[c.measure for c in CASES_XFAIL])
def test_known_misses(case: Case):
    _, [measure] = _measures(FINDING + case.measure)
    assert (measure.status, measure.deadline_end) == (case.status, case.deadline)


def test_sentences_of_a_finding_without_items_and_the_summary():
    text = ("二、审计查出问题的整改情况\n1.超标准列支会议费。相关单位已收回会议费8.6万元。下一步将修订制度。\n"
            "2.关于“X”的问题。一是正在推进。")
    found, measures = _measures(text)
    assert [(m.kind, m.status, text[m.start:m.end]) for m in measures] == [
        ("sentence", "done", "相关单位已收回会议费8.6万元。"),
        ("sentence", "planned", "下一步将修订制度。"),
        ("item", "ongoing", "一是正在推进。"),
    ]
    findings = [n for n in summarize_findings(found.outline, measures) if n.is_finding]
    assert sum(f.measures or 0 for f in findings) == len([m for m in measures if m.finding_id in
                                                          {f.node_id for f in findings}])


ALIASES = [
    ("市委第二巡察组对中共东莞滨海湾新区工作委员会（以下简称“新区党工委”）开展了巡察",
     [("新区党工委", "中共东莞滨海湾新区工作委员会")]),
    ("根据东莞市滨海湾新区管理委员会(以下简称新区管委会)的意见", [("新区管委会", "东莞市滨海湾新区管理委员会")]),
    ("中共清溪县农业农村局党组（以下简称“局党组”）", [("局党组", "中共清溪县农业农村局党组")]),
    ("新区党工委（扩大）会议", []),
]


@pytest.mark.parametrize(("text", "expected"), ALIASES, ids=[a[1][0][0] if a[1] else "none" for a in ALIASES])
def test_aliases(text: str, expected: list[tuple[str, str]]):
    aliases = extract_aliases(text, load_rules())
    assert [(a.alias, a.full_name) for a in aliases] == expected
    for alias in aliases:
        assert text[alias.start:alias.end] == alias.text and alias.text.startswith(alias.full_name)


def test_canonical_names():
    rules = load_rules()
    text = ALIASES[0][0]
    aliases = extract_aliases(text, rules)
    data = rules["aliases"].data
    assert canonical_name("新区党工委", aliases, data) == "中共东莞滨海湾新区工作委员会"
    assert canonical_name("滨海湾工委", [], data) == "中共东莞滨海湾新区工作委员会"  # lexicon entry
    assert canonical_name("青川市", [], data) == "青川市"
    assert canonical_name(None, [], data) is None
    assert find_inspected_unit(text, rules) == "中共东莞滨海湾新区工作委员会"


def test_measures_of_cases():
    from noticeparse.parse import parse_text

    text = ("（一）区住房和城乡建设局原副局长王XX违规收受礼品礼金问题。2020年春节至2023年中秋节期间，王XX收受"
            "礼金共计4.2万元。2023年12月，王XX受到党内严重警告处分，违纪所得已收缴。\n"
            "（二）区农业农村局种子管理站站长李某某公车私用问题。2024年1月，李某某受到党内警告处分，被责令退赔相关费用。")
    notice = parse_text(text)
    got = [(m.case_id, m.finding_id, m.status, text[m.start:m.end]) for m in notice.measures if m.kind == "case"]
    assert got == [(notice.cases[0].case_id, None, "done", "违纪所得已收缴。"),
                   (notice.cases[1].case_id, None, None, "被责令退赔相关费用。")]
