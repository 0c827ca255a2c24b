"""``python -m noticeparse.cli``: the same command as ``noticeparse``."""

from noticeparse.cli.main import main

main()
