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


def comparison_systems() -> dict[str, Callable[[str, date | None], dict[str, list[Span]]]]:
    """The comparison extractors that can run here, by name."""
    jionlp = _jionlp()
    return {"jionlp": jionlp} if jionlp else {}
