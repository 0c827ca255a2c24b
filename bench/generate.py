"""Write a synthetic archive of N notices, deterministic by seed (``make bench`` input).

Notices are assembled from templates: a title, site chrome, an outline of sections,
findings (关于“X”的问题) and 一是/二是 measures, with dates, quantities, document
numbers, 《titles》 and contacts drawn from the same vocabulary as the rules. Layouts:
plain text with ASCII or full-width punctuation, and HTML pages in the shape of the
TRS, Guangdong, Hanweb and gov.cn site families.

    python bench/generate.py OUT [-n 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ORGANS = ["市委第二巡察组", "县委第三巡察组", "区委第一巡察组", "省委第五巡视组", "市委第六巡察组"]
TARGETS = ["中共某某区农业农村局党组", "某某新区党工委", "某某镇党委", "市住房和城乡建设局党组", "某某集团党委"]
FINDINGS = ["理论学习中心组学习不扎实", "“三重一大”制度执行不严格", "意识形态工作重视不够", "财政预算执行力不足",
            "工程变更程序不规范", "选人用人程序不合规", "党费收缴不规范", "廉政风险防控有漏洞", "资产管理不到位",
            "政府采购管理制度不健全", "土地整备任务未完成", "干部档案审核不力"]
ACTIONS = ["修订出台{title}({docno})", "于{date}组织开展专题培训,共有{n}名干部参加", "清理资金{money},收回结余资金{money2}",
           "约谈相关责任人{n}人次", "完成{area}土地的整备签约工作", "截至{date},已完成整改措施{n}条,完成率{pct}",
           "{date}至{date2}开展专项检查,发现问题{n}个", "对{n}家企业开展执法检查", "补充完善{year}年度学习计划",
           "新建制度{n}项,追回资金{money}"]
TITLES = ["关于进一步加强党内谈话工作的通知", "财政投资建设项目工程变更管理办法", "领导班子议事规则", "资产管理办法",
          "基层党支部工作考核暂行办法", "政府采购内部控制管理制度"]
ISSUERS = ["滨海湾工委", "清农党", "江府办", "某政发", "区委办发"]
FAMILIES = ("trs", "gd", "hanweb", "govcn")


def _date(rng: random.Random, year: int) -> str:
    return f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _fill(rng: random.Random, template: str, year: int) -> str:
    return template.format(
        title=f"《{rng.choice(TITLES)}》", docno=f"{rng.choice(ISSUERS)}〔{year}〕{rng.randint(1, 120)}号",
        date=_date(rng, year), date2=_date(rng, year + 1), n=rng.randint(2, 300),
        money=f"{rng.randint(1, 9999) / 100:.2f}万元", money2=f"{rng.randint(1, 500)}万元",
        area=f"约{rng.randint(10, 900)}亩", pct=f"{rng.randint(500, 1000) / 10:.1f}%", year=year,
    )


def notice_text(rng: random.Random, index: int) -> tuple[str, str, str]:
    """One notice: (title, publish date, body with signature)."""
    year = rng.randint(2018, 2024)
    organ, target = rng.choice(ORGANS), rng.choice(TARGETS)
    title = f"{target}关于{organ}巡察反馈意见整改进展情况的通报(第{index}号)"
    areas, problems = rng.randint(3, 7), rng.randint(10, 40)
    opening = (f"根据统一部署,{_date(rng, year - 1)}至{_date(rng, year - 1)},{organ}对{target}进行了巡察。"
               f"{_date(rng, year - 1)},{organ}向{target}反馈了巡察意见,指出{areas}方面{problems}项问题,"
               f"制定{rng.randint(20, 90)}条整改措施。")
    lines = [opening]
    chinese = "一二三四五六七"
    for s in range(rng.randint(2, 3)):
        lines.append(f"{chinese[s]}、关于整改落实情况的第{s + 1}部分")
        for sub in range(rng.randint(1, 3)):
            lines.append(f"({chinese[sub]})整改工作进展")
            for f in range(rng.randint(1, 4)):
                measures = "".join(f"{chinese[m]}是{_fill(rng, rng.choice(ACTIONS), year)}。"
                                   for m in range(rng.randint(1, 4)))
                lines.append(f"{f + 1}.关于“{rng.choice(FINDINGS)}”的问题。{measures}")
    lines.append(f"联系电话:0769-{rng.randint(2000000, 8999999)};邮政编码:{rng.randint(510000, 529999)}。")
    publish = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines += [target, _date(rng, year)]
    return title, publish, "\n\n".join(lines)


def render(rng: random.Random, index: int) -> tuple[str, bytes]:
    """A notice in one of the layouts: (file name, bytes)."""
    title, publish, body = notice_text(rng, index)
    layout = rng.choice(["ascii", "fullwidth", *FAMILIES])
    if layout == "fullwidth":
        body = body.translate(str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"}))
    if layout in {"ascii", "fullwidth"}:
        page = f"某某纪检监察网\n\n{title}\n\n来源:巡察办 发布日期: {publish} 09:30\n\n{body}\n\n版权所有\n"
        return f"n{index:06d}.txt", page.encode("utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.split("\n\n"))
    container = {"trs": '<div class="TRS_Editor">', "gd": '<div class="article-content">',
                 "hanweb": '<div id="zoom">', "govcn": '<div id="UCAP-CONTENT">'}[layout]
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="{publish} 09:30"><meta name="ContentSource" content="巡察办">'
            f"<title>{title}_某某网</title></head><body><div class=\"nav\">首页 | 工作动态</div>"
            f"<h1>{title}</h1>{container}{paragraphs}</div><div class=\"footer\">版权所有 ICP备12345678号</div>"
            f"</body></html>")
    return f"n{index:06d}-{layout}.html", page.encode("utf-8")


def generate(out: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` notices under ``out`` (1,000 per folder); skip when already complete."""
    marker = out / f".complete-{count}-{seed}"
    if marker.exists():
        return out
    rng = random.Random(seed)
    for index in range(count):
        name, data = render(rng, index)
        folder = out / f"{index // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    marker.touch()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.out, args.count, args.seed))


if __name__ == "__main__":
    main()
