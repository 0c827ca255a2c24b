"""The package's version, in a leaf module (as spaCy's ``about.py``).

Any stage reads it from here, so no module imports the package face ``noticeparse``
(which re-exports from the stages) to learn the version.
"""

__all__ = ["PARSER_VERSION", "__version__"]

__version__ = "0.1.0"
# the version of the parser that produced a row: ``batch`` parses an input again when it changes
PARSER_VERSION = __version__
