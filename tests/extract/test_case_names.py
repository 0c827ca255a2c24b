"""Names and posts of case persons (extract/case_names.py, rules/persons.yaml).

CASES hold the name shapes the genre writes (masked 张某 / 李某某 / 王XX, compound and Yi
surnames, full names after a post, as the object of 给予/对, before 同志, names without a Han
surname) with the post before each; full names are placeholders (张三, 李四), never real
persons. NOT_NAMES are what stands where a name might: an organisation head (某县), a verb,
a time word, a post read on (局长期间).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.extract.case_names import appositive, find_mentions, previous_end, title_run


class Case(NamedTuple):
    id: str
    text: str
    names: list[str]
    posts: list[str | None]  # the title run before each mention (None: no post)


CASES = [
    Case("masked", "县交通局原副局长张某违规收受礼金。", ["张某"], ["县交通局原副局长"]),
    Case("masked-three", "五星镇王湾村党支部书记、村委会主任李某某卡点值守走过场。", ["李某某"],
         ["五星镇王湾村党支部书记、村委会主任"]),
    Case("masked-x", "某区发改局副局长罗XX应付式推进工作。", ["罗XX"], ["某区发改局副局长"]),
    Case("compound-surname", "村党支部书记巫且某某、村委会主任沙马某分别受到处分。", ["巫且某某", "沙马某"],
         ["村党支部书记", "村委会主任"]),
    Case("long-run", "时任省委委员、省政府党组成员、秘书长师某某，召集时任省农业农村厅党组书记、厅长李某某聚餐。",
         ["师某某", "李某某"], ["时任省委委员、省政府党组成员、秘书长", "时任省农业农村厅党组书记、厅长"]),
    Case("full-after-post", "市财政局局长张三违规接受宴请。张三受到党内警告处分。", ["张三", "张三"], ["市财政局局长", None]),
    Case("full-three", "海南省某厅二级巡视员李四光违规吃喝问题。李四光受到党内严重警告处分。", ["李四光", "李四光"],
         ["海南省某厅二级巡视员", None]),
    Case("full-object", "经研究，决定对王五给予党内警告处分。", ["王五"], [None]),
    Case("comrade", "决定给予赵六同志党内警告处分。", ["赵六"], [None]),
    Case("no-surname-name", "时任村支部书记扎西多吉、村会计次仁组织会议。扎西多吉、次仁二人分别受到党内警告处分。",
         ["扎西多吉", "次仁", "扎西多吉", "次仁"], ["时任村支部书记", "村会计", None, None]),
    Case("list-after-name", "卢某某、原村委会主任喻某某和时任会计董某某等6名村干部", ["卢某某", "喻某某", "董某某"],
         [None, "原村委会主任", "时任会计"]),
    Case("parenthesis-in-run", "交通运输部安全与质量监督管理司（以下简称安质司）原副司长张某违规组织培训。", ["张某"],
         ["交通运输部安全与质量监督管理司（以下简称安质司）原副司长"]),
    Case("current-and-former", "现任县市场监督局党委书记、时任县林业局局长徐某某负有领导责任。", ["徐某某"],
         ["现任县市场监督局党委书记、时任县林业局局长"]),
    Case("descriptive-clause", "负有重要领导责任的区委副书记、区长沙某某受到处分。", ["沙某某"], ["区委副书记、区长"]),
    Case("verb-before-run", "仍让村会计张某某替何某出具证明。", ["张某某", "何某"], ["村会计", None]),
    Case("full-list", "某村村干部王长青、董山水、曹秋实3人到KTV唱歌。同时，免去董山水、曹秋实职务。",
         ["王长青", "董山水", "曹秋实", "董山水", "曹秋实"], ["某村村干部", None, None, None, None]),
    Case("full-list-before-count", "村主任张三、村文书李四以及村妇联主席王五3人分别冒领补贴。", ["张三", "李四", "王五"],
         ["村主任", "村文书", "村妇联主席"]),
    Case("compound-after-post", "对县森林公安局副局长孙某某予以诫勉谈话。", ["孙某某"], ["县森林公安局副局长"]),
    Case("function-surname", "时任村支部书记若某某、村会计龙某某组织召开会议。若某某、龙某某二人分别受到处分。",
         ["若某某", "龙某某", "若某某", "龙某某"], ["时任村支部书记", "村会计", None, None]),
    Case("accomplice-verb", "黄某某伙同村党员王某某多次恐吓参选人员。", ["黄某某", "王某某"], [None, "村党员"]),
    Case("new-posts", "幼儿园副园长邹某、林场场长李某和核算员肖某某", ["邹某", "李某", "肖某某"],
         ["幼儿园副园长", "林场场长", "核算员"]),
]

NOT_NAMES = [
    Case("org-head", "于家镇某村党支部书记王某借子婚宴敛财。", ["王某"], ["于家镇某村党支部书记"]),
    Case("time-word", "此后某日，两人在村委会办公室商定名单。", [], []),
    Case("post-read-on", "杨某某在任兰州市粮食局局长期间违规借用车辆。", ["杨某某"], [None]),
    Case("verb-after-post", "村党支部书记严重违反工作纪律，带头违规。", [], []),
    Case("company", "北京某国际艺术中心提供婚宴优惠。", [], []),
    Case("relation-not-post", "叶某某与同村党员刘某某商定名单。", ["叶某某", "刘某某"], [None, None]),
    Case("verb-after-doctor", "医生李某某索要红包。经查，医生索要患者财物属实。", ["李某某"], ["医生"]),
    Case("posts-over-a-comma", "经查，某省农委党组成员、某研究院党委书记、院长，省农机局原局长李某某违规收受礼金。", ["李某某"],
         ["某省农委党组成员、某研究院党委书记、院长，省农机局原局长"]),
    Case("penalty-before-comma", "给予王某某党内警告处分，县交通局副局长李某某受到诫勉。", ["王某某", "李某某"], [None, "县交通局副局长"]),
    Case("dash-sets-apart", "还有他的前搭档——该村村委会原主任王某某。", ["王某某"], ["该村村委会原主任"]),
    Case("count-word-before-run", "近日，一段某医院外科中心医生李某某收取红包的视频流传。", ["李某某"], ["某医院外科中心医生"]),
    Case("function-word", "若某项工作未完成，同某些单位协商。", [], []),
]


@pytest.mark.parametrize("case", CASES + NOT_NAMES, ids=lambda c: c.id)
def test_names_and_posts(case: Case, rules):
    mentions = find_mentions(case.text, rules)
    assert [m.name for m in mentions] == case.names
    runs = [title_run(case.text, m, previous_end(mentions, m), rules) for m in mentions]
    assert [r.text if r else None for r in runs] == case.posts
    for mention, run in zip(mentions, runs, strict=True):
        assert case.text[mention.start : mention.end] == mention.name
        if run:
            assert case.text[run.start : run.end] == run.text


@pytest.mark.parametrize(("text", "organisation", "former"), [
    ("市交通局原副局长张某违规", "市交通局", True),
    ("时任青海省委委员、省政府秘书长师某某召集", "青海省委", True),
    ("原阳县民政局局长李某违规", "原阳县民政局", False),
    ("安徽省政府前秘书长杨某某受贿", "安徽省政府", True),
    ("宁夏回族自治区固原市卫生健康委副主任杨某某", "宁夏回族自治区固原市卫生健康委", False),
    ("该市海原县七营镇马堡村共产党员马某某隐瞒身份", "该市海原县七营镇马堡村", False),
    ("广东省某市前市委书记刘某某早前被判刑", "广东省某市前市委", True),
])
def test_organisation_and_former(text: str, organisation: str, former: bool, rules):
    mention = find_mentions(text, rules)[0]
    run = title_run(text, mention, 0, rules)
    assert run is not None
    assert (run.organisation, run.former) == (organisation, former)
    assert run.organisation_start is not None and text[run.organisation_start:].startswith(organisation)


@pytest.mark.parametrize(("text", "post"), [
    ("王某某，安华镇浣丰村原党总支书记，因违规分配指标受到处分。", "安华镇浣丰村原党总支书记"),
    ("吴某某同志作为交通局局长负有主要领导责任。", "交通局局长"),
    ("赵六同志在担任县农业农村局副局长期间违规收受礼金。", "县农业农村局副局长"),
    ("张某某，男，汉族，1970年生。", None),
])
def test_post_written_after_the_name(text: str, post: str | None, rules):
    found = appositive(text, find_mentions(text, rules)[0], rules)
    assert (found.text if found else None) == post
    if found:
        assert text[found.start : found.end] == found.text
