"""The ``noticeparse`` command: one module per command group, thin wrappers over the library."""

from noticeparse.cli.main import main

__all__ = ["main"]
