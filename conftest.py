"""Collection settings for the doctests under src/ (pytest's testpaths include it)."""

import importlib.util

# spacy_component imports spaCy at module level (the factory must register on import);
# without the optional spaCy extra there is nothing of it to test.
collect_ignore = [] if importlib.util.find_spec("spacy") else ["src/noticeparse/spacy_component.py"]
