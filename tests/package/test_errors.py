"""The error catalogue (``errors.py``): codes are attributes, each named by its own value."""

from __future__ import annotations

import pytest

from noticeparse.errors import CODES, Code, NoticeError


def test_every_code_is_named_by_its_value_and_described():
    for code in Code:
        assert code.name == code.value == str(code)
        assert code[0] in "EW" and code[1:].isdigit() and len(code) == 4
        assert code.description.strip()
    assert {c.value: c.description for c in Code} == CODES


def test_a_code_is_the_string_stored_in_the_errors_table():
    assert Code.E104 == "E104" and f"{Code.W202}" == "W202"
    assert NoticeError(Code.E103, "empty input").code is Code.E103


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown error code"):
        NoticeError("E999", "no such code")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        Code.E999  # noqa: B018 -- the attribute itself is the check (mypy flags it too)
