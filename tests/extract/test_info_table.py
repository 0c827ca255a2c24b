"""The 政府信息公开 metadata table (rules/info_table.yaml) and headline titles: case tables.

CASES are layouts seen on government sites (gov.cn's label/value cells, provincial pages with
``<li><b>label：</b>value</li>`` and one-cell ``label：value``); CASES_BUGS_CAUGHT are what the
first parse of gov.cn pages got wrong (half titles, no dates).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.parse import ParseOptions, parse_bytes, parse_text
from noticeparse.parse.html import extract_page

BODY = "<div id='UCAP-CONTENT'><p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p><p>现提出如下意见。</p></div>"


class Case(NamedTuple):
    id: str
    page: str
    expect: dict[str, str]


CASES = [
    Case("govcn_cells",
         "<table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td><td><b>主题分类：</b></td>"
         "<td>市场监管、安全生产监管\\工商</td></tr><tr><td><b>发文机关：</b></td><td>国务院</td>"
         "<td><b>成文日期：</b></td><td>2019年01月27日</td></tr><tr><td><b>标　　题：</b></td>"
         "<td colspan='3'>国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见</td></tr>"
         "<tr><td><b>发文字号：</b></td><td>国发〔2019〕5号</td><td><b>发布日期：</b></td>"
         "<td>2019年02月15日</td></tr></table>" + BODY,
         {"index_no": "000014349/2019-00007", "topic_class": "市场监管、安全生产监管\\工商", "issuer": "国务院",
          "written_date": "2019-01-27", "doc_number": "国发〔2019〕5号", "publish_date": "2019-02-15",
          "title": "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"}),
    Case("province_list_items",
         "<ul class='xxgk'><li><b>索取号：</b>11440000006939881Q/2023-00012</li><li><b>公文种类：</b>通知</li>"
         "<li><b>发布机构：</b>广东省人民政府办公厅</li><li><b>生效日期：</b>2023-03-01</li>"
         "<li><b>有效性：</b>有效</li><li><b>文号：</b>粤办函〔2023〕12号</li></ul>" + BODY,
         {"index_no": "11440000006939881Q/2023-00012", "doc_kind": "通知", "issuer": "广东省人民政府办公厅",
          "effective_date": "2023-03-01", "valid_status": "有效", "doc_number": "粤办函〔2023〕12号"}),
    Case("one_cell_label_value",
         "<table><tr><td>信息名称：关于做好春节期间值班工作的通知</td><td>发文日期：2023年1月10日</td></tr>"
         "<tr><td>效力状态：</td><td>无</td></tr></table>" + BODY,
         {"title": "关于做好春节期间值班工作的通知", "written_date": "2023-01-10"}),
]

CASES_BUGS_CAUGHT = [
    # one stray label in a body is not a metadata table
    # a related-articles list under the body: its header row names fields but holds no values
    Case("list_header_row_is_not_a_table",
         BODY + "<table><tr><th>标题</th><th>发布日期</th></tr><tr><td>关于值班的通知</td><td>2023-01-10</td></tr></table>",
         {}),
    Case("lone_label_is_not_a_table", "<div id='UCAP-CONTENT'><p>标题：</p><p>正文内容足够长，足够长，足够长。</p></div>", {}),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=lambda c: c.id)
def test_info_table_fields(case: Case) -> None:
    fields = extract_page(case.page).fields
    table = {k: v for k, v in fields.items() if k in case.expect or k in {"index_no", "issuer", "written_date"}}
    assert table == case.expect
    assert "效力状态" not in str(fields.get("valid_status"))  # an empty cell (无) is no value


def test_table_fields_reach_the_notice_row() -> None:
    notice = parse_bytes(CASES[0].page.encode(), ParseOptions(source="x.html", kind="html"))
    meta = notice.meta
    assert (meta.issuer, meta.written_date.isoformat(), meta.doc_number, meta.publish_date.isoformat()) == (
        "国务院", "2019-01-27", "国发〔2019〕5号", "2019-02-15")


HEADLINES = [
    ("two_lines", "国务院关于在市场监管领域全面推行\n部门联合“双随机、一公开”监管的意见\n国发〔2019〕5号\n各省：\n正文。",
     "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"),
    ("three_lines", "国务院办公厅\n关于湖北省在温家宝总理考察工作时\n所提问题和建议办理情况的函\n国办函〔2004〕25号\n湖北省人民政府：",
     "国务院办公厅关于湖北省在温家宝总理考察工作时所提问题和建议办理情况的函"),
    ("spaced_characters", "国务院办公厅关于印发\n国 家 粮 食 应 急 预 案 的 函\n国办函〔2005〕57号",
     "国务院办公厅关于印发国家粮食应急预案的函"),
    ("decree", "中华人民共和国国务院令\n第707号\n现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。\n总理 李克强",
     "中华人民共和国个人所得税法实施条例"),
    ("one_line_stays", "关于整改的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻。", "关于整改的通报"),
    ("no_title_ending_keeps_first_line", "临江市纪委监委\n通报3起典型问题\n近日，查处了3起问题。", "临江市纪委监委"),
]


@pytest.mark.parametrize(("text", "title"), [h[1:] for h in HEADLINES], ids=[h[0] for h in HEADLINES])
def test_headline_title_is_never_half(text: str, title: str) -> None:
    assert parse_text(text).meta.title == title


TEXT_TABLE = ("索引号: 002489751/2021-263260 公开方式: 主动公开\n文号: 公开日期: 2021-09-13\n发布单位: 市审计局 主题分类: 审计\n"
              "关于2020年度杭州市本级预算执行和全市其他财政收支的审计工作报告\n时间:2021-09-13 15:49 来源:杭州市人民政府门户网站\n"
              "受市政府委托，我向市人大常委会报告审计情况。")
BULLETS = ("镇巴县人民政府工作规则\n\n  • 索 引 号:\n\n    6107280000/2024-001005\n  • 主题分类:\n\n  • 发文字号:\n\n"
           "    镇政发〔2024〕7号\n  • 发文日期:\n\n    2024年04月06日 16:40\n\n第一章 总则\n一、为了规范工作，制定本规则。")


def test_a_table_saved_as_text_gives_fields_and_is_never_the_title() -> None:
    notice = parse_text(TEXT_TABLE)
    meta = notice.meta
    assert (meta.title, meta.index_no, meta.issuer, meta.topic_class, str(meta.publish_date)) == (
        "关于2020年度杭州市本级预算执行和全市其他财政收支的审计工作报告", "002489751/2021-263260", "市审计局", "审计",
        "2021-09-13")
    assert "2021-09-13" in [d.text for d in notice.dates]  # the table's lines stay text: their dates are entities


def test_a_bulleted_table_reads_label_lines_then_value_lines() -> None:
    meta = parse_text(BULLETS).meta
    assert (meta.index_no, meta.doc_number, str(meta.written_date), meta.topic_class, meta.title) == (
        "6107280000/2024-001005", "镇政发〔2024〕7号", "2024-04-06", None, "镇巴县人民政府工作规则")


def test_body_lines_with_colons_are_not_a_table() -> None:
    meta = parse_text("关于整改的通报\n各单位：\n现将有关情况通报如下：\n时间：2023年1月\n一、总体情况").meta
    assert (meta.title, meta.index_no, meta.issuer) == ("关于整改的通报", None, None)
