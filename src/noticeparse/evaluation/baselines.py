"""Other extractors scored by the same code as ours (``make eval``), when installed.

JioNLP (``pip install jionlp``; the ``compare`` extra) provides extract_time and
extract_money; their spans are scored as dates (D), quantities (Q) and money (M, the
quantities written with 元, which is all extract_money looks for).
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

Span = tuple[int, int, str]


def _jionlp() -> Callable[[str, date | None], dict[str, list[Span]]] | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # JioNLP prints a banner on import
            from jionlp.algorithm.ner import extract_money, extract_time
    except Exception:  # noqa: BLE001 - not installed, or broken by its own dependencies: no comparison
        return None

    def spans(body: str, reference: date | None) -> dict[str, list[Span]]:
        base = {"year": reference.year, "month": reference.month, "day": reference.day} if reference else None
        out: dict[str, list[Span]] = {"D": [], "Q": []}
        for kind, found in (("D", _safe(extract_time, body, base)), ("Q", _safe(extract_money, body))):
            out[kind] = [(e["offset"][0], e["offset"][1], e["text"]) for e in found]
        out["M"] = out["Q"]  # extract_money finds money only: scored on the money subset too
        return out

    return spans


def _safe(func: Callable[..., list[dict[str, Any]]], text: str,
          base: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    logging.disable(logging.ERROR)  # JioNLP logs a traceback for every string it cannot parse
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return func(text, time_base=base) if base is not None else func(text)
    except Exception:  # noqa: BLE001 - JioNLP raises on some inputs; count that as finding nothing
        return []
    finally:
        logging.disable(logging.NOTSET)


# JioNLP's money ``case`` → ISO 4217
_CURRENCIES = {"元": "CNY", "人民币": "CNY", "港元": "HKD", "港币": "HKD", "美元": "USD", "欧元": "EUR", "日元": "JPY",
               "英镑": "GBP", "澳元": "AUD", "加元": "CAD", "韩元": "KRW", "卢布": "RUB", "新台币": "TWD",
               "澳门元": "MOP", "新加坡元": "SGD", "瑞士法郎": "CHF", "泰铢": "THB", "越南盾": "VND"}


def _jionlp_forms() -> Callable[[Any], list[dict[str, Any]]] | None:
    """JioNLP on one forms item: its time points and spans as dates, its money as money."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            from jionlp.algorithm.ner import extract_money, extract_time
    except Exception:  # noqa: BLE001 - not installed or broken: no comparison
        return None

    def mentions(item: Any) -> list[dict[str, Any]]:
        base = {"year": item.ref.year, "month": item.ref.month, "day": item.ref.day}
        out = []
        for found in _safe(extract_time, item.text, base):
            time = found.get("detail", {}).get("time")
            if found.get("type") in ("time_point", "time_span") and isinstance(time, list) and len(time) == 2:
                out.append({"kind": "date", "start": found["offset"][0], "end": found["offset"][1],
                            "date_start": _day(time[0]), "date_end": _day(time[1])})
        for found in _safe(lambda text: extract_money(text, with_parsing=True), item.text):
            out.append(_money(found))
        return out

    return mentions


def _day(stamp: str) -> str | None:
    return stamp[:10] if stamp and stamp[0].isdigit() else None


def _money(found: dict[str, Any]) -> dict[str, Any]:
    detail = found.get("detail", {})
    num = detail.get("num")
    low, high = (num[0], num[-1]) if isinstance(num, list) else (num, None)
    bound = "range" if high is not None else ("approx" if detail.get("definition") == "blur" else "exact")
    return {"kind": "money", "start": found["offset"][0], "end": found["offset"][1],
            "value": float(low) if low else None, "value_max": float(high) if high else None, "unit": "元",
            "currency": _CURRENCIES.get(str(detail.get("case")), detail.get("case")), "bound": bound}


def forms_systems() -> dict[str, tuple[Callable[[Any], list[dict[str, Any]]], tuple[str, ...]]]:
    """The comparison systems of the forms set that can run here, with the kinds they find."""
    jionlp = _jionlp_forms()
    return {"jionlp": (jionlp, ("date", "money"))} if jionlp else {}


def comparison_systems() -> dict[str, Callable[[str, date | None], dict[str, list[Span]]]]:
    """The comparison extractors that can run here, by name."""
    jionlp = _jionlp()
    return {"jionlp": jionlp} if jionlp else {}
