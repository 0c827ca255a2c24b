"""noticeparse: Chinese government and party notices to structured Parquet."""

from typing import Any

from noticeparse.about import PARSER_VERSION, __version__
from noticeparse.records import Notice

__all__ = ["PARSER_VERSION", "Notice", "ParseOptions", "__version__", "parse_bytes", "parse_text", "read"]


def __getattr__(name: str) -> Any:  # lazy: keep `import noticeparse` cheap for the CLI
    if name in {"parse_text", "parse_bytes", "ParseOptions"}:
        from noticeparse import parse

        return getattr(parse, name)
    if name == "read":  # an output folder as pandas DataFrames (store.frames)
        from noticeparse import store

        return store.read
    raise AttributeError(name)
