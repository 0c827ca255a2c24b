"""Write a synthetic archive of N notices, deterministic by seed (``make bench`` input).

Notices are assembled from templates and belong to inspection rounds (``round_of``: 20 notices a
round: its entry, five units' feedback, progress and final reports, mentions), each with a title, site chrome, an outline of sections,
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


# Rounds: every ROUND_SIZE consecutive notices are one round of one place's committee (its entry, each
# unit's feedback, progress and final reports, a mention), so that ``link`` has rounds and units to join.
PLACES = ["东莞市", "佛山市", "乐至县", "平湖市", "浠水县", "宜城市", "阜阳市", "榆中县", "丹阳市", "常州市", "桐乡市",
          "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "台州市", "丽水市", "温州市", "宁波市", "舟山市", "义乌市",
          "海宁市", "余姚市", "慈溪市", "诸暨市", "德清县", "长兴县", "安吉县", "嘉善县", "海盐县", "临海市", "温岭市",
          "乐清市", "瑞安市", "永康市", "东阳市", "兰溪市", "江山市", "龙泉市"]
BUREAUS = ["自然资源局", "公安局", "卫生健康局", "住房和城乡建设局", "市场监督管理局", "审计局", "统计局", "交通运输局",
           "应急管理局", "民政局", "农业农村局", "医疗保障局"]
TERMS = ["十三届", "十四届", "十五届", "十六届"]
CN = "一二三四五六七八九十"
ROUND_SIZE, UNITS_PER_ROUND = 20, 5


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (第十四轮)."""
    tens, ones = divmod(n, 10)
    return (f"{CN[tens - 1] if tens > 1 else ''}十" if tens else "") + (CN[ones - 1] if ones else "")


def round_of(index: int) -> dict[str, object]:
    """The round a notice belongs to, its units and the notice's stage and unit (deterministic by index)."""
    number = index // ROUND_SIZE
    place = PLACES[number % len(PLACES)]
    level = place[-1]
    rest = number // len(PLACES)
    units = [BUREAUS[(rest + k) % len(BUREAUS)] for k in range(UNITS_PER_ROUND)]
    slot = index % ROUND_SIZE
    stage = ("entry" if slot == 0 else "feedback" if slot <= 5 else "progress" if slot <= 10 else
             "final" if slot <= 15 else "mention")
    return {"place": place, "level": level, "term": TERMS[(rest // 30) % len(TERMS)], "round": rest % 30 + 1,
            "units": units, "stage": stage, "unit": units[(slot - 1) % UNITS_PER_ROUND]}


def notice_text(rng: random.Random, index: int) -> tuple[str, str, str]:
    """One notice: (title, publish date, body with signature)."""
    year = rng.randint(2018, 2024)
    info = round_of(index)
    place, level, short = str(info["place"]), str(info["level"]), str(info["place"])[:-1]
    phrase = f"{info['term']}{level}委第{_cn(int(info['round']))}轮巡察"  # type: ignore[call-overload]
    group = f"{level}委第{CN[index % 5]}巡察组"
    organ, target = group, f"中共{place}{info['unit']}党组"
    if info["stage"] in ("entry", "feedback", "mention"):
        return _round_news(rng, info, phrase, group, year)
    kind = "整改进展情况的通报" if info["stage"] == "progress" else "整改情况的通报"
    title = f"{target}关于{phrase}{kind}(第{index}号)"
    areas, problems = rng.randint(3, 7), rng.randint(10, 40)
    opening = (f"根据{short}{level}委统一部署,{_date(rng, year - 1)}至{_date(rng, year - 1)},{organ}对{target}进行了巡察。"
               f"{_date(rng, year - 1)},{organ}向{target}反馈了巡察意见,指出{areas}方面{problems}项问题,"
               f"制定{rng.randint(20, 90)}条整改措施。截至{_date(rng, year)},已完成整改{rng.randint(1, problems)}个。")
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


def _round_news(rng: random.Random, info: dict[str, object], phrase: str, group: str,
                year: int) -> tuple[str, str, str]:
    """An entry, a unit's feedback or a mention of the round (short news items)."""
    place, level = str(info["place"]), str(info["level"])
    units = [f"{level}{u}党组" for u in info["units"]]  # type: ignore[attr-defined]
    publish = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if info["stage"] == "entry":
        title = f"{phrase}完成进驻"
        body = (f"根据{place[:-1]}{level}委统一部署,{_date(rng, year)},{phrase}的{len(units)}个巡察组全部完成进驻,"
                f"对{'、'.join(units)}等{len(units)}个单位党组织开展常规巡察。")
    elif info["stage"] == "feedback":
        unit = f"{level}{info['unit']}党组"
        title = f"{group}向{unit}反馈巡察意见"
        body = (f"{_date(rng, year)},按照{phrase}工作安排,{group}向中共{place}{info['unit']}党组反馈巡察意见,"
                f"指出{rng.randint(3, 7)}个方面存在的问题。")
    else:
        title = f"{place}召开巡察整改推进会"
        body = f"会议听取{phrase}涉及的{units[0]}、{units[1]}等单位整改情况汇报,要求按期完成整改任务。"
    return title, publish, f"{body}\n\n{place[:-1]}{level}委巡察办\n\n{_date(rng, year)}"


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
