"""Site profiles have one home: the files of ``rules/sites``, under the run's rules root.

The families are the YAML files found (a new family is one file), the generic profile holds
every family's selectors (derived when the profiles load, its own order first), and a rules
root given to the run (``--rules DIR``) is where the profiles come from.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.rules import read_yaml
from noticeparse.settings import Settings
from noticeparse.sites import (
    GENERIC,
    ProfileError,
    detect_family,
    families,
    load_profile,
    load_profile_file,
    load_sites,
    sites_root,
)

ROOT = Path(__file__).resolve().parents[2]
MY_FAMILY = """family: mycms
note: a made-up template for the test
detect: {page: ['class="my-cms"']}
article: {link: ['/news/\\d+\\.html$']}
fields: {title: ['.my-title']}
body: ['.my-body']
"""
MY_PAGE = ('<html><head><title>首页</title></head><body><div class="my-cms"><div class="my-title">关于整改情况的通报</div>'
           '<div class="sidebar"><p>无关的栏目文字，足够长，足够长，足够长，足够长，足够长，足够长，足够长。</p>'
           '<p>无关的栏目文字，足够长，足够长，足够长，足够长，足够长，足够长，足够长。</p></div>'
           '<div class="my-body">正文内容：巡察组进驻，发现问题三项，整改完成。</div></div></body></html>')


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root)
    return root


def test_every_family_profile_loads():
    assert set(families()) == {p.stem for p in sites_root().glob("*.yaml")}
    assert families()[-1] == GENERIC
    for family in load_sites().families:
        profile = load_profile(family)
        assert profile.family == family and profile.body and profile.article_link, family


def test_a_new_family_is_one_file(rules_copy: Path):
    (rules_copy / "sites" / "mycms.yaml").write_text(MY_FAMILY, encoding="utf-8")
    assert "mycms" in families(rules_copy) and "mycms" not in families()
    assert detect_family("", MY_PAGE, rules_copy).family == "mycms"
    assert ".my-body" in load_profile(GENERIC, rules_copy).body  # the generic profile has it too
    options = ParseOptions(kind="html", settings=Settings(rules_root=rules_copy, segment=False))
    notice = parse_bytes(MY_PAGE.encode(), options)
    assert notice.meta.title == "关于整改情况的通报"
    assert notice.text == "正文内容：巡察组进驻，发现问题三项，整改完成。"
    default = parse_bytes(MY_PAGE.encode(), ParseOptions(kind="html", settings=Settings(segment=False)))
    assert default.meta.title == "首页" and "无关的栏目文字" in default.text  # the project's rules do not know it


def test_generic_holds_every_family_selector_after_its_own():
    sites = load_sites()
    generic, own = sites.generic, read_yaml(sites_root() / "generic.yaml")
    assert generic.body[: len(own["body"])] == tuple(own["body"])
    for name, selectors in own["fields"].items():
        assert generic.fields[name][: len(selectors)] == tuple(selectors)
    for family in sites.families:
        profile = sites.profile(family)
        assert set(profile.body) <= set(generic.body), family
        for name, selectors in profile.fields.items():
            assert set(selectors) <= set(generic.fields[name]), (family, name)
        for ours, theirs in ((generic.article_link, profile.article_link),
                             (generic.attachment_link, profile.attachment_link)):
            assert {p.pattern for p in theirs} <= {p.pattern for p in ours}, family
    # what says where one family keeps its fields or counts its records stays that family's
    assert {p.pattern for p in generic.page_count} == set(own["list"]["page_count"])
    assert generic.drop == tuple(own["drop"]) and not generic.detect_page


def test_profiles_come_from_the_run_rules_root_and_follow_edits(rules_copy: Path):
    path = rules_copy / "sites" / "trs.yaml"
    assert load_profile("trs", rules_copy).body == load_profile("trs").body
    path.write_text(path.read_text(encoding="utf-8").replace("body: ['.Article_61 .content',", "body: ['.my-body',"),
                    encoding="utf-8")
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    assert load_profile("trs", rules_copy).body[0] == ".my-body"
    assert load_profile("trs").body[0] == ".Article_61 .content"


@pytest.mark.parametrize(("text", "message"), [
    ("family: other\nbody: ['.x']\n", "is not the file's name"),
    ("fields: {author: ['.by']}\n", "no header fields"),
    ("colours: {}\n", "unknown keys"),
    ("article: {link: '(['}\n", "bad pattern"),
])
def test_a_bad_family_file_is_refused(rules_copy: Path, text: str, message: str):
    (rules_copy / "sites" / "broken.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_sites(rules_copy)


def test_a_site_profile_extends_a_family_of_its_rules_root(tmp_path: Path, rules_copy: Path):
    (rules_copy / "sites" / "mycms.yaml").write_text(MY_FAMILY, encoding="utf-8")
    path = tmp_path / "site.yaml"
    path.write_text("extends: mycms\nstart: ['https://x.gov.cn/news/']\n", encoding="utf-8")
    assert load_profile_file(path, rules_copy).body == (".my-body",)
    with pytest.raises(ProfileError, match="unknown family 'mycms'"):
        load_profile_file(path)


def test_site_profile_extends_family(tmp_path: Path) -> None:
    path = tmp_path / "ccdi.yaml"
    path.write_text("extends: trs\nstart: ['https://www.ccdi.gov.cn/toutiaon/']\nbody: ['.my-body']\n",
                    encoding="utf-8")
    profile = load_profile_file(path)
    assert (profile.family, profile.body, profile.start) == ("trs", (".my-body",), ("https://www.ccdi.gov.cn/toutiaon/",))
    assert profile.page_count  # inherited from trs.yaml


@pytest.mark.parametrize(("text", "message"), [
    ("extends: trs\n", "needs start"),
    ("extends: trs\nstart: [x]\nselectors: {}\n", "unknown keys"),
    ("extends: trs\nstart: [x]\narticle: {link: '(['}\n", "bad pattern"),
])
def test_bad_profiles_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile_file(path)
