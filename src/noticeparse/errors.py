"""The error catalogue: one stable code per way an input can fail.

Codes appear in the ``errors`` table and in ``Notice.issues``; a failing input
never stops a batch.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "E100": "input could not be read",
    "E101": "undecodable bytes",
    "E102": "binary data, not a notice",
    "E103": "empty input",
    "E104": "input too large",
    "E105": "unsupported file type",
    "E106": "document has no text layer (a scanned PDF; OCR needed)",
    "E107": "document unreadable or of an unsupported type",
    "E200": "extractor failed",
    "E201": "notice over its time budget (--notice-timeout): parsing stopped, the worker went on",
    "E300": "no notice body after chrome stripping",
    "W104": "attachment too large (decompressed size or page count): the notice is parsed without it",
    "W105": "a file in an input folder that is not of a notice type (.txt/.html/.pdf/.docx/.ofd): skipped",
    "W106": "attachment has no text layer (a scanned PDF; OCR needed): the notice is parsed without it",
    "W107": "attachment unreadable or of an unsupported type: the notice is parsed without it",
    "W202": "mojibake (U+FFFD replacement characters) in the text",
    "W203": "bytes that no charset reads were replaced with U+FFFD; the rest of the text is kept",
    "W204": "the declared charset (HTTP header, sidecar or meta tag) does not read the bytes: another one was used",
    "W301": "the number of cases the notice states (通报5起) differs from the cases found",
}


class NoticeError(Exception):
    """An input that cannot become a notice; ``code`` is from ``CODES``."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code}")
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
