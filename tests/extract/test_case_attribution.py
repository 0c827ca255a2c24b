"""Which person each penalty goes to (extract/case_attribution.py, rules/case.yaml data.attribution).

CASES are the attribution forms of the genre, each a short rewritten case text with the
penalties every person must get: a subject (X受到), an object (给予X, 对X进行), 分别 lists split
in order, 均/二人 to each, a pronoun (给予其, 他受到, 两人), a unit, a clause carried on
(被开除党籍，…被移送), a recovery that follows its person, and named people who get nothing.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.parse import ParseOptions, parse_text
from noticeparse.settings import Settings

HEAD = "县纪委监委通报典型问题\n"


class Case(NamedTuple):
    id: str
    text: str
    given: dict[str, list[str]]  # name → penalty values, in order


CASES = [
    Case("subject", "2021年3月，张某受到党内严重警告处分。", {"张某": ["严重警告"]}),
    Case("object", "县纪委给予县医院院长张某某党内警告处分；对县卫健委局长刘某提醒谈话，对工作人员王某某诫勉谈话。",
         {"张某某": ["警告"], "刘某": ["批评教育"], "王某某": ["诫勉"]}),
    Case("respectively-split", "袁某某、王某某分别受到党内警告、党内严重警告处分。",
         {"袁某某": ["警告"], "王某某": ["严重警告"]}),
    Case("respectively-each", "沈某某，县财政局原党组副书记张某某分别受到党内警告处分。",
         {"沈某某": ["警告"], "张某某": ["警告"]}),
    Case("both", "孙某、钱某某二人均受到诫勉谈话处理。", {"孙某": ["诫勉"], "钱某某": ["诫勉"]}),
    Case("pronoun-object", "经研究，决定给予骆某某开除党籍处分，取消其退休待遇；收缴其违纪违法所得；将其涉嫌犯罪问题移送司法机关依法处理。",
         {"骆某某": ["开除党籍", "收缴违纪所得", "移送司法机关"]}),
    Case("pronoun-plural", "吴某宴请曹某某、蒋某某等人。镇纪委对两人进行了批评教育。",
         {"曹某某": ["批评教育"], "蒋某某": ["批评教育"]}),
    Case("carry", "黄某另有其他严重违纪违法问题，被开除党籍、开除公职，涉嫌犯罪问题被移送检察机关依法审查起诉。",
         {"黄某": ["开除党籍", "开除", "移送检察机关"]}),
    Case("unit-object", "县纪委监委对太平镇党委进行通报批评，给予分管副镇长唐某某政务记过处分。",
         {"太平镇党委": ["通报批评"], "唐某某": ["记过"]}),
    Case("unit-subject", "江某某受到党内严重警告处分；石塘镇党委对报告制度落实不力，被责令作出书面检查。",
         {"江某某": ["严重警告"], "石塘镇党委": ["批评教育"]}),
    Case("name-inside", "给予周某某党内严重警告处分，并责令镇党委立即免去周某某的镇党政办主任职务。",
         {"周某某": ["严重警告", "免职"]}),
    Case("recovery-follows", "林某某受到党内警告处分，违纪款已收缴。", {"林某某": ["警告", "收缴违纪所得"]}),
    Case("third-party-money", "王某某受到党内警告处分，村民王某违规领取的资金已被追缴。", {"王某某": ["警告"]}),
    Case("unnamed-others", "顾某某受到党内严重警告处分，其他人员分别受到相应处理，另有4名经理人员受到党政纪处分。",
         {"顾某某": ["严重警告"]}),
    Case("unnamed-object", "决定给予吴某某同志党内警告处分。对参与吃请的其他13人进行诫勉谈话。", {"吴某某": ["警告"]}),
    Case("contractor-named", "村党支部书记陈某某把工程违规发包给其哥哥陈某，2019年9月，陈某某受到党内警告处分。",
         {"陈某某": ["警告"]}),
    Case("repeated-in-lead", "叶某某指使他人拉票，受到留党察看一年处分。经研究，给予叶某某留党察看一年处分，给予刘某某党内严重警告处分。",
         {"叶某某": ["留党察看一年"], "刘某某": ["严重警告"]}),
    Case("heading-subject", "甲镇乙村党支部书记王某某违规发放误工补贴问题。2021年8月，受到党内警告处分，违规资金已收缴。",
         {"王某某": ["警告", "收缴违纪所得"]}),
    Case("object-gei-yi", "经研究，决定给以李某某党内警告处分。", {"李某某": ["警告"]}),
    Case("count-stands-for-names",
         "村党支部副书记陈某某、村委会主任漆某某、村文书漆某和村妇联主席胡某某4人冒领补贴1.36万元。4人分别受到党内警告处分，违纪所得予以收缴。",
         {"陈某某": ["警告", "收缴违纪所得"], "漆某某": ["警告", "收缴违纪所得"], "漆某": ["警告", "收缴违纪所得"],
          "胡某某": ["警告", "收缴违纪所得"]}),
    Case("count-after-byline", "本报讯（记者王某某）数据显示，全国共处理7353人，其中5101人受到党纪政务处分。", {}),
    Case("group-with-others", "副主任胡某某等5名领导干部受到党纪处分。", {"胡某某": ["党纪处分"]}),
    Case("transfer-beside-dismissal", "徐某某受到党内严重警告处分，被免职并调离纪检监察队伍。",
         {"徐某某": ["严重警告", "免职", "组织处理"]}),
    Case("respectively-before-object", "分别对派出所民警范某某、陈某某予以通报批评、诫勉谈话。",
         {"范某某": ["通报批评"], "陈某某": ["诫勉"]}),
    Case("respectively-of-another-act", "张某某、李某某分别收受红包2000元、3000元，二人均受到党内警告、政务警告处分。",
         {"张某某": ["警告", "警告"], "李某某": ["警告", "警告"]}),
    Case("split-unknown", "张某某、李某某、王某某等6名党员按照情节轻重分别被给予党内严重警告、党内警告处分。",
         {"张某某": ["党纪处分"], "李某某": ["党纪处分"], "王某某": ["党纪处分"]}),
    Case("pronoun-clause-subject", "给予站长沈某某行政警告处分；村党支部书记方某某对毁林事件监管不力，给予其党内警告处分。",
         {"沈某某": ["警告"], "方某某": ["警告"]}),
    Case("pronoun-group", "黄某某、王某某分别受到开除党籍处分；将其涉嫌犯罪问题移送检察机关依法审查起诉。",
         {"黄某某": ["开除党籍", "移送检察机关"], "王某某": ["开除党籍", "移送检察机关"]}),
    Case("count-inside-penalty",
         "翦某某、王某某、余某、黄某分三次收取回扣。翦某某受到行政记过处分，王某某、余某受到行政警告处分，黄某受到解聘处理；"
         "责令四名教师将违纪所得返还学生。",
         {"翦某某": ["记过", "责令退赔"], "王某某": ["警告", "责令退赔"], "余某": ["警告", "责令退赔"],
          "黄某": ["开除", "责令退赔"]}),
    Case("one-unnamed", "继时某某、林某某之后，省纪委又通报了一名退休厅官被开除党籍。", {}),
    Case("third-party-gain", "村民何某本不符合救助条件，钟某某仍替其出具证明，何某因此违规领到临时救助金2100元。"
         "2019年11月，钟某某受到党内警告处分，相关资金已被追缴。", {"钟某某": ["警告"]}),
    Case("own-gain-after-third-party", "村民何某违规领到补贴。钟某某为其出具证明并收受好处费。钟某某受到党内警告处分，其违纪所得已被收缴。",
         {"钟某某": ["警告", "收缴违纪所得"]}),
    Case("future-by-others", "张某某受到党内警告处分。其他人员还将由所在单位作出相应的党纪政纪处分，违纪礼金也将被收缴。",
         {"张某某": ["警告"]}),
    Case("sentence-after", "决定给予马某某开除党籍、开除公职处分。涉嫌犯罪问题及款物由司法机关依法处理。",
         {"马某某": ["开除党籍", "开除", "移送司法机关"]}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_attribution(case: Case, rules):
    notice = parse_text(HEAD + case.text, ParseOptions(rules=rules, settings=Settings(segment=False)))
    given: dict[str, list[str]] = {}
    for found in notice.cases:
        for person in found.persons:
            given.setdefault(person.name, []).extend(
                p.penalty for p in found.penalties if p.person_id == person.person_id)
    assert given == case.given


def test_unit_kind_and_attribution_rules(rules):
    text = HEAD + "县纪委监委对太平镇党委进行通报批评，给予分管副镇长唐某某政务记过处分。"
    [case] = parse_text(text, ParseOptions(rules=rules, settings=Settings(segment=False))).cases
    assert [(p.name, p.kind, p.post) for p in case.persons] == [("太平镇党委", "unit", None),
                                                                  ("唐某某", "person", "分管副镇长")]
    assert {p.attribution for p in case.penalties} == {"case.attribute_unit", "case.attribute_object"}
