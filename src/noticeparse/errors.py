"""The error catalogue: one stable code per way an input can fail.

Codes are attributes (``Code.E104``), in the manner of spaCy's ``errors.py``: a mistyped
code fails when the module loads and under mypy, never as a row with a code nobody
knows. A ``Code`` is a ``str``, so the ``errors`` table stores ``"E104"`` as it always
did. Codes appear in the ``errors`` table and in ``Notice.issues``; a failing input
never stops a batch.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = ["CODES", "Code", "NoticeError"]


class Code(StrEnum):
    """One error (E) or warning (W) code, with what it means as ``description``.

    >>> Code.E104, Code.E104.description, Code("W202") is Code.W202
    ('E104', 'input too large', True)
    """

    description: str

    def __new__(cls, code: str, description: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.description = description
        return member

    def __repr__(self) -> str:  # shown as the string it is stored as: ParseIssue(code='E103', …)
        return repr(self.value)

    @classmethod
    def of(cls, code: str) -> Code:
        """The code written ``code`` (a name is its value), for codes read back from text.

        >>> Code.of("E201") is Code.E201
        True
        """
        try:
            return cls[code]
        except KeyError:
            raise ValueError(f"unknown error code {code!r}") from None

    E100 = "E100", "input could not be read"
    E101 = "E101", "undecodable bytes"
    E102 = "E102", "binary data, not a notice"
    E103 = "E103", "empty input"
    E104 = "E104", "input too large"
    E105 = "E105", "unsupported file type"
    E106 = "E106", "document has no text layer (a scanned PDF; OCR needed)"
    E107 = "E107", "document unreadable or of an unsupported type"
    E200 = "E200", "extractor failed"
    E201 = "E201", "notice over its time budget (--notice-timeout): parsing stopped, the worker went on"
    E300 = "E300", "no notice body after chrome stripping"
    W104 = "W104", "attachment too large (decompressed size or page count): the notice is parsed without it"
    W105 = "W105", ("a file in an input folder that is not of a notice type (.txt/.html/.pdf/.docx/.ofd): "
                    "skipped")
    W106 = "W106", "attachment has no text layer (a scanned PDF; OCR needed): the notice is parsed without it"
    W107 = "W107", "attachment unreadable or of an unsupported type: the notice is parsed without it"
    W202 = "W202", "mojibake (U+FFFD replacement characters) in the text"
    W203 = "W203", "bytes that no charset reads were replaced with U+FFFD; the rest of the text is kept"
    W204 = "W204", ("the declared charset (HTTP header, sidecar or meta tag) does not read the bytes: "
                    "another one was used")
    W301 = "W301", "the number of cases the notice states (通报5起) differs from the cases found"


# every code with its description (the README's table and ``noticeparse`` help read this)
CODES: dict[str, str] = {code.value: code.description for code in Code}


class NoticeError(Exception):
    """An input that cannot become a notice, with its ``Code``."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = Code.of(code)  # a plain "E104" from an untyped caller is looked up (ValueError if unknown)
        self.message = message
