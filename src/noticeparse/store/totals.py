"""Totals that can be published: the one rule for summing amounts, in Python and in SQL.

A quantity counts towards a total when

1. it is money in yuan (``unit = '元'``; and ``currency`` CNY where the column exists: 港元, 美元 …
   are left out, never converted) or land
   (``category = 'area'``, summed in 亩);
2. it is not a part of another amount (``part_of IS NULL``): the whole is counted;
3. it is not a threshold (``role = 'threshold'``: 3000万元以上的项目 is a rule, not money);
4. it is not an aggregate statistic (``scope = 'aggregate'``: a regional or national figure quoted
   in a commentary), where the ``scope`` column exists;

and a total is always the sum of **one role** (recovered, involved, fined …): a null role is
its own group, labelled ``role unknown``, never added to the others. The report's charts,
``examples/money_by_year.py``, ``noticeparse.read(OUT).amounts()`` and the ``amounts`` view of
``noticeparse query`` all use the rule of this module; the README documents it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

__all__ = [
    "MU_PER_M2",
    "ROLE_UNKNOWN",
    "amount_of",
    "amounts_sql",
    "format_mu",
    "format_yuan",
    "left_out",
    "plain_number",
    "role_label",
    "summable",
    "summable_sql",
]

ROLE_UNKNOWN = "role unknown"
MU_PER_M2 = 1 / 666.6667  # 1 亩 = 666.67 m²: land in 亩 whatever unit it was written in
_LEFT_OUT_ROLES = ("threshold",)
_LEFT_OUT_SCOPES = ("aggregate",)
_CURRENCY = "CNY"


def summable(row: Mapping[str, Any]) -> bool:
    """Whether a quantity row may be added to a total of its role (points 2-4 above).

    >>> summable({"role": "recovered", "part_of": None}), summable({"role": "threshold", "part_of": None})
    (True, False)
    >>> summable({"role": "involved", "part_of": 120}), summable({"role": None, "scope": "aggregate"})
    (False, False)
    """
    return (row.get("part_of") is None and row.get("role") not in _LEFT_OUT_ROLES
            and row.get("scope") not in _LEFT_OUT_SCOPES)


def left_out(row: Mapping[str, Any]) -> str | None:
    """Why a money or land quantity is kept out of the totals: ``currency`` (not renminbi), ``part``,
    ``threshold``, ``aggregate``; else None.

    >>> left_out({"category": "money", "unit": "元", "part_of": 12}), left_out({"category": "count", "part_of": 1})
    ('part', None)
    >>> left_out({"category": "money", "unit": "港元", "currency": "HKD"})
    'currency'
    """
    if row.get("category") == "money" and row.get("currency") not in (None, _CURRENCY):
        return "currency"
    if not (row.get("category") == "area" or (row.get("category") == "money" and row.get("unit") == "元")):
        return None
    if row.get("part_of") is not None:
        return "part"
    if row.get("role") in _LEFT_OUT_ROLES:
        return "threshold"
    return "aggregate" if row.get("scope") in _LEFT_OUT_SCOPES else None


def amount_of(row: Mapping[str, Any]) -> tuple[str, float] | None:
    """``("money", yuan)`` or ``("land", 亩)`` of a summable quantity row; None for any other.

    >>> amount_of({"category": "money", "unit": "元", "value": 1.5e5, "role": "recovered"})
    ('money', 150000.0)
    >>> amount_of({"category": "area", "unit": "平方米", "value": 666.6667, "role": "completed"})
    ('land', 1.0)
    >>> amount_of({"category": "money", "unit": "元", "value": 9.0, "role": "threshold"}) is None
    True
    """
    if not summable(row) or row.get("value") is None:
        return None
    value = float(row["value"])
    if row.get("category") == "money" and row.get("unit") == "元" and (row.get("currency") or _CURRENCY) == _CURRENCY:
        return "money", value
    if row.get("category") == "area":
        return "land", value if row.get("unit") == "亩" else value * MU_PER_M2
    return None


def role_label(role: Any) -> str:
    """A role as a total's label: the null role is ``role unknown``.

    >>> role_label(None), role_label("recovered")
    ('role unknown', 'recovered')
    """
    return str(role) if role else ROLE_UNKNOWN


def summable_sql(columns: Collection[str], alias: str = "") -> str:
    """The rule as a SQL condition over the quantities columns that exist (``scope``, ``currency``).

    >>> summable_sql(["part_of", "role"])
    "part_of IS NULL AND role IS DISTINCT FROM 'threshold'"
    >>> summable_sql(["part_of", "role", "scope"], "q")
    "q.part_of IS NULL AND q.role IS DISTINCT FROM 'threshold' AND q.scope IS DISTINCT FROM 'aggregate'"
    """
    at = f"{alias}." if alias else ""
    parts = [f"{at}part_of IS NULL", *(f"{at}role IS DISTINCT FROM '{r}'" for r in _LEFT_OUT_ROLES)]
    if "scope" in columns:
        parts += [f"{at}scope IS DISTINCT FROM '{s}'" for s in _LEFT_OUT_SCOPES]
    return " AND ".join(parts)


def amounts_sql(relation: str, columns: Collection[str]) -> str:
    """SQL of the ``amounts`` view: the summable money (元) and land (亩) quantities of ``relation``.

    Columns: every quantities column, ``role`` with null as ``role unknown``, and ``measure``
    (``money`` or ``land``) with ``amount`` (yuan or 亩: land written in 平方米 or 公顷 converted).
    """
    currency = f" AND coalesce(currency, '{_CURRENCY}') = '{_CURRENCY}'" if "currency" in columns else ""
    return (
        f"SELECT * REPLACE (coalesce(role, '{ROLE_UNKNOWN}') AS role), "
        "CASE WHEN category = 'money' THEN 'money' ELSE 'land' END AS measure, "
        f"CASE WHEN category = 'area' AND unit <> '亩' THEN value * {MU_PER_M2!r} ELSE value END AS amount "
        f"FROM {relation} WHERE value IS NOT NULL AND {summable_sql(columns)} "
        f"AND ((category = 'money' AND unit = '元'{currency}) OR category = 'area')"
    )


def format_yuan(yuan: float) -> str:
    """A sum of yuan as it is published: 万元 below 1 亿, 亿元 from there, never ``e+09``.

    >>> format_yuan(120_770_000.0), format_yuan(2_020_000_000.0), format_yuan(35_000.0), format_yuan(0.0)
    ('1.21亿元', '20.2亿元', '3.5万元', '0万元')
    >>> format_yuan(1.8e13)
    '180,000亿元'
    """
    if abs(yuan) >= 1e8:
        return f"{_short(yuan / 1e8)}亿元"
    return f"{_short(yuan / 1e4)}万元"


def format_mu(mu: float) -> str:
    """A sum of land as it is published: 亩, 万亩 from ten thousand, 亿亩 from one hundred million.

    >>> format_mu(356.0), format_mu(1.8e9), format_mu(25_000.0)
    ('356亩', '18亿亩', '2.5万亩')
    """
    if abs(mu) >= 1e8:
        return f"{_short(mu / 1e8)}亿亩"
    if abs(mu) >= 1e4:
        return f"{_short(mu / 1e4)}万亩"
    return f"{_short(mu)}亩"


def plain_number(value: float) -> str:
    """A number as a table or tooltip shows it: up to ten significant digits, never an exponent.

    >>> plain_number(3.73e9), plain_number(1.8e10), plain_number(0.5), plain_number(1234567.891), plain_number(2.5e16)
    ('3730000000', '18000000000', '0.5', '1234567.891', '25000000000000000')
    """
    text = f"{value:.10g}"
    if "e" in text:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text


def _short(number: float) -> str:
    """Three significant figures at most, grouped thousands, no exponent.

    >>> _short(12077.0), _short(1.234), _short(0.00012), _short(180000.0)
    ('12,077', '1.23', '0.00012', '180,000')
    """
    if number == 0:
        return "0"
    if abs(number) >= 100:
        return f"{number:,.0f}"
    digits = max(0, 2 - int(f"{abs(number):e}".split("e")[1]))
    return f"{number:,.{digits}f}".rstrip("0").rstrip(".")
