"""The batch fault tests' helpers (``batch_inputs``) importable by name, as ``crawl_sites`` is for the crawl tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
