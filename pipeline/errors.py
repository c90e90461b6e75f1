"""errors: the few named exceptions a stage may raise for one bad input file.

The batch runner catches ``ZhenggaiError`` per file, records it in the
``errors`` table with its message and goes on with the rest.
"""
from __future__ import annotations


class ZhenggaiError(Exception):
    """Base class: one input could not be processed; the message says why."""


class IngestError(ZhenggaiError):
    """The file could not be read or decoded into text."""


class EmptyInput(IngestError):
    """The file holds no text (empty, whitespace only, or nothing left after cleaning)."""


class TooLarge(IngestError):
    """The file is larger than the configured size limit."""


class UnsupportedFormat(IngestError):
    """The file's extension or content is not a format zhenggai reads."""


class DecodeError(IngestError):
    """The bytes are not text in any encoding zhenggai can detect (binary file?)."""
