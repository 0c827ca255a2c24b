"""The head of a report or speech: its dateline and the speaker's line give signed_date and issuer (issue 26).

Cases are rewritten from real pages of the genre (reports of audit bureaus to a people's
congress standing committee, work reports and speeches at meetings: audit.zhuhai.gov.cn,
www.nbrd.gov.cn, www.gdcy.gov.cn, cgj.yueyang.gov.cn); names are masks, the layout as found.
``CASES_BUGS_CAUGHT``: the bundled audit report (raw/samples/audit-no-inline-2023-01-06.txt)
had no issuer, no date and so no pub_year, and its recovered money fell out of per-year totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from noticeparse.parse import parse_text


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    issuer: str | None
    signed: date | None


CASES = [
    Case("congress-dateline-broken-line",
         "关于2020年度本级预算执行和其他财政收支的审计工作报告\n\n——2021年7月29日在某市第九届人民代表大会\n\n"
         "常务委员会第四十一次会议上\n\n某市审计局局长  罗某某\n\n主任、各位副主任、秘书长，各位委员：\n\n"
         "我受市人民政府委托，向市人大常委会报告审计情况，请审议。\n",
         "某市审计局", date(2021, 7, 29)),
    Case("congress-dateline-in-brackets-chinese-digits",
         "关于2022年度县级预算执行的审计工作报告\n（——二〇二三年十二月二十六日在县第十八届人民代表大会常务委员会第十五次会议上）\n"
         "县审计局局长 王某\n主任、各位副主任、各位委员：\n现将审计情况报告如下。\n",
         "县审计局", date(2023, 12, 26)),
    Case("work-report-date-in-brackets",
         "2022年城市管理和综合执法工作报告\n市城管局党组书记、局长  杜  某\n\n(2022年2月28日)\n\n同志们：\n"
         "今天，我们召开局系统工作会议。\n",
         "市城管局", date(2022, 2, 28)),
    Case("speaker-without-dateline",
         "关于2018年度市级预算执行和其他财政收支的审计工作报告\n某州市审计局局长 刘某某\n主任、各位副主任：\n"
         "我受市政府委托，报告2018年度审计情况。\n",
         "某州市审计局", None),
    Case("closing-signature-wins",
         "关于整改情况的报告\n——2022年12月28日在市第十六届人民代表大会常务委员会第九次会议上\n市审计局局长 李某\n"
         "正文一段。\n中共某市委员会\n2023年1月6日\n",
         "中共某市委员会", date(2023, 1, 6)),
]

CASES_COUNTER = [
    Case("bullet-line-with-a-year-is-no-dateline",
         "关于预算执行的审计工作报告\n审计结果表明：\n——2022年，全市共完成审计项目40个。\n"
         "——优化市区财政体制，推进预算管理改革。\n",
         None, None),
    Case("a-sentence-naming-a-director-is-no-speaker",
         "关于审计整改的通知\n市审计局局长李某指出，要加强整改。\n各单位：\n请抓好落实。\n", None, None),
    Case("a-dateline-far-below-the-title-is-not-read",
         "关于审计工作的情况\n" + "".join(f"第{i}段正文。\n" for i in range(12))
         + "——2022年12月28日在市人民代表大会常务委员会会议上\n", None, None),
]

SAMPLE = Path(__file__).resolve().parents[2] / "raw" / "samples" / "audit-no-inline-2023-01-06.txt"
CASES_BUGS_CAUGHT = [Case("bundled-audit-report", SAMPLE.read_text(encoding="utf-8"), "市审计局", date(2022, 12, 28))]


@pytest.mark.parametrize("case", CASES + CASES_COUNTER, ids=lambda c: c.id)
def test_head_of_report_or_speech(case: Case) -> None:
    meta = parse_text(case.text).meta
    assert (meta.issuer, meta.signed_date) == (case.issuer, case.signed)


@pytest.mark.parametrize("case", CASES_BUGS_CAUGHT, ids=lambda c: c.id)
def test_bugs_caught(case: Case) -> None:
    meta = parse_text(case.text).meta
    assert (meta.issuer, meta.signed_date) == (case.issuer, case.signed)
