"""Header fields: one record with the source of each value, one precedence function, checked against the rules."""

from __future__ import annotations

import pytest

from noticeparse.records import Header, HeaderValue
from noticeparse.rules import RuleSet
from noticeparse.sites import HEADER_FIELDS, SOURCES, load_sites, pick_header


def test_the_most_trusted_source_wins_whatever_the_order():
    found = [("page_title", {"title": "首页", "site_name": "某网站"}), ("info_table", {"title": "关于印发办法的通知"}),
             ("meta", {"title": "办法", "publish_date": "2019-01-29"}), ("url", {"publish_date": "2019-01-30"})]
    for order in (found, found[::-1]):
        header = pick_header(order)
        assert header.title == HeaderValue("关于印发办法的通知", "info_table")
        assert header.publish_date == HeaderValue("2019-01-29", "meta")
        assert header.site_name == HeaderValue("某网站", "page_title")


def test_a_page_header_competes_with_the_text_by_its_own_sources():
    page = pick_header([("selector", {"title": "页面标题"}), ("url", {"publish_date": "2023-05-21"})])
    header = pick_header([("text_table", {"publish_date": "2023-05-20", "issuer": "市审计局"}),
                          ("chrome", {"source_label": "市纪委"})], page)
    assert header.values() == {"title": "页面标题", "publish_date": "2023-05-21", "issuer": "市审计局",
                               "source_label": "市纪委"}
    assert header.issuer is not None and header.issuer.source == "text_table"


def test_empty_values_are_no_values():
    assert pick_header([("meta", {"title": ""}), ("page_title", {"title": "标题"})]).get("title") == "标题"
    assert pick_header([]) == Header()


@pytest.mark.parametrize(("found", "message"), [
    ([("rumour", {"title": "x"})], "unknown header source"),
    ([("meta", {"author": "x"})], "Header has"),
])
def test_unknown_sources_and_fields_are_refused(found, message):
    with pytest.raises(ValueError, match=message):
        pick_header(found)


def test_every_field_the_rules_and_profiles_fill_is_a_header_field(rules: RuleSet):
    table = {rule.id.split(".", 1)[1] for rule in rules["info_table"].rules}
    chrome = {group for rule in rules["chrome"].rules for group in rule.regex.groupindex}
    selected = {name for profile in load_sites(rules.root).profiles.values() for name in profile.fields}
    assert table | chrome | selected <= set(HEADER_FIELDS)
    assert len(SOURCES) == len(set(SOURCES))
