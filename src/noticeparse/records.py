"""Frozen records produced by the extractors and assembled into a ``Notice``.

Every extracted value carries ``start``/``end``: half-open character offsets
into the notice's stored (full-width-folded, chrome-stripped) text, so that
``notice.text[x.start:x.end] == x.text`` always holds, and the ``rule_id`` of
the rule that produced it. Extractors run on the normalised view (simplified
script, plain digits: ``parse/view.py``) and ``parse/remap.py`` moves their
spans onto the stored text: ``text`` fields are as written, every other string
(a title, a penalty, a person, a unit) is in its normalised form. ``node_id`` is the innermost outline node holding
the value; the pipeline fills it in once the outline is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, overload

from noticeparse.errors import Code


@dataclass(frozen=True, slots=True)
class DocNumber:
    """文号: 滨海湾工委〔2021〕83号."""

    text: str
    start: int
    end: int
    issuer: str
    year: int | None
    serial: int | None
    canonical: str
    rule_id: str
    title: str | None = None
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class Title:
    """书名: 《…》, ``title`` without the outer brackets, ``text`` with them."""

    text: str
    start: int
    end: int
    title: str
    rule_id: str
    doc_number: str | None = None
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """日期 or date range: ``date_start``…``date_last`` is the whole period as written, inclusive.

    ``date_last`` is the period's last day (2022年 → 12-31, 2018年10月底 → 10-31, a day → itself);
    ``date_end`` is set on ranges only: the last day of the range's end part (2013年至2021年 →
    2021-12-31), ``end_precision`` its precision. ``precision`` is the unit written before any part
    (2018年10月底: month). ``in_title``: inside a 《title》, a date of the title, never of the notice.
    """

    text: str
    start: int
    end: int
    date_start: date | None
    precision: str
    rule_id: str
    date_end: date | None = None
    end_precision: str | None = None
    qualifier: str | None = None
    resolved: bool = False
    date_last: date | None = None
    in_title: bool = False
    anchor: str | None = None  # where unwritten fields came from: text (an earlier date), reference, null
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """数量: a number with its unit, in the unit's base (37.30亿元 → 3.73e9 元)."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    unit_raw: str
    category: str
    rule_id: str
    value_max: float | None = None
    approx: str | None = None
    noun: str | None = None  # what is counted (32项问题) or, for money, what the money is (津补贴)
    role: str | None = None  # rules/roles.yaml: recovered, involved, completed, threshold … (null: unknown)
    role_rule_id: str | None = None
    bound: str = "exact"  # exact, approx, min, max, range (from the approx word: 以上 → min)
    part_of: int | None = None  # start of the whole this is a part of (约714亩土地中，完成约356亩)
    currency: str | None = None  # ISO 4217 code of a money amount (value in that currency); null otherwise
    scope: str | None = None  # rules/scope.yaml: case, unit or aggregate (regional or national statistics)
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """联系方式: phone, email, postcode or address."""

    kind: str
    value: str
    text: str
    start: int
    end: int
    rule_id: str
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class OutlineNode:
    """One outline item; ``start``..``end`` covers the item and all it contains."""

    node_id: int
    parent_id: int | None
    level: int
    marker: str
    ordinal: int
    heading: str
    start: int
    end: int
    marker_start: int
    marker_end: int
    rule_id: str
    is_finding: bool = False
    finding_title: str | None = None
    category: str | None = None  # a finding's enclosing non-finding heading: （一）党的领导作用发挥不充分
    finding_rule_id: str | None = None
    # a finding's measures (the measures table) counted by status; null on other nodes
    measures: int | None = None
    measures_done: int | None = None
    measures_action: int | None = None
    measures_ongoing: int | None = None
    measures_planned: int | None = None
    measures_long_term: int | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """整改措施: one measure of a finding (an 一是 item, or a sentence of a finding without items), or a
    clause of a case that says what was done about it (违纪所得已收缴, 责令退赔).

    ``status`` (rules/measures.yaml): done (finished, as the text says), action (an act named, its end
    not said: 开展, 建立, 完善), ongoing, planned, long_term, or null; ``deadline_*`` from
    the first date in it that says before (2022年6月底前).
    """

    measure_id: int
    finding_id: int | None  # node_id of the finding (null for a case's measure)
    kind: str  # item | sentence | case
    case_id: int | None = None  # the case whose clause this is (违纪所得已收缴)
    start: int = 0
    end: int = 0
    status: str | None = None
    status_rule_id: str | None = None
    status_start: int | None = None
    status_end: int | None = None
    deadline_start: date | None = None
    deadline_end: date | None = None
    deadline_char_start: int | None = None
    deadline_char_end: int | None = None
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseViolation:
    """A violation type named by a case (rules/violations.yaml): 违规收送礼品礼金, 违规吃喝 …"""

    case_id: int
    violation: str
    text: str
    start: int
    end: int
    rule_id: str


@dataclass(frozen=True, slots=True)
class CasePerson:
    """A person (or a unit) a case penalises, as written: 师某某, 太平镇党委 (rules/case.yaml).

    ``post`` is the whole title run before the first mention that has one
    (``XX市人大常委会原党组成员、副主任``), ``organisation`` its part before the first post
    word, ``former`` whether it says 原/时任/退休/前/当时. ``person_id`` is unique in the
    notice; ``case_penalties`` rows point to it.
    """

    case_id: int
    person_id: int
    name: str
    kind: str  # person | unit
    start: int
    end: int
    rule_id: str
    post: str | None = None
    post_start: int | None = None
    post_end: int | None = None
    post_rule_id: str | None = None  # person.post (the run before the name) or person.appositive (after it)
    organisation: str | None = None
    organisation_start: int | None = None
    organisation_end: int | None = None
    former: bool = False


@dataclass(frozen=True, slots=True)
class CasePenalty:
    """One penalty of one person as its own value (rules/penalties.yaml, values of the case gold's vocabulary).

    ``penalty_type`` is 党纪, 政务, 诫勉, 组织处理, 批评教育, 问责, 移送, 刑事 or 退赔收缴; a phrase that
    gives two penalties (双开, 开除党籍和公职) gives two rows with the same span. ``attribution``
    is the rule (rules/case.yaml ``case.attribute_*``) that gave it to ``person_id``.
    """

    case_id: int
    person_id: int
    penalty: str
    penalty_type: str
    text: str
    start: int
    end: int
    rule_id: str
    attribution: str
    penalty_date: date | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """One case of a discipline notice: its span, heading, violations, period, amounts, persons, penalties.

    ``start``..``end`` covers the case's paragraph(s); ``heading`` is its first sentence up to
    问题/案 when it has one, or its numbered title line; ``rule_id`` says how the case was cut
    (a numbered item, a heading, a paragraph of penalties, the whole notice). Amounts sum the
    case's money quantities (in 元) within one role (``quantities.role``), leaving out parts
    (``part_of``) and thresholds: ``amount_involved`` (what the misconduct moved: received,
    misused, spent), ``amount_recovered`` (收缴, 追缴, 退赔), ``amount_fined``.
    """

    case_id: int
    ordinal: int
    start: int
    end: int
    rule_id: str
    heading: str | None = None
    heading_start: int | None = None
    heading_end: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    penalty_date: date | None = None
    amount_involved: float | None = None
    amount_recovered: float | None = None
    amount_fined: float | None = None
    violations: tuple[CaseViolation, ...] = ()
    persons: tuple[CasePerson, ...] = ()
    penalties: tuple[CasePenalty, ...] = ()
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """简称: 中共东莞滨海湾新区工作委员会（以下简称“新区党工委”） → (新区党工委, full name, span)."""

    alias: str
    full_name: str
    text: str
    start: int
    end: int
    rule_id: str
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class RoundUnit:
    """An inspected unit a round ref names, as first written (``unit``) with its key (``units.unit_key``).

    ``feedback_date`` is this unit's own feedback day when the text gives one per unit
    (12月15日第一巡察组向电子信息学院党委反馈).
    """

    ref_id: int
    unit: str
    unit_key: str
    start: int
    end: int
    rule_id: str
    feedback_date: date | None = None
    where: str = "text"  # "title": the span is in the notice's title, which the stored text of a page lacks


@dataclass(frozen=True, slots=True)
class RoundFigure:
    """A figure a notice states for a round (rules/rounds.yaml round.figure_*): 7方面, 32项问题, 完成率90.6%."""

    ref_id: int
    figure: str  # stated_aspects, stated_problems, stated_measures, rectified, completion_rate
    value: float
    text: str
    start: int
    end: int
    rule_id: str
    where: str = "text"


@dataclass(frozen=True, slots=True)
class RoundRef:
    """An inspection round a notice names (巡视/巡察轮次): 十四届市委第十四轮巡察 → key 东莞市委/十四届/14.

    ``key`` is ``body/term/round`` (``-`` for a term not written, ``/回头看`` for a 回头看), null when the
    text writes no round number (the ref then spans its inspecting group). ``main`` marks the round
    the notice is about (the title's, else the first named); its stage comes from the title, the
    others are mentions. The stated figures repeat the values of ``figures`` for queries. ``where`` is
    ``title`` when the phrase is in the notice's title and not in its stored text (an HTML page's
    title is a field, not text): ``start``/``end`` then index ``notices.title``. The group, period and
    feedback spans are always in the text (null when written in the title only).
    """

    ref_id: int
    text: str
    start: int
    end: int
    rule_id: str
    key: str | None
    body: str | None
    body_rule_id: str | None
    term: str | None
    round: int | None
    lookback: bool
    stage: str  # entry, feedback, progress, final, lookback, mention
    stage_rule_id: str | None
    main: bool
    group: str | None = None
    group_start: int | None = None
    group_end: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_char_start: int | None = None
    period_char_end: int | None = None
    feedback_date: date | None = None
    feedback_char_start: int | None = None
    feedback_char_end: int | None = None
    stated_aspects: int | None = None
    stated_problems: int | None = None
    stated_measures: int | None = None
    rectified: int | None = None
    completion_rate: float | None = None
    units: tuple[RoundUnit, ...] = ()
    figures: tuple[RoundFigure, ...] = ()
    where: str = "text"
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class UnitMention:
    """One occurrence of a unit's name (rules/units.yaml) and the key that says which unit it is.

    ``name_key`` is the key the name has by itself; ``unit_key`` the key after the notice's own
    aliases (局党组 defined as 中共东莞市自然资源局党组 → that name's key). ``local`` keys (a bare
    type name such as 局党组) name a unit only inside this notice. ``role`` says how the name was
    found: a clause (inspected, feedback, entered, objects, title, involved), an alias, a name
    pattern, the signature, or a later mention.
    """

    name: str
    name_key: str
    unit_key: str
    start: int
    end: int
    rule_id: str
    role: str
    local: bool = False
    key_rules: tuple[str, ...] = ()
    lookback: bool = False
    where: str = "text"  # "title": the span indexes the notice's title (see RoundRef)
    node_id: int | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """One word: ``text == notice.text[start:end]``; ``entity_kind`` is set for entity tokens."""

    text: str
    start: int
    end: int
    pos: str | None = None
    entity_kind: str | None = None
    node_id: int | None = None


class TokenTable(Sequence[Token]):
    """A notice's tokens as columns, one tuple per ``Token`` field; a ``Token`` is made when read.

    A notice has thousands of tokens and the tables want columns: the segmenter fills
    these and the rows read them as they are. It is equal to (and hashes as) the tuple
    of its tokens.

    >>> table = TokenTable(("巡察组", "进驻"), (0, 3), (3, 5), ("n", "v"), (None, None), (None, None))
    >>> table[1], table == (Token("巡察组", 0, 3, "n"), Token("进驻", 3, 5, "v"))
    (Token(text='进驻', start=3, end=5, pos='v', entity_kind=None, node_id=None), True)
    """

    __slots__ = ("end", "entity_kind", "node_id", "pos", "start", "text")

    def __init__(self, text: Sequence[str], start: Sequence[int], end: Sequence[int], pos: Sequence[str | None],
                 entity_kind: Sequence[str | None], node_id: Sequence[int | None]) -> None:
        self.text, self.start, self.end = tuple(text), tuple(start), tuple(end)
        self.pos, self.entity_kind, self.node_id = tuple(pos), tuple(entity_kind), tuple(node_id)
        if not len(self.text) == len(self.start) == len(self.end) == len(self.pos) == len(self.entity_kind) \
                == len(self.node_id):
            raise ValueError("token columns of different lengths")

    def columns(self) -> dict[str, tuple[Any, ...]]:
        """Each ``Token`` field's column."""
        return {"text": self.text, "start": self.start, "end": self.end, "pos": self.pos,
                "entity_kind": self.entity_kind, "node_id": self.node_id}

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Token, ...]: ...
    def __getitem__(self, index: int | slice) -> Token | tuple[Token, ...]:
        if isinstance(index, slice):
            return tuple(map(Token, *(column[index] for column in self.columns().values())))
        return Token(self.text[index], self.start[index], self.end[index], self.pos[index], self.entity_kind[index],
                     self.node_id[index])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.text, self.start, self.end, self.pos, self.entity_kind, self.node_id)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenTable):
            return self.columns() == other.columns()
        return tuple(self) == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"TokenTable({tuple(self)!r})"

    def __reduce__(self) -> tuple[type[TokenTable], tuple[tuple[Any, ...], ...]]:
        return TokenTable, tuple(self.columns().values())


@dataclass(frozen=True, slots=True)
class FindingTerm:
    """A content word of one finding (``node_id``) and how often the finding uses it."""

    node_id: int
    term: str
    count: int


@dataclass(frozen=True, slots=True)
class FindingTopic:
    """A topic of one finding from ``rules/topics.yaml`` and the keywords that matched."""

    node_id: int
    topic: str
    topic_id: str
    keywords: tuple[str, ...]
    hits: int


@dataclass(frozen=True, slots=True)
class ChromeLine:
    """A line removed as site chrome, kept so the page can be rebuilt."""

    line_no: int
    text: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class HeaderValue:
    """One header field's value and the source it was read from (``sites.SOURCES``: meta, selector …)."""

    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Header:
    """A notice's header fields, from its page and its text, each with where it was found.

    One attribute per field the page's meta tags, 信息公开 table (``rules/info_table.yaml``:
    a rule ``info_table.<field>`` fills ``<field>``), profile selectors, visible header line or
    chrome lines (``rules/chrome.yaml``: named groups) can fill; None where none did.
    ``sites.pick_header`` chooses among the sources.

    >>> header = Header(title=HeaderValue("关于整改的通报", "meta"))
    >>> header.get("title"), header.get("publish_date"), header.values()
    ('关于整改的通报', None, {'title': '关于整改的通报'})
    """

    title: HeaderValue | None = None
    publish_date: HeaderValue | None = None  # ISO from the page; as written from a chrome line
    source_label: HeaderValue | None = None
    site_name: HeaderValue | None = None
    column_name: HeaderValue | None = None
    issuer: HeaderValue | None = None
    index_no: HeaderValue | None = None
    topic_class: HeaderValue | None = None
    doc_kind: HeaderValue | None = None
    written_date: HeaderValue | None = None
    doc_number: HeaderValue | None = None
    effective_date: HeaderValue | None = None
    valid_status: HeaderValue | None = None

    def get(self, name: str) -> str | None:
        """The value of field ``name``, or None."""
        found: HeaderValue | None = getattr(self, name)
        return found.value if found is not None else None

    def values(self) -> dict[str, str]:
        """Every field that has a value, as ``{name: value}``."""
        return {f.name: found.value for f in fields(self) if (found := getattr(self, f.name)) is not None}

    def mapped(self, change: Callable[[str], str]) -> Header:
        """The header with ``change`` applied to every value; each keeps its source.

        >>> Header(title=HeaderValue("關於整改", "meta")).mapped(str.upper).title.source
        'meta'
        """
        return Header(**{f.name: HeaderValue(change(found.value), found.source)
                         for f in fields(self) if (found := getattr(self, f.name)) is not None})


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A problem met while parsing one input (codes in ``errors.py``)."""

    stage: str
    code: Code
    message: str


@dataclass(frozen=True, slots=True)
class NoticeMeta:
    """Metadata of a notice: header, signature and inspection facts."""

    title: str | None = None
    publish_date: date | None = None
    source_label: str | None = None
    issuer: str | None = None
    signed_date: date | None = None
    inspection_body: str | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    feedback_date: date | None = None
    problem_areas: int | None = None
    problems: int | None = None
    measures_planned: int | None = None
    # completion figures the notice states itself: 已完成整改19个 (rectified), 整改完成率86.36%
    rectified: int | None = None
    completion_rate: float | None = None
    # canonical forms (an alias of the text or rules/aliases.yaml): 新区党工委 → 中共东莞滨海湾新区工作委员会
    issuer_canonical: str | None = None
    inspection_body_canonical: str | None = None
    inspected_unit: str | None = None
    inspected_unit_canonical: str | None = None
    kind: str | None = None  # rules/kinds.yaml: 巡视整改, 巡察整改, 典型问题通报, 审计整改, 政策文件, 函复, 其他
    kind_rule_id: str | None = None  # <body rule>>over:<title rule> when the body overruled the title
    # rules/form.yaml: notice, news, repost or commentary, and the rule that said so (null: no cue)
    form: str | None = None
    form_rule_id: str | None = None
    # the number of cases a discipline notice says it reports (通报5起, 十起; rules/case.yaml case.count_*)
    stated_cases: int | None = None
    # the text as found (parse/view.py, rules/normalise.yaml): simplified, traditional or mixed, by
    # the characters only one script uses; the ids of the folds the normalised view made
    script: str | None = None
    normalised: tuple[str, ...] = ()
    # the 政府信息公开 metadata table (rules/info_table.yaml); issuer is its 发文机关 when it has one
    index_no: str | None = None
    topic_class: str | None = None
    doc_kind: str | None = None
    written_date: date | None = None
    doc_number: str | None = None
    effective_date: date | None = None
    valid_status: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """One parsed notice: stored text, metadata, outline, entities and words.

    The record tuples are the per-notice tables of ``noticeparse.fields.FIELDS``.
    """

    notice_id: str
    source: str | None
    text: str
    sha256: str
    encoding: str | None
    meta: NoticeMeta
    outline: tuple[OutlineNode, ...] = ()
    doc_numbers: tuple[DocNumber, ...] = ()
    titles: tuple[Title, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    contacts: tuple[Contact, ...] = ()
    cases: tuple[Case, ...] = ()
    measures: tuple[Measure, ...] = ()
    aliases: tuple[Alias, ...] = ()
    round_refs: tuple[RoundRef, ...] = ()
    unit_mentions: tuple[UnitMention, ...] = ()
    tokens: Sequence[Token] = ()  # a TokenTable from the segmenter
    terms: tuple[FindingTerm, ...] = ()
    topics: tuple[FindingTopic, ...] = ()
    chrome: tuple[ChromeLine, ...] = ()
    issues: tuple[ParseIssue, ...] = field(default=())
    offset_runs: tuple[tuple[int, int, int], ...] = ()  # see noticeparse.parse.offsets
    # provenance from the raw store's sidecar: the URL asked for, the one answered, when
    url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None
    content_sha256: str = ""  # of the stored text: the same notice saved twice has the same one
    duplicate_of: str | None = None  # notice_id of an earlier input with the same content_sha256

    @property
    def findings(self) -> tuple[OutlineNode, ...]:
        """The outline items that are findings (关于“X”的问题)."""
        return tuple(node for node in self.outline if node.is_finding)

    def measures_of(self, finding: OutlineNode) -> tuple[OutlineNode, ...]:
        """The 一是/二是 items directly under a finding."""
        return tuple(n for n in self.outline if n.parent_id == finding.node_id and n.level == 5)
