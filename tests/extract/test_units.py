"""Unit names and keys (extract/units.py, rules/units.yaml): which names are one unit, and lists cut into names.

KEY_CASES are the merge rules the issue names (中共X委员会 = X党委, 工作委员会 = 工委, 人民政府 = 政府, a
bureau and its 党组, a county or town and its committee) and the names they must keep apart; each
row is (name, the notice's places, its qualifier) → key.
"""

from __future__ import annotations

import pytest

from noticeparse.extract.places import load_places
from noticeparse.extract.units import UnitScope, split_list, unit_key
from noticeparse.rules import RuleSet

LEZHI = UnitScope({"县": "乐至", "市": "资阳"}, "乐至")
DONGGUAN = UnitScope({"市": "东莞"}, "东莞")
KEY_CASES = [
    ("中共乐至县公安局委员会", LEZHI, "乐至公安局"),
    ("县公安局党委", LEZHI, "乐至公安局"),
    ("县公安局", LEZHI, "乐至公安局"),
    ("中共东莞滨海湾新区工作委员会", DONGGUAN, "东莞滨海湾新区工委"),
    ("滨海湾新区党工委", DONGGUAN, "东莞滨海湾新区工委"),
    ("中共东莞滨海湾新区工委", DONGGUAN, "东莞滨海湾新区工委"),
    ("中共东莞市自然资源局党组", DONGGUAN, "东莞自然资源局"),
    ("市自然资源局", DONGGUAN, "东莞自然资源局"),
    ("东莞市自然资源局东城分局", DONGGUAN, "东莞自然资源局东城分局"),  # never the bureau itself
    ("中共榆中县委员会", UnitScope(), "榆中"),
    ("榆中县委", UnitScope(), "榆中"),
    ("颍上县杨湖镇党委", UnitScope(), "颍上杨湖镇"),
    ("颍上县杨湖镇人民政府", UnitScope(), "颍上杨湖镇政府"),  # the town's government is not its committee
    ("县卫生健康局", LEZHI, "乐至卫生健康局"),
    ("县卫生健康局", UnitScope({"县": "浠水"}, "浠水"), "浠水卫生健康局"),  # two counties, two bureaus
    ("电子信息学院党委", UnitScope({}, "江苏科技大学"), "江苏科技大学电子信息学院"),
    ("中共江苏科技大学电子信息学院委员会", UnitScope({}, "江苏科技大学"), "江苏科技大学电子信息学院"),
]


@pytest.mark.parametrize(("name", "scope", "key"), KEY_CASES, ids=[f"{c[0]}-{c[2]}" for c in KEY_CASES])
def test_unit_key(rules: RuleSet, name: str, scope: UnitScope, key: str) -> None:
    assert unit_key(name, scope, rules, load_places(rules))[0] == key


@pytest.mark.parametrize("name", ["局党组", "镇党委", "学院党委", "新区党工委", "集团党委"])
def test_bare_type_names_key_to_their_notice_only(rules: RuleSet, name: str) -> None:
    _key, applied, local = unit_key(name, DONGGUAN, rules, load_places(rules))
    assert local and "unit.key_bare" in applied


def test_a_level_word_without_a_known_place_is_local(rules: RuleSet) -> None:
    assert unit_key("县审计局", UnitScope({"市": "东莞"}), rules, load_places(rules))[2]


LIST_CASES = [
    ("竹瓦镇、汪岗镇、洗马镇、丁司垱镇党委", ["竹瓦镇", "汪岗镇", "洗马镇", "丁司垱镇"]),
    ("县卫生健康局、县民政局、县统计局党委（党组）", ["县卫生健康局", "县民政局", "县统计局"]),
    ("滨海湾新区党工委、市自然资源局党组", ["滨海湾新区党工委", "市自然资源局党组"]),  # no shared suffix
    ("石湍镇、良安镇等6个乡镇和县法院、县林业局等6个县级部门（单位）", ["石湍镇", "良安镇", "县法院", "县林业局"]),
    ("中共东莞市自然资源局党组（以下简称“局党组”）", ["中共东莞市自然资源局党组"]),
    ("市委统一战线工作部（台工办、市台办）、市中医院党委", ["市委统一战线工作部（台工办、市台办）", "市中医院党委"]),
    ("合枞公司（合枞项目办）等17家单位党组织", ["合枞公司（合枞项目办）"]),
    ("上述学院党委", []),
]


@pytest.mark.parametrize(("listed", "names"), LIST_CASES, ids=[c[0][:12] for c in LIST_CASES])
def test_split_list(rules: RuleSet, listed: str, names: list[str]) -> None:
    found = split_list(listed, 0, rules["units"].data)
    assert [n for n, _s in found] == names
    assert all(listed[s:s + len(n)] == n for n, s in found)
