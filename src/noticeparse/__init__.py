"""noticeparse: Chinese government and party notices to structured Parquet."""

from noticeparse.records import Notice

__version__ = "0.1.0"
PARSER_VERSION = __version__

__all__ = ["PARSER_VERSION", "Notice", "__version__", "parse_bytes", "parse_text"]


def __getattr__(name: str):  # lazy: keep `import noticeparse` cheap for the CLI
    if name in {"parse_text", "parse_bytes"}:
        from noticeparse.parse import notice as pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
